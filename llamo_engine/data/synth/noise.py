"""Estimator noise: make a clean synthetic motion look like what MediaPipe + our estimator give for a video.

Calibrated with `python -m llamo_engine.eval noise` against the raw estimator on the real (down-the-line) golf
clips in ../shared/realdata: at address the raw joints step 2.5-3.7 mm (RMS) frame to frame in the image
plane and 7 mm in depth; most of it is a wander over a few tenths of a second (spread about the address mean
6-7 mm, 14 mm in depth), little is white; no frame lost and no left/right swap in 1778 frames. The model
matches each of those statistics within a factor 1.5 (the eval prints them side by side).
All noise is drawn in the camera frame given `camera_yaw_deg` (x image right, y up, z along the camera axis):
- white jitter (`jitter_m` in the image plane, DEPTH_JITTER_RATIO times that in depth);
- a slow wander (low-passed noise, `wander_m` in the image plane; `depth_noise_m` in depth, growing with the
  joint's distance from the pelvis' camera plane);
- motion blur: both grow with the joint's speed (MediaPipe loses the fast hands and arms in the downswing);
- relative depth compressed by a random factor (`depth_scale`) and no root translation in depth;
- occasional dropped frames and one-frame left/right confusions (the whole body's sides exchanged);
then the estimator's own clean-up: gaps filled and the same One-Euro filter (`joints`), the unsmoothed values
kept as `joints_raw` (NaN where dropped). As in `llamo_engine.motion.blazepose` the collars are rebuilt from
the noisy shoulders (MediaPipe has no collar landmark) and the club is the line along the forearms.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from llamo_engine.analysis.signals import smooth
from llamo_engine.data.synth.body import MIRROR_PERM
from llamo_engine.motion import filters
from llamo_engine.motion.estimator import MAX_FILLED_GAP_S, WORLD_FILTER
from llamo_engine.motion.skeleton import MotionSequence, joint_index

VERTICAL_RATIO = 0.8         # image-vertical / image-horizontal jitter and wander (real clips: 0.7-0.9)
DEPTH_JITTER_RATIO = 1.5     # white depth jitter / image-horizontal jitter
WANDER_WINDOW_S = 0.3        # low-pass window of the slow wander (applied twice)
DEPTH_GROWTH_PER_M = 2.0     # depth wander x (0.5 + this x distance from the pelvis' camera plane in metres)
BLUR_S = 0.004               # image-plane blur noise per m/s of joint speed (metres per (metre / second))
DEPTH_BLUR_RATIO = 3.0       # depth blur / image-plane blur
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


def _lowpass(rng: np.random.Generator, shape: tuple[int, ...], fps: float) -> np.ndarray:
    """Unit-variance noise low-passed (two moving averages over WANDER_WINDOW_S), shape (T, ...)."""
    x = rng.normal(0, 1, (shape[0], int(np.prod(shape[1:]))))
    x = smooth(smooth(x, fps, WANDER_WINDOW_S), fps, WANDER_WINDOW_S)
    return (x / max(float(x.std()), 1e-9)).reshape(shape)


def add_estimator_noise(motion: MotionSequence, seed: int, *, camera_yaw_deg: float = 0.0,
                        jitter_m: float = 0.0008, wander_m: float = 0.011, depth_noise_m: float = 0.024,
                        depth_scale: tuple[float, float] = (0.5, 0.85), drop_rate: float = 0.002,
                        swap_rate: float = 0.001, strength: float = 1.0) -> MotionSequence:
    """Noisy copy of `motion` as the estimator gives it for a camera at `camera_yaw_deg` (0 = face-on):
    `joints` smoothed as the estimator smooths, `joints_raw` before. Deterministic in seed.
    `strength` scales every noise term (0 = only the estimator's structural effects)."""
    rng = np.random.default_rng(seed)
    T, nj = motion.joints.shape[:2]
    # Camera frame: z along the camera axis. Relative depth compressed, root depth unobservable.
    R = _rotation_y(-camera_yaw_deg)
    C = motion.joints.astype(np.float64) @ R.T  # (T, 22, 3)
    root = C[:, :1].copy()
    rel = C - root
    rel[..., 2] *= rng.uniform(*depth_scale)
    far = np.abs(rel[..., 2])  # (T, 22) distance from the pelvis' camera plane
    C = rel + root * np.array([1.0, 1.0, 0.0]) + np.array([0.0, 0.0, root[0, 0, 2]])
    speed = np.linalg.norm(np.gradient(motion.joints.astype(np.float64), axis=0), axis=-1) * motion.fps  # (T, 22)
    white = rng.normal(0, 1, C.shape) * np.array([1.0, VERTICAL_RATIO, DEPTH_JITTER_RATIO]) * jitter_m
    slow = _lowpass(rng, C.shape, motion.fps)
    slow[..., :2] *= np.array([1.0, VERTICAL_RATIO]) * wander_m
    slow[..., 2] *= depth_noise_m * (0.5 + DEPTH_GROWTH_PER_M * far)
    blur = rng.normal(0, 1, C.shape) * (BLUR_S * speed)[..., None] * np.array([1.0, 1.0, DEPTH_BLUR_RATIO])
    C = C + strength * (white + slow + blur)
    J = C @ R
    # Left/right confusion: single frames where the body's sides are exchanged.
    for a in rng.integers(0, T, rng.poisson(swap_rate * strength * T)):
        J[a] = J[a][MIRROR_PERM]
    # Dropped frames: NaN in the raw joints; the estimator's gap filling and One-Euro filter for the rest.
    present = rng.random(T) >= drop_rate * strength
    present[0] = present[-1] = True
    raw = J.copy()
    raw[~present] = np.nan
    _collars_from_shoulders(raw)
    filled, _ = filters.fill_gaps(raw, present, max(1, int(round(MAX_FILLED_GAP_S * motion.fps))))
    J = filters.one_euro_zero_phase(filled, motion.timestamps, **WORLD_FILTER)
    conf = np.clip(rng.normal(0.85, 0.08, (T, nj)), 0.3, 1.0)
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
        club_estimated=True, joints_raw=raw.astype(np.float32), landmarks_image=None,
        camera_yaw_deg=float(camera_yaw_deg), source=motion.source + f"+noise:seed={seed}", meta=dict(motion.meta, noise_seed=seed))
