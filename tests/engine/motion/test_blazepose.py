"""Mapping BlazePose landmarks to SMPL joints and the canonical frame, on generated landmarks."""

import numpy as np
import pytest

from llamo_engine.motion.blazepose import L, landmarks_to_smpl
from llamo_engine.motion.estimator import landmarks_to_motion
from llamo_engine.motion.skeleton import JOINT_NAMES, joint_index

# A standing person in a y-up frame facing +z (x is the person's left), metres, hips at the origin.
STANDING = {
    "nose": (0, 0.62, 0.10), "left_eye_inner": (0.015, 0.66, 0.09), "left_eye": (0.03, 0.66, 0.09),
    "left_eye_outer": (0.045, 0.66, 0.08), "right_eye_inner": (-0.015, 0.66, 0.09), "right_eye": (-0.03, 0.66, 0.09),
    "right_eye_outer": (-0.045, 0.66, 0.08), "left_ear": (0.07, 0.64, 0.0), "right_ear": (-0.07, 0.64, 0.0),
    "mouth_left": (0.02, 0.58, 0.09), "mouth_right": (-0.02, 0.58, 0.09), "left_shoulder": (0.18, 0.48, 0.0),
    "right_shoulder": (-0.18, 0.48, 0.0), "left_elbow": (0.20, 0.20, 0.0), "right_elbow": (-0.20, 0.20, 0.0),
    "left_wrist": (0.21, -0.05, 0.02), "right_wrist": (-0.21, -0.05, 0.02), "left_pinky": (0.22, -0.12, 0.03),
    "right_pinky": (-0.22, -0.12, 0.03), "left_index": (0.21, -0.13, 0.05), "right_index": (-0.21, -0.13, 0.05),
    "left_thumb": (0.20, -0.10, 0.06), "right_thumb": (-0.20, -0.10, 0.06), "left_hip": (0.10, 0, 0),
    "right_hip": (-0.10, 0, 0), "left_knee": (0.11, -0.45, 0.02), "right_knee": (-0.11, -0.45, 0.02),
    "left_ankle": (0.11, -0.88, 0.0), "right_ankle": (-0.11, -0.88, 0.0), "left_heel": (0.11, -0.93, -0.05),
    "right_heel": (-0.11, -0.93, -0.05), "left_foot_index": (0.12, -0.95, 0.15),
    "right_foot_index": (-0.12, -0.95, 0.15),
}


def standing_landmarks(T: int, facing_deg: float, shift_m: float = 0.0):
    """BlazePose world + image landmarks of a person facing `facing_deg` away from the camera axis.

    The person walks `shift_m` to the image right over the clip (world landmarks are hip-centred, so only the
    image landmarks carry it)."""
    pts = np.array([STANDING[name] for name in L], dtype=np.float64)
    a = np.radians(facing_deg)
    rot = np.array([[np.cos(a), 0, np.sin(a)], [0, 1, 0], [-np.sin(a), 0, np.cos(a)]])
    up = pts @ rot.T                                   # y-up frame, camera looking along -z from +z
    world = up * np.array([1, -1, -1])                 # MediaPipe: y down, z away from the camera
    world = np.repeat(world[None], T, axis=0).astype(np.float32)
    scale = 2.5                                         # metres across the image width (square image)
    shift = np.linspace(0, shift_m, T)[:, None]
    image = np.zeros((T, 33, 5), np.float32)
    image[..., 0] = 0.5 + (up[None, :, 0] + shift) / scale
    image[..., 1] = 0.5 - up[None, :, 1] / scale
    image[..., 3:] = 0.99
    return image, world


def motion_from(image, world, present=None):
    T = len(world)
    present = np.ones(T, bool) if present is None else present
    world = world.copy()
    image = image.copy()
    world[~present] = np.nan
    image[~present] = np.nan
    return landmarks_to_motion(image, world, present, np.arange(T) / 30.0, 30.0, 500, 500, source="test")


def test_every_smpl_joint_is_mapped():
    _, world = standing_landmarks(2, 0)
    joints, sources = landmarks_to_smpl(world)
    assert joints.shape == (2, len(JOINT_NAMES), 3) and len(sources) == len(JOINT_NAMES)
    assert np.isfinite(joints).all()


@pytest.mark.parametrize("facing_deg", [0.0, 90.0, -90.0, 150.0])
def test_canonical_frame_faces_plus_z_with_ground_at_the_feet(facing_deg):
    image, world = standing_landmarks(20, facing_deg)
    motion = motion_from(image, world)
    j = motion.joints[0]
    left, right = j[joint_index("left_hip")], j[joint_index("right_hip")]
    assert left[0] - right[0] == pytest.approx(0.2, abs=1e-3)       # +x is the athlete's left
    assert abs(left[2] - right[2]) < 1e-3                            # facing +z: hips square to z
    assert j[joint_index("head")][1] > j[joint_index("pelvis")][1] + 0.4  # y up
    assert min(j[joint_index("left_foot")][1], j[joint_index("right_foot")][1]) == pytest.approx(0, abs=1e-3)
    assert j[joint_index("pelvis")][1] == pytest.approx(0.95, abs=0.01)
    # The camera's direction in the canonical frame is recorded (0 = face-on).
    expected = -facing_deg
    assert np.cos(np.radians(motion.camera_yaw_deg - expected)) == pytest.approx(1.0, abs=1e-6)


def test_root_translation_recovered_from_the_image():
    image, world = standing_landmarks(30, 0.0, shift_m=0.5)
    motion = motion_from(image, world)
    pelvis = motion.joint("pelvis")
    # Facing the camera, moving to the image right is moving to the athlete's left (+x).
    assert pelvis[-1, 0] - pelvis[0, 0] == pytest.approx(0.5, abs=0.03)
    assert np.ptp(pelvis[:, 1]) < 1e-3


def test_gaps_are_filled_and_marked():
    image, world = standing_landmarks(40, 0.0)
    present = np.ones(40, bool)
    present[10:13] = False     # short: interpolated
    present[20:35] = False     # long: held and reported
    motion = motion_from(image, world, present)
    assert np.isfinite(motion.joints).all()
    assert not motion.present[10:13].any() and (motion.confidence[10:13] == 0).all()
    assert motion.meta["long_gaps"] == [[20, 35]]
    assert np.isnan(motion.joints_raw[20]).all() and np.isfinite(motion.joints_raw[0]).all()


def test_smoothing_keeps_the_raw_values():
    image, world = standing_landmarks(60, 0.0)
    rng = np.random.default_rng(1)
    world = world + rng.normal(0, 0.01, world.shape).astype(np.float32)
    motion = motion_from(image, world)
    jitter = lambda a: np.abs(np.diff(a[:, joint_index("left_wrist")], axis=0)).mean()
    assert jitter(motion.joints) < 0.5 * jitter(motion.joints_raw)
