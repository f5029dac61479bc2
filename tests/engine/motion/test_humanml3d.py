import numpy as np
import pytest

from llamo_engine.motion import humanml3d as hml
from llamo_engine.motion.quaternion import qfrom_yaw, qrot
from llamo_engine.motion.skeleton import PARENTS
from tests.engine.motion.procedural_skeleton import procedural_motion


def test_layout_covers_263_dims_without_gaps():
    spans = sorted((s.start, s.stop) for s in hml.SLICES.values())
    assert spans[0][0] == 0 and spans[-1][1] == hml.FEATURE_DIM == 263
    assert all(a[1] == b[0] for a, b in zip(spans[:-1], spans[1:]))


def test_shape_and_frame_rate():
    motion = procedural_motion(T=90, fps=30.0)        # 3 s -> 60 frames at 20 fps -> 59 feature rows
    features = hml.to_humanml3d(motion)
    assert features.shape == (59, 263) and features.dtype == np.float32
    assert np.isfinite(features).all()


@pytest.mark.parametrize("turn", [0.0, 0.8])
def test_positions_round_trip(turn):
    motion = procedural_motion(turn=turn, seed=1)
    features = hml.to_humanml3d(motion)
    recovered = hml.recover_joints(features)                         # (T-1, 22, 3)
    canonical = hml.canonicalize(motion.resample(20.0).joints.astype(np.float64))
    # HumanML3D's recovery is in the frame of the first frame's (smoothed) IK facing, a pure yaw from canonical.
    r0 = hml.inverse_kinematics(canonical)[0, 0]
    expected = qrot(np.broadcast_to(r0, (22, 4)), canonical)[:-1]
    assert np.abs(recovered - expected).max() < 2e-3
    # Yaw-invariant quantities agree without any alignment: heights and every bone length.
    assert np.abs(recovered[..., 1] - canonical[:-1, :, 1]).max() < 1e-3
    parents = list(PARENTS[1:])
    bones_rec = np.linalg.norm(recovered[:, 1:] - recovered[:, parents], axis=-1)
    bones_ref = np.linalg.norm(canonical[:-1, 1:] - canonical[:-1, parents], axis=-1)
    assert np.abs(bones_rec - bones_ref).max() < 1e-3


def test_from_humanml3d_builds_a_motion_sequence():
    features = hml.to_humanml3d(procedural_motion(seed=2))
    motion = hml.from_humanml3d(features, source="test")
    assert motion.fps == 20.0 and motion.joints.shape == (59, 22, 3) and motion.source == "test"
    assert abs(motion.joints[..., 1].min()) < 1e-4                 # floor kept at y = 0


def test_foot_contacts_detect_a_planted_foot():
    # The root stays put and the left leg carries no local rotation: the left ankle and foot never move.
    motion = procedural_motion(speed=(0.0, 0.0), still_joints=(1, 4, 7, 10), seed=3)
    contact = hml.to_humanml3d(motion)[:, hml.SLICES["foot_contact"]]
    assert contact[:, :2].min() == 1.0                          # left ankle, left foot: planted all along
    # The same rigid leg carried along at 2 m/s (above the ~0.9 m/s threshold) is never in contact.
    moving = procedural_motion(speed=(2.0, 0.0), still_joints=(1, 4, 7, 10), seed=3)
    assert hml.to_humanml3d(moving)[:, hml.SLICES["foot_contact"]][:, :2].max() == 0.0


def test_rotation_about_y_gives_identical_features():
    motion = procedural_motion(turn=0.5, seed=4)
    features = hml.to_humanml3d(motion)
    rotated = motion.joints.astype(np.float64)
    rotated = qrot(np.broadcast_to(qfrom_yaw(np.deg2rad(73.0)), rotated.shape[:-1] + (4,)), rotated) + [2.0, 0.0, -1.0]
    motion.joints = rotated.astype(np.float32)
    assert np.abs(hml.to_humanml3d(motion) - features).max() < 1e-4


def test_retarget_matches_rest_bone_lengths():
    features = hml.to_humanml3d(procedural_motion(seed=5), retarget=True)
    recovered = hml.recover_joints(features)
    thigh = np.linalg.norm(recovered[:, 4] - recovered[:, 1], axis=-1)
    expected = np.linalg.norm(hml.REST_JOINTS[4] - hml.REST_JOINTS[1])
    assert np.allclose(thigh, expected, atol=1e-3)


def test_rejects_nan_and_wrong_shapes():
    with pytest.raises(ValueError, match="NaN"):
        hml.joints_to_features(np.full((5, 22, 3), np.nan))
    with pytest.raises(ValueError, match="263"):
        hml.recover_joints(np.zeros((4, 10)))
