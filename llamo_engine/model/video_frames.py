"""Video frames for the video encoder: which frames, the crop around the athlete, resize, ImageNet normalisation.

One square crop per clip (not per frame, so the crop does not jitter): the box holding the athlete's visible
BlazePose image landmarks over the whole clip (2nd-98th percentile), enlarged by `margin` so the club fits,
clamped to the frame. Without landmarks (a motion from mocap, or none detected) the crop is the centred square.
"""

from __future__ import annotations

import cv2
import numpy as np

IMAGENET_MEAN = np.array([0.485, 0.456, 0.406], dtype=np.float32)
IMAGENET_STD = np.array([0.229, 0.224, 0.225], dtype=np.float32)
MIN_VISIBILITY = 0.5


def athlete_box(landmarks_image: np.ndarray | None, width: int, height: int, margin: float = 1.3
                ) -> tuple[int, int, int, int]:
    """Square crop (x0, y0, x1, y1) in pixels around the athlete; landmarks_image (T, 33, 4) normalised x, y."""
    side_max = min(width, height)
    if landmarks_image is None:
        cx, cy, side = width / 2, height / 2, side_max
    else:
        visible = landmarks_image[..., 3] >= MIN_VISIBILITY                          # (T, 33)
        pts = landmarks_image[visible][:, :2] * np.array([width, height])             # (P, 2) pixels
        pts = pts[np.isfinite(pts).all(axis=1)]
        if len(pts) < 4:
            cx, cy, side = width / 2, height / 2, side_max
        else:
            lo, hi = np.percentile(pts, 2, axis=0), np.percentile(pts, 98, axis=0)
            cx, cy = (lo + hi) / 2
            side = min(max(hi - lo) * margin, side_max)
    side = max(int(round(side)), 16)
    x0 = int(np.clip(round(cx - side / 2), 0, width - side))
    y0 = int(np.clip(round(cy - side / 2), 0, height - side))
    return x0, y0, x0 + side, y0 + side


def preprocess_frame(rgb: np.ndarray, box: tuple[int, int, int, int], size: int = 224) -> np.ndarray:
    """RGB uint8 (H, W, 3) -> (3, size, size) float32, cropped to box, resized, ImageNet-normalised."""
    x0, y0, x1, y1 = box
    crop = rgb[y0:y1, x0:x1]
    interpolation = cv2.INTER_AREA if crop.shape[0] > size else cv2.INTER_LINEAR
    crop = cv2.resize(crop, (size, size), interpolation=interpolation).astype(np.float32) / 255.0
    return ((crop - IMAGENET_MEAN) / IMAGENET_STD).transpose(2, 0, 1)


def sample_video_frames(timestamps: np.ndarray, fps: float, max_frames: int) -> np.ndarray:
    """Indices of the clip frames to encode: about `fps` per second of clip, at most max_frames, in order."""
    timestamps = np.asarray(timestamps, dtype=np.float64)
    if len(timestamps) == 0:
        return np.zeros(0, dtype=np.int64)
    duration = timestamps[-1] - timestamps[0]
    count = int(np.clip(np.floor(duration * fps) + 1, 1, max_frames))
    wanted = np.linspace(timestamps[0], timestamps[-1], count)
    index = np.clip(np.searchsorted(timestamps, wanted), 0, len(timestamps) - 1)
    return np.unique(index).astype(np.int64)
