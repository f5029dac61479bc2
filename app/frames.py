"""Decoded video frames for the player, held in memory (no Qt).

Scrubbing must be frame-accurate and instant, so a worker decodes the clip once into a downscaled in-memory
array that fits a memory budget; until a frame is decoded, `get(i)` returns the nearest decoded one before it.
"""

from __future__ import annotations

import threading

import cv2
import numpy as np

from llamo_engine.motion.video import VideoReader

MEMORY_BUDGET_BYTES = 384 * 1024 * 1024
MAX_SIDE = 720      # frames are never stored larger than this on their longer side
MIN_SIDE = 120      # ...nor smaller than this on their shorter side (long clips then exceed the budget)


def cache_size(width: int, height: int, num_frames: int, budget: int = MEMORY_BUDGET_BYTES) -> tuple[int, int]:
    """(w, h) to store frames at so num_frames of them fit `budget` bytes, keeping the aspect ratio."""
    scale = min(1.0, MAX_SIDE / max(width, height))
    per_frame = budget / max(1, num_frames) / 3
    scale = min(scale, (per_frame / (width * height)) ** 0.5)
    scale = max(scale, MIN_SIDE / min(width, height))
    return max(2, int(round(width * scale))) & ~1, max(2, int(round(height * scale))) & ~1


class FrameCache:
    """Frames (T, h, w, 3) RGB uint8 at display size; `source_size` is the video's own (width, height)."""

    def __init__(self, path: str, num_frames: int, fps: float, source_size: tuple[int, int]) -> None:
        self.path = path
        self.fps = fps
        self.source_size = source_size
        self.size = cache_size(source_size[0], source_size[1], num_frames)
        w, h = self.size
        self._frames = np.zeros((num_frames, h, w, 3), dtype=np.uint8)  # (T, h, w, 3)
        self._loaded = 0
        self._lock = threading.Lock()

    @property
    def num_frames(self) -> int:
        return self._frames.shape[0]

    @property
    def loaded(self) -> int:
        return self._loaded

    def put(self, index: int, rgb: np.ndarray) -> None:
        """Store frame `index` (frames arrive in order from the decoding worker)."""
        if index >= self.num_frames:
            return
        w, h = self.size
        if rgb.shape[1] != w or rgb.shape[0] != h:
            rgb = cv2.resize(rgb, (w, h), interpolation=cv2.INTER_AREA)
        self._frames[index] = rgb
        with self._lock:
            self._loaded = max(self._loaded, index + 1)

    def truncate(self, num_frames: int) -> None:
        """The container promised more frames than it held."""
        with self._lock:
            self._frames = self._frames[:num_frames]
            self._loaded = min(self._loaded, num_frames)

    def get(self, index: int) -> np.ndarray | None:
        """(h, w, 3) frame `index`, or the last decoded frame before it; None if nothing is decoded yet."""
        with self._lock:
            if self._loaded == 0:
                return None
            return self._frames[min(max(int(index), 0), self._loaded - 1)]

    def close(self) -> None:
        with self._lock:
            self._frames = self._frames[:0]
            self._loaded = 0


def load_frames(path: str, report=None, cancel=None) -> FrameCache:
    """Decode a whole clip into a FrameCache (`report(done, total)` per frame; stops when cancel is set)."""
    with VideoReader(path) as reader:
        total = reader.num_frames
        cache = FrameCache(path, total, reader.fps, (reader.width, reader.height))
        for i, rgb in reader.frames(0, total):
            if cancel is not None and cancel.is_set():
                break
            cache.put(i, rgb)
            if report is not None and (i % 10 == 0 or i == total - 1):
                report(i + 1, total)
    if cache.loaded < cache.num_frames and not (cancel is not None and cancel.is_set()):
        cache.truncate(cache.loaded)
    return cache


def display_frame(rgb: np.ndarray, width: int, height: int, smooth: bool = True) -> np.ndarray:
    """(h, w, 3) RGB -> (height, width, 4) BGRA uint8, the layout of a 32-bit QImage: the painter then blits it
    without scaling or converting (scaling in the painter is several times slower than OpenCV)."""
    if rgb.shape[1] != width or rgb.shape[0] != height:
        shrink = width < rgb.shape[1]
        interpolation = cv2.INTER_AREA if smooth and shrink else cv2.INTER_LINEAR
        rgb = cv2.resize(rgb, (width, height), interpolation=interpolation)
    return cv2.cvtColor(rgb, cv2.COLOR_RGB2BGRA)


def thumbnail_png(rgb: np.ndarray, height: int = 96) -> bytes:
    """A PNG thumbnail of one RGB frame, `height` pixels tall."""
    h, w = rgb.shape[:2]
    small = cv2.resize(rgb, (max(1, round(w * height / h)), height), interpolation=cv2.INTER_AREA)
    ok, buf = cv2.imencode(".png", cv2.cvtColor(small, cv2.COLOR_RGB2BGR))
    if not ok:
        raise ValueError("could not encode the thumbnail")
    return buf.tobytes()
