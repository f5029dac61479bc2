"""A tiny motion with no generator behind it: a body turning back and through, for shapes, caching and benchmarks
(`bench.engine`, the model and inference tests). Not a realistic swing: see `generate_swing` for those."""

from __future__ import annotations

import numpy as np

from llamo_engine.motion.skeleton import MotionSequence

# A standing pose (metres, canonical frame: y up, facing +z, +x the athlete's left), SMPL joint order.
STANDING_POSE = (
    (0.0, 0.95, 0.0), (0.09, 0.87, 0.0), (-0.09, 0.87, 0.0), (0.0, 1.07, 0.0), (0.10, 0.50, 0.02),
    (-0.10, 0.50, 0.02), (0.0, 1.20, 0.0), (0.10, 0.08, 0.0), (-0.10, 0.08, 0.0), (0.0, 1.26, 0.0),
    (0.10, 0.02, 0.10), (-0.10, 0.02, 0.10), (0.0, 1.45, 0.0), (0.08, 1.38, 0.0), (-0.08, 1.38, 0.0),
    (0.0, 1.60, 0.03), (0.18, 1.40, 0.0), (-0.18, 1.40, 0.0), (0.20, 1.13, 0.05), (-0.20, 1.13, 0.05),
    (0.10, 0.92, 0.25), (-0.10, 0.92, 0.25))


def tiny_motion(num_frames: int = 90, fps: float = 30.0, seed: int = 0) -> MotionSequence:
    """A MotionSequence of a body turning back and through (upper body more than hips), with a club line:
    plausible numbers for shapes, caching and benchmarks."""
    rng = np.random.default_rng(seed)
    t = np.arange(num_frames) / fps
    pose = np.array(STANDING_POSE)                                                     # (22, 3)
    turn = 1.4 * np.sin(2 * np.pi * t / max(t[-1], 1e-6) * 0.5) ** 2 * np.where(t < t[-1] * 0.7, 1, -0.8)
    weights = np.clip((pose[:, 1] - 0.8) / 0.6, 0.1, 1.0)                              # (22,) hips 0.1 .. head 1
    yaw = turn[:, None] * weights[None]                                                # (T, 22)
    c, s = np.cos(yaw), np.sin(yaw)
    joints = np.stack([c * pose[:, 0] + s * pose[:, 2], np.broadcast_to(pose[:, 1], yaw.shape),
                       -s * pose[:, 0] + c * pose[:, 2]], axis=-1)                     # (T, 22, 3)
    joints = joints + rng.normal(0, 0.002, joints.shape)
    grip = joints[:, 20]
    head = grip + np.stack([np.sin(turn), -np.ones_like(turn) * 0.6, np.cos(turn)], axis=-1) * 0.8
    return MotionSequence(joints=joints, confidence=np.ones((num_frames, 22)), present=np.ones(num_frames, bool),
                          timestamps=t, fps=fps, source=f"tiny:seed={seed}", club=np.stack([grip, head], axis=1),
                          club_estimated=False, meta={"synthetic": True})
