"""Thorax rotation from the collar line, and event finding on down-the-line video (camera yaw +-90)."""

import dataclasses

import numpy as np
import pytest

from llamo_engine.analysis import analyze
from llamo_engine.analysis.golf_events import height_angle
from llamo_engine.analysis.kinematics import body_of, curves
from llamo_engine.data.synth import add_estimator_noise, generate_swing, sample_params
from llamo_engine.motion.skeleton import joint_index as ji


def test_thorax_rotation_follows_the_collars_not_the_shoulder_joints():
    sw = generate_swing(sample_params(1_000_007, "golf"))
    J = sw.motion.joints.copy()
    ref = sw.truth["events"]["address"]
    # Freeze the collars at address: the shoulder joints still turn, the thorax (collar line) does not.
    for name in ("left_collar", "right_collar"):
        J[:, ji(name)] = J[ref, ji(name)]
    frozen = dataclasses.replace(sw.motion, joints=J)
    right = sw.truth["handedness"] == "right"
    cv = curves(body_of(frozen, right, window_s=0.0), ref)
    top = sw.truth["events"]["top"]
    assert abs(cv["thorax_rotation"][top]) < 1e-6
    assert cv["pelvis_rotation"][top] > 20.0                       # the pelvis still turns
    assert curves(body_of(sw.motion, right, window_s=0.0), ref)["thorax_rotation"][top] > 60.0


def test_noisy_collars_lie_on_the_noisy_shoulder_line():
    """MediaPipe has no collar landmark: the estimator builds the collars from the shoulders, so does the noise."""
    sw = generate_swing(sample_params(1_000_008, "golf"))
    noisy = add_estimator_noise(sw.motion, 8, camera_yaw_deg=90.0)
    J = noisy.joints.astype(np.float64)
    collar = J[:, ji("left_collar")] - J[:, ji("right_collar")]
    shoulder = J[:, ji("left_shoulder")] - J[:, ji("right_shoulder")]
    cos = np.sum(collar * shoulder, 1) / np.linalg.norm(collar, axis=1) / np.linalg.norm(shoulder, axis=1)
    assert cos.min() > 1 - 1e-6


def test_height_angle_reads_heights_only():
    drop = np.concatenate([np.full(10, 0.6), np.linspace(0.6, 0.0, 11), np.linspace(0.0, -0.3, 5)])
    a = height_angle(drop, slice(0, 10), fps=1.0)   # no smoothing at 1 fps
    np.testing.assert_allclose(a[:10], 0.0, atol=1e-9)
    assert a[20] == pytest.approx(90.0) and a[-1] == pytest.approx(np.degrees(np.arccos(-0.5)))
    assert np.isnan(height_angle(np.full(5, -0.1), slice(0, 5), fps=1.0)).all()   # hands above the shoulders


# Swings where the frontal hand-path angle (the face-on toe-up proxy) arrives outside the tolerance.


@pytest.mark.parametrize("seed, yaw", [(1_000_022, -90.0), (1_000_039, 90.0),
                                       (1_000_049, 90.0)])
def test_down_the_line_toe_up_top_and_impact_within_tolerance(seed, yaw):
    """Down the line the hands' lateral travel is depth (compressed, noisy): toe-up comes from hand heights."""
    sw = generate_swing(sample_params(seed, "golf"))
    ev = sw.truth["events"]
    tol = max(int(round((ev["impact"] - ev["address"]) / 30.0)), 1)
    a = analyze(add_estimator_noise(sw.motion, seed, camera_yaw_deg=yaw))
    assert a.sport == "golf" and len(a.swings) == 1
    got = a.swings[0].events
    for name in ("toe_up", "mid_backswing", "top", "impact"):
        assert got[name] is not None and abs(got[name] - ev[name]) <= tol, (name, got[name], ev[name])
