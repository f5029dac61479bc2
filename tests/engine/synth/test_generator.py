"""Synthetic swing generator: determinism, skeleton sanity, truth consistency, noise, sessions."""

import dataclasses

import numpy as np
import pytest

from llamo_engine.data.synth import (GOLF_FAULTS, HELDOUT_SEEDS, TRAIN_SEEDS, SwingParams, add_estimator_noise,
                                     generate_session, generate_swing, sample_params)
from llamo_engine.analysis.types import BASEBALL_EVENTS, GOLF_EVENTS
from llamo_engine.motion.skeleton import PARENTS, joint_index


def test_seed_split_is_disjoint():
    assert set(range(TRAIN_SEEDS.start, TRAIN_SEEDS.stop, 99_991)).isdisjoint(HELDOUT_SEEDS)
    assert TRAIN_SEEDS.stop <= HELDOUT_SEEDS.start


def test_generation_is_deterministic():
    a = generate_swing(sample_params(5, "golf"))
    b = generate_swing(sample_params(5, "golf"))
    np.testing.assert_array_equal(a.motion.joints, b.motion.joints)
    assert a.truth == b.truth
    c = generate_swing(sample_params(6, "golf"))
    assert c.motion.joints.shape != a.motion.joints.shape or not np.allclose(c.motion.joints, a.motion.joints)


@pytest.mark.parametrize("sport", ["golf", "baseball"])
def test_swing_is_a_plausible_body(sport):
    sw = generate_swing(sample_params(11, sport))
    J = sw.motion.joints
    assert sw.motion.club is not None and not sw.motion.club_estimated
    # Bone lengths stay constant through the swing (rigid segments).
    for j, p in enumerate(PARENTS):
        if p >= 0:
            length = np.linalg.norm(J[:, j] - J[:, p], axis=1)
            assert length.std() < 0.02 + 0.05 * length.mean(), (j, p)
    # Feet on the ground, head on top, athlete faces +z at address (left hip on +x for right-handers).
    assert J[:, [joint_index("left_ankle"), joint_index("right_ankle")], 1].min() > 0.0
    assert (J[:, joint_index("head"), 1] > J[:, joint_index("pelvis"), 1]).all()
    start = sw.truth["start"]
    across = J[start, joint_index("left_hip")] - J[start, joint_index("right_hip")]
    assert across[0] > 0.1


@pytest.mark.parametrize("sport,names", [("golf", GOLF_EVENTS), ("baseball", BASEBALL_EVENTS)])
def test_truth_events_are_ordered(sport, names):
    for seed in range(4):
        ev = generate_swing(sample_params(seed, sport)).truth["events"]
        frames = [ev[n] for n in names]
        assert None not in frames
        assert frames == sorted(frames), (seed, ev)


def test_truth_metrics_follow_parameters():
    p = SwingParams(pelvis_turn=45.0, thorax_turn=95.0, backswing_s=0.9, downswing_s=0.3, fps=60.0)
    m = generate_swing(p).truth["metrics"]
    assert m["pelvis_rotation_top"] == pytest.approx(45.0, abs=3.0)
    assert m["tempo_ratio"] == pytest.approx(3.0, abs=0.15)
    assert m["thorax_rotation_top"] > m["pelvis_rotation_top"] + 25


def test_faults_change_their_metric():
    base = SwingParams(fps=60.0)
    clean = generate_swing(base).truth["metrics"]
    sway = generate_swing(dataclasses.replace(base, faults=frozenset({"sway"}))).truth["metrics"]
    hips = generate_swing(dataclasses.replace(base, faults=frozenset({"insufficient_hip_turn"}))).truth["metrics"]
    assert sway["pelvis_sway_top"] < clean["pelvis_sway_top"] - 0.05
    assert hips["pelvis_rotation_top"] < clean["pelvis_rotation_top"] - 15


def test_unknown_fault_is_rejected_with_the_valid_names():
    with pytest.raises(ValueError, match="early_extension"):
        SwingParams(faults=frozenset({"slicing"}))
    assert len(GOLF_FAULTS) == 12


def test_left_handed_swing_mirrors_right_handed():
    r = generate_swing(SwingParams(handedness="right"))
    lft = generate_swing(SwingParams(handedness="left"))
    jl, jr = joint_index("left_wrist"), joint_index("right_wrist")
    np.testing.assert_allclose(lft.motion.joints[:, jr, 0], -r.motion.joints[:, jl, 0], atol=1e-5)
    assert lft.truth["events"] == r.truth["events"]


def test_noise_is_deterministic_and_face_on():
    sw = generate_swing(sample_params(3, "golf"))
    a = add_estimator_noise(sw.motion, 1)
    b = add_estimator_noise(sw.motion, 1)
    np.testing.assert_array_equal(a.joints, b.joints)
    assert a.camera_yaw_deg == 0.0 and a.club_estimated
    diff = np.abs(a.joints - sw.motion.joints)
    assert diff[..., 2].mean() > diff[..., 0].mean()  # depth is worse than the image plane
    assert (a.confidence[~a.present] == 0).all()


def test_session_contains_the_requested_swings():
    s = generate_session(4, n_swings=3, sport="golf")
    assert len(s.truth["swings"]) == 3
    starts = [sw["start"] for sw in s.truth["swings"]]
    assert starts == sorted(starts) and starts[-1] < s.motion.num_frames
    assert s.motion.joints.shape[0] == s.motion.num_frames
