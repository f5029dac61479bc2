"""The hand-path angle of a down-the-line view: swings found from the order of events, not the sign of depth."""

import dataclasses

import numpy as np
import pytest

from llamo_engine.analysis import analyze
from llamo_engine.analysis.hand_path import is_down_the_line, lift_angle, swing_spans
from llamo_engine.data.synth import add_estimator_noise, generate_session, generate_swing, sample_params
from llamo_engine.motion.skeleton import joint_index as ji


def _follow_through_on_the_trail_side(motion, start: int):
    """What MediaPipe depth does to real down-the-line clips: from `start` on, the wrists' x (the target
    direction, depth for this camera) is mirrored about the shoulder midpoint."""
    J = motion.joints.copy()
    mid = (J[:, ji("left_shoulder"), 0] + J[:, ji("right_shoulder"), 0]) / 2
    for name in ("left_wrist", "right_wrist"):
        J[start:, ji(name), 0] = 2 * mid[start:] - J[start:, ji(name), 0]
    return dataclasses.replace(motion, joints=J)


def test_down_the_line_means_the_camera_looks_along_the_target_line():
    assert not is_down_the_line(None) and not is_down_the_line(0.0) and not is_down_the_line(170.0)
    assert is_down_the_line(-83.0) and is_down_the_line(90.0) and is_down_the_line(-120.0)


def test_lift_angle_is_the_angle_from_straight_down():
    d = np.array([[0.0, -0.5, 0.0], [0.3, 0.0, 0.0], [0.0, 0.0, -0.3], [0.0, 0.4, 0.1]])
    np.testing.assert_allclose(lift_angle(d)[:3], [0.0, 90.0, 90.0], atol=1e-9)
    assert lift_angle(d)[3] > 150.0


@pytest.mark.parametrize("seed", [1_000_011, 1_000_012])
def test_swing_with_its_follow_through_lost_in_depth_is_found_down_the_line(seed):
    sw = generate_swing(sample_params(seed, "golf"))
    ev = sw.truth["events"]
    tol = max(int(round((ev["impact"] - ev["address"]) / 30.0)), 1)
    motion = _follow_through_on_the_trail_side(add_estimator_noise(sw.motion, seed, camera_yaw_deg=-90.0),
                                               ev["impact"] + 3)
    a = analyze(motion)
    assert a.sport == "golf" and len(a.swings) == 1
    got = a.swings[0].events
    for name in ("address", "top", "impact"):
        assert abs(got[name] - ev[name]) <= tol, (name, got, ev)
    assert got["mid_follow_through"] is not None   # reached through the lift (a few frames late): after impact
    assert got["mid_follow_through"] > got["impact"]
    # Read as a face-on clip (x = the well-seen target direction) the same motion shows no golf swing.
    assert analyze(dataclasses.replace(motion, camera_yaw_deg=0.0)).sport != "golf"


def test_swings_separated_by_rest_are_not_paired_down_the_line():
    s = generate_session(1_050_010, n_swings=3, sport="golf")
    motion = add_estimator_noise(s.motion, 10, camera_yaw_deg=90.0)
    J = motion.joints.astype(np.float64)
    d = (J[:, ji("left_wrist")] + J[:, ji("right_wrist")]) / 2 - \
        (J[:, ji("left_shoulder")] + J[:, ji("right_shoulder")]) / 2
    spans = swing_spans(lift_angle(d), d, motion.fps)
    impacts = [t["events"]["impact"] for t in s.truth["swings"]]
    assert len(spans) == len(impacts)
    for (rest, low, end), impact in zip(spans, impacts):
        assert rest < low < end and abs(low - impact) <= 3
    assert len(analyze(motion).swings) == 3


def test_left_handed_swing_down_the_line_keeps_its_handedness():
    seed = next(s for s in range(1_000_000, 1_000_200) if sample_params(s, "golf").handedness == "left")
    sw = generate_swing(sample_params(seed, "golf"))
    a = analyze(add_estimator_noise(sw.motion, seed, camera_yaw_deg=90.0))
    assert a.sport == "golf" and a.swings[0].handedness == "left"
