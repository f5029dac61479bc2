"""HumanML3D's 263-d motion features (Guo et al. 2022), as MotionGPT / MotionLLM / LLaMo consume them.

Follows HumanML3D's `motion_representation.ipynb` (`process_file`, `recover_from_ric`) and
`common/skeleton.py` (`inverse_kinematics_np`), re-written in numpy:

1. resample to 20 fps; optionally retarget to a fixed skeleton (HumanML3D's `uniform_skeleton`: IK, then FK with
   target bone lengths, root path scaled by the leg-length ratio);
2. put the lowest joint of the clip on the floor, the first frame's root at x = z = 0, and rotate about y so that
   the first frame faces +z (across vector = right hip - left hip + right shoulder - left shoulder);
3. per frame, IK: root rotation from the across vector (smoothed over time), then for every bone the shortest-arc
   rotation from its rest direction (`RAW_OFFSETS`) to its observed direction, relative to its parent;
4. features per frame pair (t, t+1), laid out as `SLICES`.

Faithful to the reference on purpose, including its known quirk: `inverse_kinematics_np` unpacks the face joints
as (l_hip, r_hip, ...) so its root across vector is (left hip - right hip) + (right shoulder - left shoulder),
mostly the shoulder line (EricGuo5513/HumanML3D issues #107, #119; kept there because every released model was
trained on it). The features therefore match what pretrained HumanML3D models expect.
"""

from __future__ import annotations

import os
import pathlib

import numpy as np

from llamo_engine.motion.capture import capture_motion
from llamo_engine.motion.quaternion import qbetween, qfrom_yaw, qinv, qmul, qrot, quat_to_cont6d
from llamo_engine.motion.skeleton import KINEMATIC_CHAINS, NUM_JOINTS, MotionSequence

FPS = 20.0
FEATURE_DIM = 263
# Named slices of one 263-d feature row (J = 22 joints).
SLICES = {
    "root_rot_velocity": slice(0, 1),       # (1,) half the yaw change to the next frame (rad), arcsin of quat y
    "root_linear_velocity": slice(1, 3),    # (2,) root xz displacement to the next frame, in the root's facing frame
    "root_y": slice(3, 4),                  # (1,) root height above the floor (m)
    "ric": slice(4, 67),                    # (21*3,) joints 1..21 relative to the root's xz, facing frame
    "rot6d": slice(67, 193),                # (21*6,) local joint rotations, 6-D (first two matrix columns)
    "local_velocity": slice(193, 259),      # (22*3,) joint displacement to the next frame, facing frame
    "foot_contact": slice(259, 263),        # (4,) left ankle, left foot, right ankle, right foot in {0, 1}
}
# Rest direction of the bone ending at each joint (HumanML3D's `t2m_raw_offsets`; arms hang down, feet point +z).
RAW_OFFSETS = np.array([
    [0, 0, 0], [1, 0, 0], [-1, 0, 0], [0, 1, 0], [0, -1, 0], [0, -1, 0], [0, 1, 0], [0, -1, 0], [0, -1, 0],
    [0, 1, 0], [0, 0, 1], [0, 0, 1], [0, 1, 0], [1, 0, 0], [-1, 0, 0], [0, 0, 1], [0, -1, 0], [0, -1, 0],
    [0, -1, 0], [0, -1, 0], [0, -1, 0], [0, -1, 0]], dtype=np.float64)
R_HIP, L_HIP, R_SHOULDER, L_SHOULDER = 2, 1, 17, 16
FOOT_LEFT, FOOT_RIGHT = (7, 10), (8, 11)
ROOT_HEIGHT_M = (0.3, 2.0)        # plausible median root (pelvis) height of raw features, metres
FOOT_VELOCITY_THRESHOLD = 0.002   # squared displacement per 20 fps frame (m^2), i.e. ~0.9 m/s
FORWARD_SMOOTH_SIGMA = 20.0       # frames, Gaussian smoothing of the IK root facing direction
# Approximate SMPL neutral rest pose (T-pose, metres, y up, facing +z), used for bone lengths when retargeting.
REST_JOINTS = np.array([
    [-0.002, -0.223, 0.028], [0.070, -0.314, 0.024], [-0.068, -0.315, 0.021], [-0.003, -0.104, 0.012],
    [0.103, -0.690, 0.015], [-0.106, -0.694, 0.016], [0.002, 0.027, 0.004], [0.090, -1.090, -0.023],
    [-0.089, -1.089, -0.020], [0.002, 0.080, 0.028], [0.118, -1.145, 0.097], [-0.121, -1.147, 0.094],
    [-0.014, 0.290, -0.002], [0.074, 0.207, -0.006], [-0.079, 0.206, -0.005], [0.011, 0.362, 0.051],
    [0.170, 0.219, -0.013], [-0.177, 0.219, -0.012], [0.439, 0.213, -0.041], [-0.449, 0.212, -0.039],
    [0.697, 0.222, -0.036], [-0.692, 0.226, -0.038]], dtype=np.float64)


def _parents_from_chains() -> np.ndarray:
    parents = np.full(NUM_JOINTS, -1)
    for chain in KINEMATIC_CHAINS:
        for a, b in zip(chain[:-1], chain[1:]):
            parents[b] = a
    return parents


def _gaussian_smooth(x: np.ndarray, sigma: float) -> np.ndarray:
    """Gaussian filter along axis 0 with edge padding (scipy's gaussian_filter1d, mode='nearest', truncate=4)."""
    radius = int(4.0 * sigma + 0.5)
    k = np.exp(-0.5 * (np.arange(-radius, radius + 1) / sigma) ** 2)
    k /= k.sum()
    padded = np.concatenate([np.repeat(x[:1], radius, 0), x, np.repeat(x[-1:], radius, 0)], axis=0)
    return np.stack([np.convolve(padded[:, i], k, mode="valid") for i in range(x.shape[1])], axis=1)


def _facing_forward(across: np.ndarray) -> np.ndarray:
    """(T, 3) across vectors (right minus left) -> (T, 3) unit horizontal forward = y x across."""
    forward = np.cross(np.array([0.0, 1.0, 0.0]), across)
    return forward / np.linalg.norm(forward, axis=-1, keepdims=True)


def inverse_kinematics(joints: np.ndarray, smooth_forward: bool = True) -> np.ndarray:
    """(T, 22, 3) positions -> (T, 22, 4) quaternions as `inverse_kinematics_np`.

    Joint 0 holds the root rotation that turns the body's facing direction onto +z; joint j > 0 the rotation, in
    its parent's frame, that takes RAW_OFFSETS[j] onto the observed bone (parent -> j).
    """
    across = (joints[:, L_HIP] - joints[:, R_HIP]) + (joints[:, R_SHOULDER] - joints[:, L_SHOULDER])  # reference quirk
    across = across / np.linalg.norm(across, axis=-1, keepdims=True)
    forward = np.cross(np.array([0.0, 1.0, 0.0]), across)
    if smooth_forward:
        forward = _gaussian_smooth(forward, FORWARD_SMOOTH_SIGMA)
    forward = forward / np.linalg.norm(forward, axis=-1, keepdims=True)
    root = qbetween(forward, np.array([0.0, 0.0, 1.0]))          # (T, 4)
    quats = np.zeros(joints.shape[:-1] + (4,))
    quats[:, 0] = root
    for chain in KINEMATIC_CHAINS:
        R = root
        for a, b in zip(chain[:-1], chain[1:]):
            bone = joints[:, b] - joints[:, a]
            global_rot = qbetween(np.broadcast_to(RAW_OFFSETS[b], bone.shape), bone)
            local = qmul(qinv(R), global_rot)
            quats[:, b] = local
            R = qmul(R, local)
    return quats


def forward_kinematics(quats: np.ndarray, root_pos: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """(T, 22, 4) quaternions, (T, 3) root positions, (22, 3) bone offsets -> (T, 22, 3) positions."""
    joints = np.zeros(quats.shape[:-1] + (3,))
    joints[:, 0] = root_pos
    for chain in KINEMATIC_CHAINS:
        R = quats[:, 0]
        for a, b in zip(chain[:-1], chain[1:]):
            R = qmul(R, quats[:, b])
            joints[:, b] = qrot(R, np.broadcast_to(offsets[b], joints[:, b].shape)) + joints[:, a]
    return joints


def skeleton_offsets(pose: np.ndarray) -> np.ndarray:
    """(22, 3) one pose -> (22, 3) offsets: RAW_OFFSETS scaled by that pose's bone lengths (`get_offsets_joints`)."""
    parents = _parents_from_chains()
    lengths = np.zeros(NUM_JOINTS)
    lengths[1:] = np.linalg.norm(pose[1:] - pose[parents[1:]], axis=-1)
    return RAW_OFFSETS * lengths[:, None]


def uniform_skeleton(joints: np.ndarray, target_pose: np.ndarray = REST_JOINTS) -> np.ndarray:
    """Retarget (T, 22, 3) onto the bone lengths of `target_pose`, the root path scaled by the leg-length ratio."""
    src, tgt = skeleton_offsets(joints[0]), skeleton_offsets(target_pose)
    leg = lambda off: np.abs(off[5]).max() + np.abs(off[8]).max()  # right knee + right ankle bones  # noqa: E731
    scale = leg(tgt) / leg(src)
    quats = inverse_kinematics(joints, smooth_forward=False)
    return forward_kinematics(quats, joints[:, 0] * scale, tgt)


def canonicalize(joints: np.ndarray) -> np.ndarray:
    """Floor at y = 0, first root at x = z = 0, first frame facing +z (the global positions HumanML3D keeps)."""
    joints = joints - np.array([0.0, joints[..., 1].min(), 0.0])
    joints = joints - joints[0, 0] * np.array([1.0, 0.0, 1.0])
    first = joints[0]
    across = (first[R_HIP] - first[L_HIP]) + (first[R_SHOULDER] - first[L_SHOULDER])
    forward = _facing_forward(across[None])
    return qrot(qbetween(forward, np.array([[0.0, 0.0, 1.0]]))[:, None], joints)


def foot_contacts(joints: np.ndarray, threshold: float = FOOT_VELOCITY_THRESHOLD) -> np.ndarray:
    """(T, 22, 3) -> (T-1, 4) float: 1 where the ankle/foot moved less than sqrt(threshold) to the next frame."""
    step = ((joints[1:] - joints[:-1]) ** 2).sum(-1)  # (T-1, 22)
    return (step[:, list(FOOT_LEFT) + list(FOOT_RIGHT)] < threshold).astype(np.float32)


def joints_to_features(joints: np.ndarray, *, retarget: bool = False,
                       feet_threshold: float = FOOT_VELOCITY_THRESHOLD) -> np.ndarray:
    """(T, 22, 3) joints sampled at 20 fps -> (T-1, 263) float32 features (`process_file`)."""
    joints = np.asarray(joints, dtype=np.float64)
    if joints.ndim != 3 or joints.shape[1:] != (NUM_JOINTS, 3) or len(joints) < 2:
        raise ValueError(f"need (T >= 2, {NUM_JOINTS}, 3) joints, got {joints.shape}")
    if not np.isfinite(joints).all():
        raise ValueError("joints contain NaN/inf; fill gaps before computing HumanML3D features")
    if retarget:
        joints = uniform_skeleton(joints)
    positions = canonicalize(joints)                               # (T, 22, 3) global, canonical
    contacts = foot_contacts(positions, feet_threshold)            # (T-1, 4)
    quats = inverse_kinematics(positions, smooth_forward=True)     # (T, 22, 4)
    r_rot = quats[:, 0]                                            # (T, 4)
    cont6d = quat_to_cont6d(quats)                                 # (T, 22, 6)
    velocity = qrot(r_rot[1:], positions[1:, 0] - positions[:-1, 0])   # (T-1, 3)
    r_velocity = qmul(r_rot[1:], qinv(r_rot[:-1]))                 # (T-1, 4)
    local = positions.copy()
    local[..., [0, 2]] -= positions[:, :1, [0, 2]]
    local = qrot(r_rot[:, None], local)                            # (T, 22, 3) root-relative, facing +z
    local_vel = qrot(r_rot[:-1, None], positions[1:] - positions[:-1])  # (T-1, 22, 3)
    n = len(positions) - 1
    features = np.concatenate([
        np.arcsin(np.clip(r_velocity[:, 2:3], -1.0, 1.0)), velocity[:, [0, 2]], local[:-1, 0, 1:2],
        local[:-1, 1:].reshape(n, -1), cont6d[:-1, 1:].reshape(n, -1), local_vel.reshape(n, -1), contacts,
    ], axis=-1)
    return features.astype(np.float32)


def to_humanml3d(motion: MotionSequence, *, retarget: bool = False) -> np.ndarray:
    """MotionSequence -> (T20 - 1, 263) float32 features, T20 the clip's frame count at 20 fps."""
    if abs(motion.fps - FPS) > 1e-6:
        motion = motion.resample(FPS)
    if motion.num_frames < 2:
        raise ValueError("the clip is too short for HumanML3D features: it needs at least 2 frames at 20 fps")
    return joints_to_features(motion.joints, retarget=retarget)


def recover_root(features: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(T, 263) -> root yaw quaternions (T, 4) and root positions (T, 3), integrating the root velocities."""
    features = np.asarray(features, dtype=np.float64)
    angle = np.zeros(len(features))
    angle[1:] = np.cumsum(features[:-1, 0])
    r_rot = qfrom_yaw(2.0 * angle)    # the feature is arcsin of the quaternion's y, i.e. half the yaw
    r_pos = np.zeros((len(features), 3))
    r_pos[1:, [0, 2]] = features[:-1, 1:3]
    r_pos = np.cumsum(qrot(qinv(r_rot), r_pos), axis=0)
    r_pos[:, 1] = features[:, 3]
    return r_rot, r_pos


def recover_joints(features: np.ndarray) -> np.ndarray:
    """(T, 263) features -> (T, 22, 3) joint positions (`recover_from_ric`)."""
    features = np.asarray(features, dtype=np.float64)
    if features.ndim != 2 or features.shape[1] != FEATURE_DIM:
        raise ValueError(f"need (T, {FEATURE_DIM}) HumanML3D features, got {features.shape}")
    r_rot, r_pos = recover_root(features)
    ric = features[:, SLICES["ric"]].reshape(len(features), NUM_JOINTS - 1, 3)
    ric = qrot(qinv(r_rot)[:, None], ric)
    ric[..., [0, 2]] += r_pos[:, None, [0, 2]]
    return np.concatenate([r_pos[:, None], ric], axis=1).astype(np.float32)


def from_humanml3d(features: np.ndarray, source: str = "humanml3d") -> MotionSequence:
    """(T, 263) features -> a 20 fps MotionSequence of the recovered joints (fully observed, no club)."""
    joints = recover_joints(features)
    T = len(joints)
    return MotionSequence(joints=joints, confidence=np.ones((T, NUM_JOINTS), np.float32), present=np.ones(T, bool),
                          timestamps=np.arange(T) / FPS, fps=FPS, source=source, club=None, club_estimated=False,
                          meta={"from": "humanml3d_263"})


def load_npy(path: str | os.PathLike) -> MotionSequence:
    """A HumanML3D motion file -> 20 fps MotionSequence (canonical frame, no club, no camera).

    Accepts `new_joints/*.npy` (T, 22, 3) joint positions (also (T, 66), or (T, 52, 3) SMPL-H joints whose first
    22 are the body) and `new_joint_vecs/*.npy` (T, 263) features, which must be raw (not mean/std normalised)."""
    path = pathlib.Path(path)
    try:
        data = np.load(path, allow_pickle=False)
    except (OSError, ValueError) as error:
        raise ValueError(f"{path.name}: not a numpy array file ({error}); save the motion with numpy.save") from None
    data = np.asarray(data, dtype=np.float64) if np.issubdtype(data.dtype, np.number) else None
    if data is None or not (data.ndim == 2 and data.shape[1] in (FEATURE_DIM, NUM_JOINTS * 3)
                            or data.ndim == 3 and data.shape[1] >= NUM_JOINTS and data.shape[2] == 3):
        shape = "non-numeric data" if data is None else f"shape {data.shape}"
        raise ValueError(f"{path.name}: {shape} is not HumanML3D motion; expected (T, 22, 3) joint positions or "
                         f"(T, {FEATURE_DIM}) feature vectors at {FPS:.0f} fps")
    if len(data) < 2 or not np.isfinite(data).all():
        raise ValueError(f"{path.name}: {len(data)} frame(s) or NaN values; a clip needs 2 or more finite frames")
    if data.ndim == 2 and data.shape[1] == FEATURE_DIM:
        root_y = float(np.median(data[:, SLICES["root_y"]]))
        if not ROOT_HEIGHT_M[0] <= root_y <= ROOT_HEIGHT_M[1]:
            raise ValueError(f"{path.name}: root height {root_y:.2f} m is not a standing body's; the features look "
                             "normalised. De-normalise them first (features * Std.npy + Mean.npy of the dataset)")
        joints, kind = recover_joints(data).astype(np.float64), "humanml3d_263"
    else:
        joints, kind = data.reshape(len(data), -1, 3)[:, :NUM_JOINTS], "humanml3d_joints"
    return capture_motion(joints, FPS, f"humanml3d:{path.name}", meta={"from": kind, "frames_in_file": len(data)})
