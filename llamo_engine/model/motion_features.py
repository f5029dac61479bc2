"""Per-frame motion features, the motion encoder's input, from a MotionSequence.

Two featurizers, chosen by `MotionEncoderConfig.input_kind`:
- "joints" (default, 142-d at ~30 fps): root-relative joints (66) in the canonical frame, the root's path from its
  first position (3: x, height, z), joint velocities in units of 5 m/s (66), and the club's grip and head relative
  to the root (6) with a flag saying whether the club is known (1). The body's yaw is kept (the canonical frame is
  fixed for the clip), which matters for hip and shoulder turn.
- "humanml3d" (263-d at 20 fps): `llamo_engine.motion.humanml3d.to_humanml3d`, the format MotionGPT / MotionLLM use;
  it removes the root's yaw from the local positions.
Every featurizer returns the clip frame each feature row stands for, so viewpoint frames map back to the clip.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from llamo_engine.motion import humanml3d
from llamo_engine.motion.skeleton import MotionSequence

JOINTS_FPS = 30.0
VELOCITY_SCALE = 5.0  # m/s


@dataclasses.dataclass
class MotionFeatures:
    features: np.ndarray      # (T', F) float32
    times: np.ndarray         # (T',) seconds from the start of the clip
    frame_index: np.ndarray   # (T',) int64, the clip frame of each row

    def __len__(self) -> int:
        return len(self.features)


def _sample_frames(num_frames: int, fps: float, target_fps: float, max_frames: int) -> np.ndarray:
    """Indices of the clip frames kept: every stride-th frame near target_fps, at most max_frames, evenly spread."""
    stride = max(1, int(round(fps / target_fps)))
    index = np.arange(0, num_frames, stride)
    if len(index) > max_frames:
        index = np.round(np.linspace(0, num_frames - 1, max_frames)).astype(np.int64)
    return index.astype(np.int64)


def joint_features(motion: MotionSequence, max_frames: int = 512) -> MotionFeatures:
    """(T', 142) features; see the module docstring for the layout."""
    joints = motion.joints.astype(np.float64)                             # (T, 22, 3)
    T = len(joints)
    root = joints[:, 0]                                                   # (T, 3)
    relative = joints - root[:, None]                                     # (T, 22, 3)
    path = root - np.array([root[0, 0], 0.0, root[0, 2]])                 # (T, 3)
    times = motion.timestamps
    if T > 1 and np.all(np.diff(times) > 0):
        velocity = np.gradient(joints, times, axis=0)                     # (T, 22, 3) m/s
    elif T > 1:
        velocity = np.gradient(joints, 1.0 / motion.fps, axis=0)
    else:
        velocity = np.zeros_like(joints)
    club = np.zeros((T, 2, 3))
    club_known = np.zeros((T, 1))
    if motion.club is not None:
        known = np.isfinite(motion.club).all(axis=(1, 2))
        club[known] = motion.club[known] - root[known, None]
        club_known[known] = 1.0
    rows = np.concatenate([relative.reshape(T, -1), path, velocity.reshape(T, -1) / VELOCITY_SCALE,
                           club.reshape(T, -1), club_known], axis=1)      # (T, 142)
    index = _sample_frames(T, motion.fps, JOINTS_FPS, max_frames)
    return MotionFeatures(rows[index].astype(np.float32), times[index].astype(np.float64), index)


def humanml3d_features(motion: MotionSequence, max_frames: int = 512) -> MotionFeatures:
    """(T', 263) HumanML3D features at 20 fps; row i stands for the clip frame nearest to t0 + i / 20 s."""
    rows = humanml3d.to_humanml3d(motion)                                 # (T20 - 1, 263)
    times = motion.timestamps[0] + np.arange(len(rows)) / humanml3d.FPS
    frame_index = np.clip(np.searchsorted(motion.timestamps, times), 0, motion.num_frames - 1)
    keep = _sample_frames(len(rows), humanml3d.FPS, humanml3d.FPS, max_frames)
    return MotionFeatures(rows[keep].astype(np.float32), times[keep], frame_index[keep].astype(np.int64))


FEATURIZERS = {"joints": (joint_features, 142), "humanml3d": (humanml3d_features, humanml3d.FEATURE_DIM)}


def featurize(motion: MotionSequence, kind: str, max_frames: int = 512) -> MotionFeatures:
    """Features of a motion by featurizer name; ValueError for unknown names."""
    if kind not in FEATURIZERS:
        raise ValueError(f"unknown motion input kind {kind!r}; choose one of {sorted(FEATURIZERS)}")
    return FEATURIZERS[kind][0](motion, max_frames)


def feature_dim(kind: str) -> int:
    if kind not in FEATURIZERS:
        raise ValueError(f"unknown motion input kind {kind!r}; choose one of {sorted(FEATURIZERS)}")
    return FEATURIZERS[kind][1]
