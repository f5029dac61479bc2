"""Annotated MP4 (frame count and fps of the clip), frames CSV round trip, analysis JSON."""

import dataclasses
import json
import threading

import cv2
import numpy as np
import pytest

from llamo_engine.analysis.types import SwingAnalysis
from llamo_engine.motion.video import VideoReader
from llamo_engine.report.data_export import read_frames_csv, write_analysis_json, write_frames_csv
from llamo_engine.report.frames import BLAZEPOSE, SMPL, SkeletonCanvas, VideoFrames
from llamo_engine.report.jobs import ExportCancelled
from llamo_engine.report.video_export import write_annotated_video
from llamo_engine.motion.skeleton import joint_index


def clip_with_landmarks(content, tmp_path, lead_in: int = 5, fps: float = 25.0):
    """A video of the synthetic swing (drawn skeleton frames, `lead_in` blank frames first) and a copy of the
    content whose motion has image landmarks for it, starting at video frame `lead_in`."""
    motion = content.motion
    canvas = SkeletonCanvas(motion, height=240)
    W, H = canvas.width, canvas.height
    path = tmp_path / "clip.mp4"
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"mp4v"), fps, (W, H))
    for _ in range(lead_in):
        writer.write(np.full((H, W, 3), 90, np.uint8))
    T = motion.num_frames
    lm = np.full((T, 33, 4), np.nan, np.float32)
    for t in range(T):
        writer.write(canvas.background(t))
        for name, k in BLAZEPOSE.items():
            x, y = canvas.project(motion.joints[t, joint_index(SMPL[name])])
            lm[t, k] = (x / W, y / H, 0.0, 0.9)
    writer.release()
    moved = dataclasses.replace(motion, landmarks_image=lm, meta=dict(motion.meta, first_frame=lead_in))
    return path, dataclasses.replace(content, motion=moved, video_path=str(path)), lead_in + T


def test_video_export_from_a_clip_keeps_its_frame_count_and_fps(golf_content, tmp_path):
    clip, content, n = clip_with_landmarks(golf_content, tmp_path)
    out = tmp_path / "annotated.mp4"
    seen = []
    assert write_annotated_video(content, out, progress=lambda d, t: seen.append(d)) == n
    with VideoReader(out) as r:
        assert r.num_frames == n and r.fps == pytest.approx(25.0)
        impact = content.analysis.swings[0].events["impact"]
        before, after = r.read(2), r.read(5 + impact)
    assert seen[-1] == n
    # the lead-in frames have no skeleton; the impact frame has the event banner (yellow) and the skeleton
    yellow = lambda img: ((img[..., 0] > 200) & (img[..., 1] > 170) & (img[..., 2] < 120)).sum()  # noqa: E731
    assert yellow(after) > 100 and yellow(before) == 0


def test_video_export_without_video_and_cancel(golf_content, tmp_path):
    out = tmp_path / "skeleton.mp4"
    write_annotated_video(golf_content, out)
    with VideoReader(out) as r:
        assert r.num_frames == golf_content.motion.num_frames and r.fps == pytest.approx(golf_content.motion.fps)
        assert r.read(40).std() > 5
    cancel = threading.Event()
    with pytest.raises(ExportCancelled):
        write_annotated_video(golf_content, tmp_path / "c.mp4", cancel=cancel,
                              progress=lambda d, t: cancel.set() if d > 10 else None)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["skeleton.mp4"]


def test_key_frames_from_a_clip_use_the_video(golf_content, tmp_path):
    clip, content, _ = clip_with_landmarks(golf_content, tmp_path)
    source = VideoFrames(content.video_path, content.motion)
    try:
        top = content.analysis.swings[0].events["top"]
        assert source.row_of(5 + top) == top and source.row_of(2) is None
        pose = source.pose(top)
        x, y = pose["left_wrist"]
        assert 0 <= x < source.width and 0 <= y < source.height
    finally:
        source.close()


def test_frames_csv_round_trips(golf_content, tmp_path):
    m, a = golf_content.motion, golf_content.analysis
    m = dataclasses.replace(m, present=np.arange(m.num_frames) % 7 != 0)
    path = tmp_path / "frames.csv"
    write_frames_csv(m, a, path)
    table = read_frames_csv(path)
    np.testing.assert_array_equal(table.frames, np.arange(m.num_frames))
    np.testing.assert_allclose(table.timestamps, m.timestamps, atol=1e-6)
    np.testing.assert_array_equal(table.present, m.present)
    np.testing.assert_array_equal(table.joints, m.joints)           # float32 exact
    np.testing.assert_array_equal(table.confidence, m.confidence)
    np.testing.assert_array_equal(table.club, m.club)
    assert set(table.curves) == set(a.curves)
    for k, v in a.curves.items():
        np.testing.assert_allclose(table.curves[k], v, rtol=1e-8, atol=1e-9)
    header = path.read_text().splitlines()[0].split(",")
    assert header[:6] == ["frame", "time_s", "present", "pelvis_x", "pelvis_y", "pelvis_z"]
    bad = tmp_path / "other.csv"
    bad.write_text("a,b\n1,2\n")
    with pytest.raises(ValueError, match="not a LLaMo Coach frames CSV"):
        read_frames_csv(bad)


def test_analysis_json_round_trips(golf_content, tmp_path):
    path = tmp_path / "a.json"
    write_analysis_json(golf_content.analysis, path, clip="swing.mp4")
    d = json.loads(path.read_text())
    assert d["clip"] == "swing.mp4"
    back = SwingAnalysis.from_dict(d)
    assert back.swings[0].events == golf_content.analysis.swings[0].events
    assert back.swings[0].faults == golf_content.analysis.swings[0].faults
    assert back.swings[0].metrics["tempo_ratio"].value == pytest.approx(
        golf_content.analysis.swings[0].metrics["tempo_ratio"].value)
