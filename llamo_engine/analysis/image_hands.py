"""The hands as the camera sees them: BlazePose image landmarks in torso lengths (motion.landmarks_image).

The image plane is what a video measures best: the takeaway's first small move of the hands and whether the
hands are together on a grip are clearer there than in the estimator's 3-D depth, which on a far-away or
handheld clip spreads the wrists apart. Coordinates are aspect-corrected (x in frame heights) and divided by
the clip's median torso length in the image (shoulder midpoint to hip midpoint), so thresholds hold for any
frame size or distance. Both helpers return None for motion without image landmarks (capture, synthetic).
"""

from __future__ import annotations

import numpy as np

L_SHOULDER, R_SHOULDER, L_WRIST, R_WRIST, L_HIP, R_HIP = 11, 12, 15, 16, 23, 24


def _image_xy(motion) -> np.ndarray | None:
    """(T, 33, 2) image landmarks in torso lengths, or None."""
    im = motion.landmarks_image
    if im is None:
        return None
    aspect = float(motion.meta.get("width", 1)) / float(motion.meta.get("height", 1))
    xy = im[..., :2].astype(np.float64) * np.array([aspect, 1.0])
    torso = np.linalg.norm(xy[:, [L_SHOULDER, R_SHOULDER]].mean(1) - xy[:, [L_HIP, R_HIP]].mean(1), axis=1)
    scale = float(np.median(torso))
    return None if not np.isfinite(scale) or scale <= 0 else xy / scale


def image_hands(motion) -> np.ndarray | None:
    """(T, 2) midpoint of the wrists in the image, torso lengths (y down)."""
    xy = _image_xy(motion)
    return None if xy is None else xy[:, [L_WRIST, R_WRIST]].mean(1)


def image_wrist_gap(motion) -> np.ndarray | None:
    """(T,) distance between the wrists in the image, torso lengths (about 0.1-0.2 on a golf grip, 0.8-1.2
    in a pitch)."""
    xy = _image_xy(motion)
    return None if xy is None else np.linalg.norm(xy[:, L_WRIST] - xy[:, R_WRIST], axis=1)
