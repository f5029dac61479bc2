"""Joint tracks from a motion capture file (C3D markers, BVH skeleton, HumanML3D joints) -> a canonical clip.

Every capture loader ends here, so that all of them land in the same frame (skeleton.py): the file's up axis
(the axis nearest to feet -> head in the first full frame) becomes +y, the athlete turned to face +z at that
frame (HumanML3D's across vector), the first pelvis at x = z = 0 and the lowest foot joint of the clip on y = 0.
A capture has no camera (camera_yaw_deg None) and keeps its own frame rate.
"""

from __future__ import annotations

import numpy as np

from llamo_engine.motion.skeleton import NUM_JOINTS, MotionSequence, joint_index

FOOT_JOINTS = ("left_ankle", "right_ankle", "left_foot", "right_foot")


def _unit(v: np.ndarray) -> np.ndarray:
    return v / np.linalg.norm(v, axis=-1, keepdims=True)


def canonical_rotation(J: np.ndarray) -> np.ndarray:
    """(3, 3) rotation taking file axes to canonical ones (rows: left, up, forward) from the first full frame of
    J (T, 22, 3)."""
    ok = np.isfinite(J).all(axis=(1, 2))
    first = J[np.argmax(ok)] if ok.any() else np.nanmean(J, axis=0)
    up_vec = first[joint_index("head")] - (first[joint_index("left_ankle")] + first[joint_index("right_ankle")]) / 2
    axis = int(np.argmax(np.abs(up_vec)))
    up = np.eye(3)[axis] * np.sign(up_vec[axis])
    across = (first[joint_index("right_hip")] - first[joint_index("left_hip")]
              + first[joint_index("right_shoulder")] - first[joint_index("left_shoulder")])
    forward = np.cross(up, across)
    forward = _unit(forward - (forward @ up) * up)
    return np.stack([np.cross(up, forward), up, forward])


def capture_motion(joints: np.ndarray, fps: float, source: str, *, joints_raw: np.ndarray | None = None,
                   club: np.ndarray | None = None, meta: dict | None = None) -> MotionSequence:
    """(T, 22, 3) finite joint centres in metres, file axes -> a canonical MotionSequence.

    joints_raw: the same before gap filling (NaN where a marker was missing; sets the confidence);
    club: optional (T, 2, 3) measured grip and club head (or bat knob and barrel end)."""
    joints = np.asarray(joints, dtype=np.float64)
    if joints.ndim != 3 or joints.shape[1:] != (NUM_JOINTS, 3):
        raise ValueError(f"need (T, {NUM_JOINTS}, 3) joints, got {joints.shape}")
    R = canonical_rotation(joints)
    shift = joints[0, joint_index("pelvis")] @ R.T * np.array([1.0, 0.0, 1.0])
    to_canonical = lambda x: x @ R.T - shift  # noqa: E731
    joints = to_canonical(joints)
    floor = np.array([0.0, joints[:, [joint_index(n) for n in FOOT_JOINTS], 1].min(), 0.0])
    joints = joints - floor
    if joints_raw is not None:
        joints_raw = to_canonical(np.asarray(joints_raw, dtype=np.float64)) - floor
    if club is not None:
        club = to_canonical(np.asarray(club, dtype=np.float64)) - floor
    T = len(joints)
    confidence = np.ones((T, NUM_JOINTS)) if joints_raw is None else np.isfinite(joints_raw).all(-1)
    return MotionSequence(joints=joints, confidence=confidence.astype(np.float32), present=np.ones(T, bool),
                          timestamps=np.arange(T) / fps, fps=fps, source=source, club=club, club_estimated=False,
                          joints_raw=joints_raw, camera_yaw_deg=None, meta=dict(meta or {}))
