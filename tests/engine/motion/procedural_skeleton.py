"""A procedurally moving SMPL-22 skeleton for motion-representation tests (forward kinematics from a rest pose)."""

import numpy as np

from llamo_engine.motion.humanml3d import REST_JOINTS
from llamo_engine.motion.quaternion import quat_to_matrix
from llamo_engine.motion.skeleton import PARENTS, MotionSequence


def rest_pose_arms_down() -> np.ndarray:
    """(22, 3) REST_JOINTS with the arms hanging down."""
    rest = REST_JOINTS.copy()
    for sh, el, wr in ((16, 18, 20), (17, 19, 21)):
        rest[el] = rest[sh] - [0, 0.26, 0]
        rest[wr] = rest[sh] - [0, 0.51, 0]
    return rest


def axis_angle_to_matrix(aa: np.ndarray) -> np.ndarray:
    angle = np.linalg.norm(aa, axis=-1, keepdims=True)
    axis = aa / np.maximum(angle, 1e-12)
    return quat_to_matrix(np.concatenate([np.cos(angle / 2), axis * np.sin(angle / 2)], -1))


def procedural_motion(T: int = 90, fps: float = 30.0, *, turn: float = 0.0, speed=(0.3, 0.5), seed: int = 0,
                      still_joints: tuple[int, ...] = ()) -> MotionSequence:
    """Sinusoidal local rotations on every joint, a root that walks at `speed` (x, z m/s) and turns at `turn` rad/s.

    `still_joints` get no local rotation (e.g. a planted leg when the root does not move).
    """
    rng = np.random.default_rng(seed)
    t = np.arange(T) / fps
    rest = rest_pose_arms_down()
    amp = rng.uniform(0.1, 0.5, (22, 3))
    freq = rng.uniform(0.5, 1.5, (22, 3))
    phase = rng.uniform(0, 2 * np.pi, (22, 3))
    aa = amp * np.sin(2 * np.pi * freq * t[:, None, None] + phase)   # (T, 22, 3)
    aa[:, list(still_joints)] = 0.0
    aa[:, 0] = 0.0
    aa[:, 0, 1] = turn * t
    R = axis_angle_to_matrix(aa)                                    # (T, 22, 3, 3)
    joints = np.zeros((T, 22, 3))
    G = np.zeros((T, 22, 3, 3))
    for j, p in enumerate(PARENTS):
        if p < 0:
            G[:, j] = R[:, j]
            joints[:, j] = rest[0] + np.stack([speed[0] * t, 0 * t, speed[1] * t], 1)
        else:
            G[:, j] = G[:, p] @ R[:, j]
            joints[:, j] = joints[:, p] + G[:, p] @ (rest[j] - rest[p])
    joints[..., 1] -= joints[..., 1].min()
    return MotionSequence(joints=joints, confidence=np.ones((T, 22)), present=np.ones(T, bool), timestamps=t,
                          fps=fps, source=f"synthetic:procedural:seed={seed}")
