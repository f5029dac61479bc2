"""Pelvis and thorax turn from one camera: the image shows the hip and shoulder lines well, their depth badly.

A video's motion estimate has two kinds of information about a body line (trail -> lead hip or shoulder):
- its image-plane components (a, b) (image right, image up): BlazePose's image landmarks, accurate to a few
  pixels whatever the view;
- its depth c along the camera axis: MediaPipe's world landmarks, compressed (0.5-0.85 of the truth on the real
  clips) and noisy, so that a turn read from (a, c) comes out at about half the real one (a tour player face-on
  read 42 deg of thorax turn at the top).
The line's length is the body's own proportion and does not change as it turns, so its depth follows from what
the image shows: |c| = sqrt(L^2 - a^2 - b^2), the foreshortening of the line. L, per line and clip, is the
longest the image shows it: the line lies in the image plane at address face-on and at the top or in the
follow-through down the line (the high percentile of its image length over the clip, see LENGTH_PERCENTILE).
arccos-like reading leaves the sign of c open (turned 40 deg toward or away from the camera look the same); the
estimator's depth, poor in size but right in sign, decides it. Where the line is nearly along the camera axis
(a and b small against L, down the line at address) the foreshortening is exact and the image angle is read
directly; where it faces the camera (|c| small) the sign of c matters little.
The fused line (a, b, c) goes back to the canonical frame and gives the ground-plane turn as for motion capture
(`kinematics.line_rotation`). Motion capture (camera_yaw_deg None) keeps its own 3-D lines.

Expected errors per view, measured on real motion capture seen through virtual cameras with estimator noise
(`python -m llamo_engine.eval rotation`, see `llamo_engine.eval.rotation_real`), set each rotation metric's
confidence: `rotation_confidence`.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from llamo_engine.analysis.hand_path import is_down_the_line
from llamo_engine.analysis.signals import smooth, unwrap_deg
from llamo_engine.motion.blazepose import L as LANDMARK, rotation_y
from llamo_engine.motion.skeleton import MotionSequence, joint_index

LENGTH_PERCENTILE = 95.0   # L = this percentile of the line's image length over the clip (robust to jitter)
# Noise (m) of the estimator's line vectors, from the noise model calibrated on the real clips
# (llamo_engine/data/synth/noise.py: ~11 mm image-plane wander per joint, depth wander 2-4 cm per joint).
IMAGE_NOISE_M = 0.015      # image-plane error of a line's component
LENGTH_ERROR = 0.04        # relative error of the line's length (its percentile; shoulder blades moving)
DEPTH_NOISE_M = 0.04       # error of the estimator's depth of a line, before its compression is undone
REF_DEPTH_NOISE_M = 0.06   # error of the fused depth at the reference frame
DEFAULT_DEPTH_SCALE, DEPTH_SCALE_RANGE = 0.7, (0.3, 1.0)   # the estimator's depth compression (noise model)
# The shoulder joints move with the shoulder blades: in the GEARS golf captures the shoulder-joint line turns
# 11-12% more than the thorax away from the target (top: driver 102.8 vs 92.0 deg, iron 96.9 vs 86.1), the same
# as the thorax through the follow-through. MediaPipe sees the shoulder joints; the thorax is what we report.
SHOULDER_TO_THORAX = 0.89
SETUP_PRIOR_DEG = 6.0      # the hip and shoulder lines at address vs. the athlete's facing (canonical +z)


@dataclasses.dataclass
class LineTrack:
    """One body line (trail -> lead) in the camera frame. image: (T, 2) metres (image right, up); depth: (T,)
    metres toward the camera, the estimator's own (compressed) value."""

    image: np.ndarray
    depth: np.ndarray


@dataclasses.dataclass
class SingleView:
    """The hip and shoulder lines of a video clip as its camera saw them (yaw 0 = face-on)."""

    camera_yaw_deg: float
    hips: LineTrack
    shoulders: LineTrack

    @property
    def down_the_line(self) -> bool:
        return is_down_the_line(self.camera_yaw_deg)


def _to_camera(yaw_deg: float) -> np.ndarray:
    """(3, 3) R with canonical = camera @ R.T (the estimator turned the camera frame by this to face +z)."""
    return rotation_y(np.radians(yaw_deg))


def _image_vectors(motion: MotionSequence, pairs: list[tuple[str, str]], cam: np.ndarray) -> list[np.ndarray]:
    """Image-plane vectors (T, 2) in metres of each (lead, trail) landmark pair: from the BlazePose image
    landmarks where the clip has them (scaled by the trunk's metres per pixel), else from the 3-D joints."""
    lm = motion.landmarks_image
    size = (motion.meta.get("width"), motion.meta.get("height"))
    if lm is None or None in size:
        return [cam[:, joint_index(a), :2] - cam[:, joint_index(b), :2] for a, b in pairs]
    pix = lm[..., :2].astype(np.float64) * np.array(size, dtype=np.float64)     # (T, 33, 2) pixels, y down
    pix[..., 1] *= -1.0                                                            # y up
    mid = lambda p, n: (p[:, LANDMARK[f"left_{n}"]] + p[:, LANDMARK[f"right_{n}"]]) / 2  # noqa: E731
    trunk_pix = np.linalg.norm(mid(pix, "shoulder") - mid(pix, "hip"), axis=1)
    hip_m = (cam[:, joint_index("left_hip"), :2] + cam[:, joint_index("right_hip"), :2]) / 2
    sh_m = (cam[:, joint_index("left_shoulder"), :2] + cam[:, joint_index("right_shoulder"), :2]) / 2
    ratio = np.linalg.norm(sh_m - hip_m, axis=1) / np.maximum(trunk_pix, 1e-6)
    metres_per_pixel = float(np.nanmedian(ratio))
    return [(pix[:, LANDMARK[a]] - pix[:, LANDMARK[b]]) * metres_per_pixel for a, b in pairs]


def single_view_of(motion: MotionSequence, right_handed: bool, window_s: float = 0.07) -> SingleView | None:
    """The clip's hip and shoulder lines in its camera's frame, smoothed like the body; None for motion capture."""
    if motion.camera_yaw_deg is None:
        return None
    R = _to_camera(motion.camera_yaw_deg)
    cam = motion.joints.astype(np.float64) @ R                                    # (T, 22, 3) camera frame
    lead, trail = ("left", "right") if right_handed else ("right", "left")
    pairs = [(f"{lead}_hip", f"{trail}_hip"), (f"{lead}_shoulder", f"{trail}_shoulder")]
    images = _image_vectors(motion, pairs, cam)
    tracks = []
    for (a, b), img in zip(pairs, images):
        depth = cam[:, joint_index(a), 2] - cam[:, joint_index(b), 2]
        tracks.append(LineTrack(image=smooth(img, motion.fps, window_s), depth=smooth(depth, motion.fps, window_s)))
    return SingleView(camera_yaw_deg=float(motion.camera_yaw_deg), hips=tracks[0], shoulders=tracks[1])


def line_length(line: LineTrack) -> float:
    """The line's length (m): the high percentile of its image length over the clip (see module docstring)."""
    return float(np.nanpercentile(np.linalg.norm(line.image, axis=1), LENGTH_PERCENTILE))


def fused_depth(line: LineTrack) -> np.ndarray:
    """(T,) the line's depth (m, toward the camera): the foreshortening's value and the estimator's rescaled one,
    each weighted by its variance; signed by the estimator."""
    L = line_length(line)
    a, b, c_est = line.image[:, 0], line.image[:, 1], line.depth
    h = np.sqrt(np.maximum(L ** 2 - b ** 2, (0.5 * L) ** 2))          # (T,) the line's ground-plane length
    c_img = np.where(c_est >= 0.0, 1.0, -1.0) * np.sqrt(np.maximum(h ** 2 - a ** 2, 0.0))
    well = np.abs(c_img) > 0.5 * h                                    # frames where the foreshortening is exact
    scale = DEFAULT_DEPTH_SCALE
    if well.sum() >= 3:
        scale = float(np.clip(np.sum(c_est[well] * c_img[well]) / np.sum(c_img[well] ** 2), *DEPTH_SCALE_RANGE))
    da = np.hypot(IMAGE_NOISE_M, LENGTH_ERROR * h)
    near = np.maximum(np.abs(c_est) / scale, 1e-6)                    # the estimator's own depth size
    var_img = np.minimum((h * da / near) ** 2, 2.0 * h * da)
    var_est = (DEPTH_NOISE_M / scale) ** 2
    return (c_img / var_img + c_est / scale / var_est) / (1.0 / var_img + 1.0 / var_est)


def line_yaw(line: LineTrack, camera_yaw_deg: float, target: float) -> np.ndarray:
    """(T,) ground-plane direction (deg) of the fused line in the canonical frame, as `kinematics.line_rotation`
    measures it (0 = along the target line, as at address)."""
    v = np.stack([line.image[:, 0], line.image[:, 1], fused_depth(line)], axis=1) @ _to_camera(camera_yaw_deg).T
    v = v * target
    return unwrap_deg(np.degrees(np.arctan2(-v[:, 2], v[:, 0])))


def line_turn(line: LineTrack, camera_yaw_deg: float, target: float, ref: int) -> np.ndarray:
    """(T,) turn (deg) from frame `ref`, + away from the target. The direction at `ref` is the measured one
    weighted against the canonical frame's (the athlete set up square to +z: direction 0) by their variances:
    face-on the image cannot tell a line in the image plane from one turned 15 deg out of it."""
    yaw = line_yaw(line, camera_yaw_deg, target)
    L = line_length(line)
    a = line.image[ref, 0]
    alpha = np.arccos(np.clip(abs(a) / L, 0.0, 1.0))                  # out of the image plane at ref (rad)
    var_ref = np.degrees(REF_DEPTH_NOISE_M / L * np.cos(alpha)) ** 2 + 1e-6
    ref_yaw = yaw[ref] - 360.0 * np.round(yaw[ref] / 360.0)
    w = (1.0 / var_ref) / (1.0 / var_ref + 1.0 / SETUP_PRIOR_DEG ** 2)
    base = yaw[ref] - (1.0 - w) * ref_yaw
    return -(yaw - base) * target


def turns(view: SingleView, target: float, ref: int) -> tuple[np.ndarray, np.ndarray]:
    """(pelvis, thorax) turn (T,) each from `ref`: the hip line's, and the shoulder line's with its turn away
    from the target scaled to the thorax' (SHOULDER_TO_THORAX)."""
    pelvis = line_turn(view.hips, view.camera_yaw_deg, target, ref)
    shoulders = line_turn(view.shoulders, view.camera_yaw_deg, target, ref)
    return pelvis, np.where(shoulders > 0.0, SHOULDER_TO_THORAX * shoulders, shoulders)
