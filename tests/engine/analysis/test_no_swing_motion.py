"""Motion that is not a swing (air squats with the arms raised, walking, standing still) gives "no golf or
baseball swing" from every camera view, never an exception (a real squat video crashed `swing_spans`)."""

import numpy as np
import pytest

from llamo_engine.analysis import analyze
from llamo_engine.analysis.hand_path import lift_angle, swing_spans
from llamo_engine.data.synth import add_estimator_noise
from llamo_engine.data.synth.body import ANKLE_HEIGHT, BodyTracks, build_joints
from llamo_engine.motion.skeleton import MotionSequence, joint_index as ji

FPS = 30.0
HEIGHT_M = 1.78


def _tracks(T: int, depth: np.ndarray, arms: np.ndarray, x: np.ndarray, step: np.ndarray) -> BodyTracks:
    """A standing athlete facing +z: hips lowered by `depth` (T,) metres, both arms raised forward by `arms`
    (T,) radians from hanging (pi/2 = shoulder height), walking `x` (T,) sideways with stride phase `step`."""
    z = np.zeros(T)
    root = np.stack([x, 0.93 - depth + 0.015 * np.cos(2 * step), 0.12 * depth], 1)
    foot = lambda side, ph: np.stack([x + side * 0.14 + 0.1 * np.sin(ph),  # noqa: E731
                                      ANKLE_HEIGHT + 0.08 * np.clip(np.sin(ph), 0, None), z], 1)
    shoulder_y = root[:, 1] + 0.5
    reach = 0.6
    hand = lambda side: np.stack([x + side * 0.2, shoulder_y - reach * np.cos(arms),  # noqa: E731
                                  root[:, 2] + reach * np.sin(arms)], 1)
    pole = np.tile([0.0, 0.0, -1.0], (T, 1))
    return BodyTracks(root=root, pelvis_yaw=z, trunk_lean=0.5 * depth + 0.05, trunk_side=z, thorax_yaw=z,
                      flat_plane=z, lead_ankle=foot(1, step), trail_ankle=foot(-1, step + np.pi),
                      lead_hand=hand(1), trail_hand=hand(-1), lead_pole=pole, trail_pole=pole)


def non_swing_motion(kind: str, seconds: float = 8.0, camera_yaw_deg: float = 90.0, seed: int = 0) -> MotionSequence:
    T = int(seconds * FPS)
    t = np.arange(T) / FPS
    z = np.zeros(T)
    if kind == "squat":  # a rep every 2.2 s, arms raised to or past shoulder height at the bottom
        phase = np.clip(np.sin(np.pi * t / 2.2) ** 2, 0, 1)
        tracks = _tracks(T, 0.4 * phase, np.radians(105.0) * phase, z, z)
    elif kind == "walk":
        step = 2 * np.pi * 1.8 * t
        tracks = _tracks(T, z, 0.15 * np.sin(step), 0.6 * t, step)
    elif kind == "still":
        tracks = _tracks(T, z, z, z, z)
    else:
        raise ValueError(kind)
    joints = build_joints(tracks, HEIGHT_M).astype(np.float32)
    motion = MotionSequence(joints=joints, confidence=np.ones(joints.shape[:2], np.float32),
                            present=np.ones(T, bool), timestamps=t, fps=FPS, source=f"synthetic:{kind}")
    return add_estimator_noise(motion, seed, camera_yaw_deg=camera_yaw_deg)


@pytest.mark.parametrize("kind", ["squat", "walk", "still"])
@pytest.mark.parametrize("yaw", [90.0, -80.0, 0.0])
def test_non_swing_motion_is_no_swing(kind, yaw):
    a = analyze(non_swing_motion(kind, camera_yaw_deg=yaw))
    assert a.sport == "none" and a.swings == []
    assert any("no golf or baseball swing" in note for note in a.notes), a.notes


def test_squat_reps_raise_the_hands_high_yet_pair_into_no_swing():
    """The arms pass HIGH_DEG at every rep (what a squat shares with a swing), so swing_spans sees several high
    stretches, some starting before the previous pairing settled: it must return without pairing them."""
    for seed in range(6):
        motion = non_swing_motion("squat", seconds=12.0, seed=seed)
        J = motion.joints.astype(np.float64)
        d = (J[:, ji("left_wrist")] + J[:, ji("right_wrist")]) / 2 - \
            (J[:, ji("left_shoulder")] + J[:, ji("right_shoulder")]) / 2
        lift = lift_angle(d)
        assert (lift > 90.0).any()
        assert swing_spans(lift, d, motion.fps) == []


def test_swing_spans_survives_high_stretches_inside_the_last_follow_through():
    """The crash itself (found by a random search over hand-lift curves): a swing whose follow-through never
    settles (the hands stay near 45-65 deg and go high twice more) ends at the last frame, so the next high
    stretch starts before that end and the rest search got an empty slice."""
    lift = np.array([3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 9, 15, 21, 27, 33, 39, 45, 51, 57, 63, 70,
                     76, 82, 88, 94, 100, 106, 112, 118, 124, 130, 130, 130, 130, 130, 130, 130, 105, 79, 54, 28,
                     3, 3, 49, 94, 140, 140, 140, 140, 92, 44, 44, 44, 44, 44, 44, 44, 44, 44, 44, 44, 52, 60,
                     68, 76, 85, 93, 101, 109, 117, 125, 125, 125, 125, 125, 125, 125, 125, 125, 125, 125, 121,
                     118, 114, 110, 106, 102, 98, 94, 91, 87, 83, 79, 75, 71, 67, 64, 64, 64, 64, 64, 93, 123,
                     152, 152, 152, 152, 152, 152, 152, 152, 152, 152, 152, 152, 152], dtype=float)
    T = len(lift)
    angle = np.radians(lift)
    d = np.stack([np.zeros(T), -np.cos(angle), np.sin(angle)], 1) * 0.6
    spans = swing_spans(lift, d, 30.0)
    assert len(spans) == 1 and spans[0][2] == T - 1  # the one real pairing; the later highs belong to it
    rest, low, end = spans[0]
    assert rest < low < end and lift[low] < 10.0
