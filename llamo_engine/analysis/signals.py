"""1-D signal helpers shared by segmentation, events and metrics: smoothing, derivatives, level crossings and
onset/arrival estimation. All frame indices are ints into the clip; all inputs are (T,) float arrays."""

from __future__ import annotations

import numpy as np


def smooth(x: np.ndarray, fps: float, window_s: float = 0.1) -> np.ndarray:
    """Centred moving average over ~window_s seconds (odd window, edges reflected); (T,) or (T, D)."""
    w = max(1, int(round(window_s * fps)) | 1)
    if w == 1 or len(x) < 3:
        return np.asarray(x, dtype=np.float64).copy()
    x = np.asarray(x, dtype=np.float64)
    pad = w // 2
    padded = np.concatenate([x[pad:0:-1], x, x[-2:-pad - 2:-1]], axis=0) if len(x) > pad + 1 else \
        np.pad(x, [(pad, pad)] + [(0, 0)] * (x.ndim - 1), mode="edge")
    kernel = np.ones(w) / w
    if x.ndim == 1:
        return np.convolve(padded, kernel, mode="valid")
    return np.stack([np.convolve(padded[:, i], kernel, mode="valid") for i in range(x.shape[1])], axis=1)


def derivative(x: np.ndarray, fps: float) -> np.ndarray:
    """Central-difference time derivative (units per second), same length as x."""
    if len(x) < 2:
        return np.zeros_like(np.asarray(x, dtype=np.float64))
    return np.gradient(np.asarray(x, dtype=np.float64), axis=0) * fps


def unwrap_deg(a: np.ndarray) -> np.ndarray:
    return np.degrees(np.unwrap(np.radians(a)))


def crossing(x: np.ndarray, level: float, lo: int, hi: int, rising: bool) -> int | None:
    """First frame in [lo, hi] where x crosses `level` (upward if rising), rounded to the nearer side of the
    crossing by linear interpolation; None when it does not cross."""
    lo, hi = max(lo, 1), min(hi, len(x) - 1)
    for k in range(lo, hi + 1):
        a, b = x[k - 1] - level, x[k] - level
        if (a < 0 <= b) if rising else (a > 0 >= b):
            frac = a / (a - b) if a != b else 1.0
            return k - 1 + int(round(frac))
    return None


def peak_refine(x: np.ndarray, k: int) -> float:
    """Sub-frame position of an extremum at frame k by a parabola through its neighbours."""
    if k <= 0 or k >= len(x) - 1:
        return float(k)
    a, b, c = x[k - 1], x[k], x[k + 1]
    den = a - 2 * b + c
    return float(k) if den == 0 else float(k + np.clip(0.5 * (a - c) / den, -0.5, 0.5))


def onset(x: np.ndarray, start: int, levels: tuple[float, float]) -> float | None:
    """Sub-frame time at which a rising excursion x (T,), 0 at rest, leaves rest.

    Finds where x first reaches levels[0] and levels[1] after `start` and extrapolates backward assuming a
    quadratic start (sqrt(x) linear in time): the moment the motion began, not when it became visible.
    """
    k1 = crossing(x, levels[0], start, len(x) - 1, rising=True)
    k2 = None if k1 is None else crossing(x, levels[1], k1, len(x) - 1, rising=True)
    if k1 is None or k2 is None:
        return None
    t1, t2 = _sub(x, k1, levels[0]), _sub(x, k2, levels[1])
    r1, r2 = np.sqrt(levels[0]), np.sqrt(levels[1])
    return t1 - (t2 - t1) * r1 / (r2 - r1) if t2 > t1 else t1


def _sub(x: np.ndarray, k: int, level: float) -> float:
    """Sub-frame crossing time of `level` next to frame k."""
    for a, b in ((k - 1, k), (k, k + 1)):
        if 0 <= a and b < len(x) and (x[a] - level) * (x[b] - level) <= 0 and x[a] != x[b]:
            return a + (level - x[a]) / (x[b] - x[a])
    return float(k)
