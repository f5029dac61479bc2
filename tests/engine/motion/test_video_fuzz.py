"""Bad video, tried systematically: every generated file gets a one-line VideoError naming the problem and the fix,
or a correct read (frames, count, timestamps, rotation); never a traceback, a hang or a half-written output."""

import json
import pathlib
import subprocess
import sys

import numpy as np
import pytest

from main import main
from llamo_engine.motion.estimator import EstimationError, estimate_motion
from llamo_engine.motion.video import VideoError, VideoReader
from tests.conftest import ROOT, SAMPLE_PERSON_CLIP
from tests.engine.motion.av_videos import (ENCODERS, android_capture_fps, encode, encode_audio, frame_image,
                                           replace_fourcc)

pytestmark = pytest.mark.timeout(120)
CUTS = (0.0005, 0.002, 0.01, 0.05, 0.15, 0.3, 0.5, 0.7, 0.9, 0.999)  # share of the file's bytes kept


def one_line_error(path) -> str:
    with pytest.raises(VideoError) as info:
        VideoReader(path)
    message = str(info.value)
    assert "\n" not in message and str(path) in message and ";" in message, message  # problem; fix
    return message


def read_all(path):
    with VideoReader(path) as reader:
        frames = [f.copy() for _, f in reader.frames()]
        assert len(frames) == reader.num_frames
        return frames, reader.timestamps, reader.warning


@pytest.fixture(scope="module")
def intact(tmp_path_factory):
    """A 60-frame H.264 MP4 with its index first (as phones and the web write finished files), and its frames."""
    path = encode(tmp_path_factory.mktemp("intact") / "clip.mp4", n=60, width=160, height=96, noise=True,
                  faststart=True)
    frames, _, warning = read_all(path)
    assert len(frames) == 60 and warning is None
    return path, frames


@pytest.mark.parametrize("keep", CUTS)
def test_truncated_file_says_where_it_ends_and_keeps_what_was_read(intact, tmp_path, keep):
    source, whole = intact
    data = source.read_bytes()
    path = tmp_path / "cut.mp4"
    path.write_bytes(data[:max(1, int(len(data) * keep))])
    try:
        frames, stamps, warning = read_all(path)
    except VideoError as error:
        message = str(error)
        assert "\n" not in message and "damaged or still being copied" in message, message
        assert keep <= 0.01, f"only a cut inside the header or the first frame may keep nothing: {message}"
        return
    n = len(frames)
    assert 0 < n < 60 and warning == f"cut.mp4: the file ends at frame {n} of 60: damaged or still being copied; " \
                                      f"analysed the {n} frames it holds"
    for i in range(n):  # what was read is what the whole file holds
        assert np.array_equal(frames[i], whole[i]), f"frame {i} differs from the intact file's"
    np.testing.assert_allclose(stamps, np.arange(n) / 30.0, atol=1e-6)


@pytest.mark.parametrize("keep", (0.1, 0.5, 0.99))
def test_mp4_cut_before_its_index_is_named(tmp_path, keep):
    source = encode(tmp_path / "recording.mp4", n=30, noise=True)  # index written last, as while recording
    path = tmp_path / "cut.mp4"
    path.write_bytes(source.read_bytes()[:int(source.stat().st_size * keep)])
    assert "the file ends before its index" in one_line_error(path)


@pytest.mark.parametrize("keep", (0.3, 0.8))
def test_truncated_webm_is_reported_although_ffmpeg_ends_it_quietly(tmp_path, keep):
    source = encode(tmp_path / "clip.webm", "vp9", n=30, noise=True)
    path = tmp_path / "cut.webm"
    path.write_bytes(source.read_bytes()[:int(source.stat().st_size * keep)])
    frames, _, warning = read_all(path)
    assert 0 < len(frames) < 30
    assert warning.startswith(f"cut.webm: the file ends at frame {len(frames)} of 30: damaged or still being copied")


@pytest.mark.parametrize("name,content,expect", [
    ("random.mp4", np.random.default_rng(0).integers(0, 256, 50_000, dtype=np.uint8).tobytes(),
     "not a readable video: its contents match no video format"),
    ("random.mov", np.random.default_rng(1).integers(0, 256, 5_000, dtype=np.uint8).tobytes(),
     "not a readable video"),
    ("text.mkv", b"these are my notes, not a video\n", "not a readable video"),
    ("zero.mp4", b"", "the file is empty (0 bytes)"),
    ("header.mp4", b"\x00\x00\x00\x20ftypisom\x00\x00\x02\x00isomiso2avc1mp41", "the file ends before its index"),
])
def test_bytes_that_are_no_video_get_their_own_message(tmp_path, name, content, expect):
    path = tmp_path / name
    path.write_bytes(content)
    assert expect in one_line_error(path)


def test_header_and_index_without_frames(intact, tmp_path):
    data = intact[0].read_bytes()
    moov_end = data.index(b"moov") - 4 + int.from_bytes(data[data.index(b"moov") - 4:data.index(b"moov")], "big")
    path = tmp_path / "header.mp4"
    path.write_bytes(data[:moov_end + 8])  # ftyp + moov + the mdat box header
    assert "the file ends before its first frame (0 of 60 frames are there)" in one_line_error(path)


@pytest.mark.parametrize("suffix,ext", [(".mp4", ".png"), (".mov", ".jpg")])
def test_an_image_renamed_as_video(tmp_path, suffix, ext):
    import cv2
    path = tmp_path / f"photo{suffix}"
    ok, buf = cv2.imencode(ext, frame_image(0, 64, 48))
    path.write_bytes(buf.tobytes())
    kind = "a PNG image" if ext == ".png" else "a JPEG image"
    assert f"is {kind}, not a video (only its name ends in {suffix})" in one_line_error(path)


def test_audio_only_file(tmp_path):
    assert "holds only sound, no video" in one_line_error(encode_audio(tmp_path / "voice.mp4"))


@pytest.mark.parametrize("fourcc,label", [(b"evc1", "MPEG-5 EVC"), (b"zzzz", "'zzzz'")])
def test_codec_this_build_cannot_decode_is_named_not_called_corrupt(tmp_path, fourcc, label):
    path = replace_fourcc(encode(tmp_path / "clip.mp4"), b"avc1", fourcc)
    message = one_line_error(path)
    assert f"this file is {label}, which this build cannot decode; convert it with `ffmpeg" in message
    assert "corrupt" not in message and "damaged" not in message


@pytest.mark.parametrize("codec", sorted(ENCODERS))
def test_codecs_phones_and_the_web_produce_are_read_correctly(tmp_path, codec):
    """H.264, HEVC, MPEG-4 part 2, VP9, AV1 (PyAV's wheel encodes all five and decodes them: AV1 with dav1d)."""
    _, ext = ENCODERS[codec]
    frames, stamps, warning = read_all(encode(tmp_path / f"clip.{ext}", codec, n=24))
    assert len(frames) == 24 and warning is None
    np.testing.assert_allclose(stamps, np.arange(24) / 30.0, atol=1e-3)
    for i, f in enumerate(frames):
        assert np.abs(f.astype(int) - frame_image(i, 128, 64)).mean() < 8.0, f"{codec} frame {i}"


@pytest.mark.parametrize("rotation,corner", [(90, (-1, 0)), (180, (-1, -1)), (270, (0, -1))])
def test_rotation_metadata_gives_upright_frames(tmp_path, rotation, corner):
    """The red block is top-left as stored; a display matrix turning the picture counter-clockwise by
    `rotation` puts it in `corner` (row, column: 0 first, -1 last)."""
    with VideoReader(encode(tmp_path / "phone.mp4", n=3, rotation=rotation)) as reader:
        assert reader.rotation_deg == (-rotation) % 360
        frame = reader.read(0)
        assert (reader.height, reader.width) == frame.shape[:2] == ((64, 128) if rotation == 180 else (128, 64))
    rows = slice(0, 6) if corner[0] == 0 else slice(-6, None)
    cols = slice(0, 6) if corner[1] == 0 else slice(-6, None)
    assert frame[rows, cols, 0].mean() > 200 and frame[:6, :6, 0].mean() < 100


def test_variable_frame_rate_keeps_each_frames_time(tmp_path):
    pts = [0, 33, 50, 100, 117, 200, 233, 250, 300, 400, 417, 433]
    with VideoReader(encode(tmp_path / "vfr.mp4", n=len(pts), pts_ms=pts)) as reader:
        np.testing.assert_allclose(reader.timestamps, np.array(pts) / 1000.0, atol=1e-6)
        np.testing.assert_allclose(reader.read(9), reader.read(9))  # random access on a VFR clip
        order = [reader.read(i).copy() for i in (11, 3, 7, 0)]
    with VideoReader(tmp_path / "vfr.mp4") as reader:
        sequential = [f.copy() for _, f in reader.frames()]
    for got, i in zip(order, (11, 3, 7, 0)):
        assert np.array_equal(got, sequential[i])


def test_240_fps_clip_and_an_android_capture_rate(tmp_path):
    with VideoReader(encode(tmp_path / "fast.mp4", n=48, fps=240)) as reader:
        assert reader.fps == pytest.approx(240.0) and reader.recorded_fps is None
        np.testing.assert_allclose(np.diff(reader.timestamps), 1 / 240, atol=1e-4)
    with VideoReader(android_capture_fps(tmp_path / "slowmo.mp4", 240.0)) as reader:
        assert reader.fps == pytest.approx(30.0) and reader.recorded_fps == 240.0


@pytest.mark.slow
def test_4k_frames(tmp_path):
    with VideoReader(encode(tmp_path / "uhd.mp4", n=4, width=3840, height=2160)) as reader:
        assert (reader.width, reader.height, reader.num_frames) == (3840, 2160, 4)
        frame = reader.read(3)
        assert frame.shape == (2160, 3840, 3) and frame[:100, :100, 0].mean() > 200
        assert reader._cache_size * frame.nbytes <= 256 * 1024 * 1024  # random-access cache stays bounded


def test_clip_past_the_length_limit_keeps_its_message(tmp_path):
    path = encode(tmp_path / "long.mp4", n=310, width=32, height=32, fps=1)
    with pytest.raises(EstimationError, match="too long to analyse"):
        estimate_motion(path)


@pytest.mark.slow
def test_truncated_real_clip_is_analysed_with_a_warning(tmp_path, capsys):
    """The sample clip (a person walking) cut at 60%: the motion covers the frames read and carries the warning."""
    data = SAMPLE_PERSON_CLIP.read_bytes()
    path = tmp_path / "walk.mp4"
    path.write_bytes(data[:int(len(data) * 0.6)])
    try:
        with VideoReader(path) as reader:
            n = reader.num_frames
    except VideoError as error:  # the sample keeps its index at the end: then nothing can be read
        assert "the file ends before its index" in str(error)
        pytest.skip("the sample clip's index is at its end")
    motion = estimate_motion(path)
    assert motion.num_frames == n and motion.meta["warnings"][0].startswith(f"walk.mp4: the file ends at frame {n}")
    assert motion.meta["recorded_fps"] is None
    assert main(["analyze", str(path), "--out", str(tmp_path / "out"), "--json"]) == 0  # the CLI passes it on
    captured = capsys.readouterr()
    assert f"warning: walk.mp4: the file ends at frame {n}" in captured.err
    assert json.loads(captured.out)["warnings"] == motion.meta["warnings"]


def _analyze(clip: pathlib.Path, out: pathlib.Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "main.py"), "analyze", str(clip), "--out", str(out)],
                          capture_output=True, text=True, timeout=120)


@pytest.mark.slow
def test_main_analyze_gives_one_line_and_writes_nothing(tmp_path, intact):
    data = intact[0].read_bytes()
    cases = {"cut.mp4": data[:600], "random.mp4": bytes(range(256)) * 100, "empty.mov": b""}
    for name, content in cases.items():
        (tmp_path / name).write_bytes(content)
    cases["voice.mp4"] = encode_audio(tmp_path / "voice.mp4").read_bytes()
    for name in cases:
        out = tmp_path / f"out_{name}"
        result = _analyze(tmp_path / name, out)
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
        assert lines[-1].startswith("error: ") and name in lines[-1], lines
        assert not out.exists() or not any(out.iterdir())
