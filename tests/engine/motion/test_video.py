import numpy as np
import pytest

from llamo_engine.motion.video import VideoError, VideoReader
from tests.engine.motion.videos import numbered_frames, set_rotation, write_video


@pytest.fixture()
def clip(tmp_path):
    return write_video(tmp_path / "numbers.mp4", numbered_frames(60))


def test_random_access_matches_sequential_decode(clip):
    with VideoReader(clip) as reader:
        sequential = [frame.copy() for _, frame in reader.frames()]
    assert len(sequential) == 60
    with VideoReader(clip, cache_frames=4) as reader:
        order = list(np.random.default_rng(0).permutation(60)) + [59, 0, 30, 29, 31]
        for i in order:
            assert np.array_equal(reader.read(i), sequential[i]), f"frame {i} differs from sequential decode"


def test_frame_count_and_timestamps(clip):
    with VideoReader(clip) as reader:
        assert reader.num_frames == 60
        assert reader.fps == pytest.approx(30.0)
        assert np.allclose(np.diff(reader.timestamps), 1 / 30, atol=1e-3)
        with pytest.raises(IndexError):
            reader.read(60)


def test_rotation_metadata_is_honoured(tmp_path):
    frames = numbered_frames(5, width=96, height=64)
    path = write_video(tmp_path / "phone.mp4", frames)
    set_rotation(path, 90)
    with VideoReader(path) as reader:
        assert reader.rotation_deg == 90
        assert (reader.width, reader.height) == (64, 96)
        frame = reader.read(0)
    assert frame.shape == (96, 64, 3)
    # The red block at the top-left of the stored frame is at the top-right once turned upright.
    assert frame[:5, -5:, 0].mean() > 200 and frame[:5, :5, 0].mean() < 50


@pytest.mark.parametrize("content,expect", [
    (None, "file not found"),
    (b"this is not a video", "not a readable video"),
    (b"", r"the file is empty \(0 bytes\)"),
])
def test_unreadable_files_raise_clear_errors(tmp_path, content, expect):
    path = tmp_path / "clip.mp4"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(VideoError, match=expect):
        VideoReader(path)


def test_folder_is_rejected(tmp_path):
    with pytest.raises(VideoError, match="is a folder"):
        VideoReader(tmp_path)
