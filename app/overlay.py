"""2D skeleton overlay geometry for the video (no Qt): BlazePose image landmarks -> line segments in pixels."""

from __future__ import annotations

import numpy as np

# BlazePose body connections (face points other than the nose are left out: too small to read on a phone clip).
CONNECTIONS = (
    (11, 12), (11, 13), (13, 15), (12, 14), (14, 16), (11, 23), (12, 24), (23, 24), (23, 25), (25, 27),
    (24, 26), (26, 28), (27, 29), (29, 31), (27, 31), (28, 30), (30, 32), (28, 32), (15, 19), (16, 20),
)
LEFT_POINTS = frozenset((11, 13, 15, 19, 23, 25, 27, 29, 31))
MIN_VISIBILITY = 0.3


def motion_index(motion, frame: int) -> int | None:
    """The motion row for a video frame (the motion may start later than the video), or None outside it."""
    t = int(frame) - int(motion.meta.get("first_frame", 0))
    return t if 0 <= t < motion.num_frames else None


def segments(landmarks: np.ndarray, width: float, height: float) -> list[tuple[float, float, float, float, bool]]:
    """(33, >=4) normalised landmarks [x, y, z, visibility, ...] -> [(x1, y1, x2, y2, is_left)] in pixels."""
    out = []
    for a, b in CONNECTIONS:
        pa, pb = landmarks[a], landmarks[b]
        if not (np.isfinite(pa[:2]).all() and np.isfinite(pb[:2]).all()):
            continue
        if min(pa[3], pb[3]) < MIN_VISIBILITY:
            continue
        out.append((float(pa[0] * width), float(pa[1] * height), float(pb[0] * width), float(pb[1] * height),
                    a in LEFT_POINTS and b in LEFT_POINTS))
    return out
