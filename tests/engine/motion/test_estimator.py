"""The MediaPipe estimator on real video: the shipped Sports2D demo clip and (when present) the real swings."""

import threading

import numpy as np
import pytest

from llamo_engine.motion.estimator import EstimationCancelled, EstimationError, PoseEstimator, estimate_motion
from llamo_engine.motion.skeleton import joint_index
from tests.conftest import SAMPLE_PERSON_CLIP
from tests.engine.motion.videos import numbered_frames, write_video


def bone(motion, a, b):
    return np.median(np.linalg.norm(motion.joint(a) - motion.joint(b), axis=1)[motion.present])


@pytest.mark.slow
def test_demo_clip_gives_plausible_anatomy(person_motion):
    m = person_motion
    assert m.num_frames == 230 and m.present.mean() > 0.9
    assert np.isfinite(m.joints).all()
    assert 0.25 <= bone(m, "left_shoulder", "right_shoulder") <= 0.5
    for side_pair in [("hip", "knee"), ("knee", "ankle"), ("shoulder", "elbow"), ("elbow", "wrist")]:
        left = bone(m, f"left_{side_pair[0]}", f"left_{side_pair[1]}")
        right = bone(m, f"right_{side_pair[0]}", f"right_{side_pair[1]}")
        assert 0.15 < left < 0.6 and abs(left - right) / max(left, right) < 0.15, side_pair
    head_above_pelvis = m.joint("head")[:, 1] - m.joint("pelvis")[:, 1]
    assert np.median(head_above_pelvis) > 0.4            # y is up
    feet = m.joints[:, [joint_index("left_foot"), joint_index("right_foot")], 1].min(axis=1)
    assert abs(np.percentile(feet, 5)) < 0.02             # ground at the feet
    assert m.landmarks_image.shape == (230, 33, 4) and m.joints_raw.shape == m.joints.shape


def test_no_person_is_a_clear_error(tmp_path):
    clip = write_video(tmp_path / "empty.mp4", numbered_frames(8))
    with pytest.raises(EstimationError, match="no person found in any of its 8 frames"):
        estimate_motion(clip)


def test_cancel_stops_the_run(tmp_path):
    clip = write_video(tmp_path / "empty.mp4", numbered_frames(20))
    cancel = threading.Event()
    seen = []

    def progress(done, total):
        seen.append(done)
        if done == 3:
            cancel.set()
    with pytest.raises(EstimationCancelled):
        estimate_motion(clip, progress=progress, cancel=cancel)
    assert seen[-1] == 3


def test_wrong_model_file_is_a_clear_error(tmp_path):
    bogus = tmp_path / "model.task"
    bogus.write_bytes(b"not a model")
    with pytest.raises(EstimationError, match="not a MediaPipe"):
        PoseEstimator(bogus)
    with pytest.raises(EstimationError, match="not found"):
        PoseEstimator(tmp_path / "missing.task")


def test_too_long_a_range_is_refused_with_a_suggestion(monkeypatch, tmp_path):
    from llamo_engine.motion import estimator
    clip = write_video(tmp_path / "clip.mp4", numbered_frames(60))
    monkeypatch.setattr(estimator, "MAX_DURATION_S", 1.0)
    with pytest.raises(EstimationError, match="too long.*--start"):
        estimate_motion(clip)


@pytest.mark.slow
@pytest.mark.realdata
def test_real_golf_swings_are_tracked_in_every_frame(realdata):
    for clip in sorted((realdata / "golf" / "labeled").glob("swing*.mp4"))[:2]:
        motion = estimate_motion(clip)
        assert motion.present.all(), clip.name
        assert 0.25 <= bone(motion, "left_shoulder", "right_shoulder") <= 0.5
