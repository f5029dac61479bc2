"""Estimator noise: make a clean synthetic motion look like what MediaPipe gives for a face-on video.

Calibrated against the real clips in ../shared/realdata/golf/labeled: at address their landmarks move
0.2-5 mm frame to frame (median, p90 1-25 mm); depth is far worse than the image plane. The model:
- image-plane jitter (white, `jitter_m`) plus a slow wander, larger on fast-moving wrists and elbows (blur);
- depth (along the camera axis): relative depth compressed by a random factor, noise that grows with distance
  from the pelvis' camera plane, and no root translation in depth (the estimator cannot see it);
- dropped frames (present False, confidence 0, joints held/interpolated) and short left/right swaps of limbs;
- the collars rebuilt from the noisy shoulders as `llamo_engine.motion.blazepose` builds them (MediaPipe has no
  collar landmark), so the collar line of noisy motion is its shoulder line;
- the club replaced by the estimator's line along the forearms (club_estimated True).
"""

from __future__ import annotations

import dataclasses

import numpy as np

from llamo_engine.analysis.signals import smooth
from llamo_engine.data.synth.body import MIRROR_PERM
from llamo_engine.motion.skeleton import MotionSequence, joint_index

FAST_JOINTS = [joint_index(n) for n in ("left_wrist", "right_wrist", "left_elbow", "right_elbow")]
# blazepose.landmarks_to_smpl: collar = pelvis + 0.85 (shoulder mid - pelvis) + 0.4 (shoulder - shoulder mid)
COLLAR_HEIGHT, COLLAR_SPREAD = 0.85, 0.4
ESTIMATED_CLUB_LENGTH_M = 1.0


def _rotation_y(yaw_deg: float) -> np.ndarray:
    a = np.radians(yaw_deg)
    return np.array([[np.cos(a), 0, np.sin(a)], [0, 1, 0], [-np.sin(a), 0, np.cos(a)]])


def _collars_from_shoulders(J: np.ndarray) -> None:
    """Set the collars of J (T, 22, 3) in place from its shoulders and pelvis, as the MediaPipe mapping does."""
    left, right = J[:, joint_index("left_shoulder")], J[:, joint_index("right_shoulder")]
    mid = (left + right) / 2
    base = J[:, joint_index("pelvis")] + COLLAR_HEIGHT * (mid - J[:, joint_index("pelvis")])
    J[:, joint_index("left_collar")] = base + COLLAR_SPREAD * (left - mid)
    J[:, joint_index("right_collar")] = base + COLLAR_SPREAD * (right - mid)


def add_estimator_noise(motion: MotionSequence, seed: int, *, camera_yaw_deg: float = 0.0,
                        jitter_m: float = 0.006, wander_m: float = 0.01, depth_noise_m: float = 0.04,
                        depth_scale: tuple[float, float] = (0.6, 0.95), drop_rate: float = 0.02,
                        swap_rate: float = 0.01, strength: float = 1.0) -> MotionSequence:
    """Noisy copy of `motion` as seen by a camera at `camera_yaw_deg` (0 = face-on). Deterministic in seed.
    `strength` scales every noise term (0 = only the estimator's structural effects)."""
    rng = np.random.default_rng(seed)
    J = motion.joints.astype(np.float64).copy()  # (T, 22, 3)
    T = J.shape[0]
    # Camera frame: rotate so the camera axis is z, apply depth effects, rotate back.
    R = _rotation_y(-camera_yaw_deg)
    C = J @ R.T
    root = C[:, :1].copy()
    rel = C - root
    rel[..., 2] *= rng.uniform(*depth_scale)
    far = np.abs(rel[..., 2])
    rel[..., 2] += strength * rng.normal(0, 1, (T, J.shape[1])) * (depth_noise_m * (0.5 + 2.0 * far))
    C = rel + root * np.array([1.0, 1.0, 0.0]) + np.array([0.0, 0.0, root[0, 0, 2]])
    J = C @ R
    # Image-plane jitter and slow wander; blur on fast joints.
    white = rng.normal(0, jitter_m * strength, J.shape)
    slow = smooth(rng.normal(0, 1, (T, J.shape[1] * 3)), motion.fps, 0.4).reshape(J.shape)
    slow *= wander_m * strength / max(float(slow.std()), 1e-9)
    speed = np.linalg.norm(np.gradient(motion.joints, axis=0) * motion.fps, axis=-1)  # (T, 22)
    blur = np.zeros_like(J)
    blur[:, FAST_JOINTS] = rng.normal(0, 1, (T, len(FAST_JOINTS), 3)) * \
        (0.004 * strength * speed[:, FAST_JOINTS, None])
    J = J + white + slow + blur
    # Left/right confusion: short bursts where one limb pair swaps sides.
    for _ in range(rng.poisson(swap_rate * T)):
        a = int(rng.integers(0, T))
        b = min(T, a + int(rng.integers(1, 4)))
        J[a:b] = J[a:b][:, MIRROR_PERM]
    # Dropped frames: interpolate across them and mark them absent.
    present = rng.random(T) >= drop_rate
    present[0] = present[-1] = True
    conf = np.clip(rng.normal(0.85, 0.08, J.shape[:2]), 0.3, 1.0)
    if not present.all():
        idx = np.flatnonzero(present)
        for j in range(J.shape[1]):
            for c in range(3):
                J[:, j, c] = np.interp(np.arange(T), idx, J[idx, j, c])
        conf[~present] = 0.0
    _collars_from_shoulders(J)
    wl, wr = J[:, joint_index("left_wrist")], J[:, joint_index("right_wrist")]
    el, er = J[:, joint_index("left_elbow")], J[:, joint_index("right_elbow")]
    grip = (wl + wr) / 2
    direction = grip - (el + er) / 2
    direction /= np.linalg.norm(direction, axis=1, keepdims=True) + 1e-9
    club = np.stack([grip, grip + ESTIMATED_CLUB_LENGTH_M * direction], axis=1)
    return dataclasses.replace(
        motion, joints=J.astype(np.float32), confidence=conf.astype(np.float32), present=present, club=club,
        club_estimated=True, joints_raw=None, landmarks_image=None, camera_yaw_deg=float(camera_yaw_deg),
        source=motion.source + f"+noise:seed={seed}", meta=dict(motion.meta, noise_seed=seed))
