"""Small shaping functions for swing tracks: eased ramps and keyframe interpolation over time."""

from __future__ import annotations

import numpy as np


def ease(u: np.ndarray) -> np.ndarray:
    """Smooth 0 -> 1 ramp with zero slope at both ends (u clipped to [0, 1])."""
    return 0.5 - 0.5 * np.cos(np.pi * np.clip(u, 0.0, 1.0))


def progress(t: np.ndarray, t0: float, t1: float) -> np.ndarray:
    """Linear 0 -> 1 progress of time t (T,) through [t0, t1], clipped."""
    return np.clip((t - t0) / max(t1 - t0, 1e-9), 0.0, 1.0)


def accelerate(u: np.ndarray) -> np.ndarray:
    """0 -> 1 starting at rest and arriving at full speed (u^2)."""
    return np.clip(u, 0.0, 1.0) ** 2


def decelerate(u: np.ndarray) -> np.ndarray:
    """0 -> 1 leaving at full speed and arriving at rest (1 - (1 - u)^2)."""
    return 1.0 - (1.0 - np.clip(u, 0.0, 1.0)) ** 2


def keyframes(t: np.ndarray, times: list[float], values: list, shape=ease) -> np.ndarray:
    """Piecewise interpolation through (times[i], values[i]) with a shape per segment (one callable for all
    segments, or a list with one per segment).

    t: (T,) -> (T,) for scalar values or (T, D) for vector values; held constant outside the keyframes.
    """
    shapes = shape if isinstance(shape, (list, tuple)) else [shape] * (len(times) - 1)
    vals = [np.asarray(v, dtype=np.float64) for v in values]
    out = np.empty((len(t),) + vals[0].shape)
    out[:] = vals[0]
    for (a, b), (va, vb), sh in zip(zip(times[:-1], times[1:]), zip(vals[:-1], vals[1:]), shapes):
        w = sh(progress(t, a, b)).reshape((-1,) + (1,) * vals[0].ndim)
        mask = t >= a
        out[mask] = (va + (vb - va) * w)[mask]
    return out


def hump(t: np.ndarray, t0: float, t1: float) -> np.ndarray:
    """0 -> 1 -> 0 bump over [t0, t1] (sin^2 shape), 0 outside."""
    u = (t - t0) / max(t1 - t0, 1e-9)
    return np.where((u > 0) & (u < 1), np.sin(np.pi * np.clip(u, 0, 1)) ** 2, 0.0)
