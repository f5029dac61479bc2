"""Temporal clean-up of per-frame landmarks: gap filling and One-Euro smoothing.

Both work on arrays shaped (T, ...) where a missing frame is a row of NaN.
"""

from __future__ import annotations

import numpy as np


def find_gaps(present: np.ndarray) -> list[tuple[int, int]]:
    """Runs of missing frames as (start, end) half-open ranges. present: (T,) bool."""
    gaps, start = [], None
    for i, p in enumerate(present):
        if not p and start is None:
            start = i
        elif p and start is not None:
            gaps.append((start, i))
            start = None
    if start is not None:
        gaps.append((start, len(present)))
    return gaps


def fill_gaps(values: np.ndarray, present: np.ndarray, max_gap: int) -> tuple[np.ndarray, list[tuple[int, int]]]:
    """Linearly interpolate interior gaps of up to `max_gap` frames; hold the nearest observed frame elsewhere.

    values: (T, ...) with NaN rows where absent. Returns the filled copy (finite wherever any frame was
    observed) and the gaps longer than `max_gap` (or touching the clip's ends) that were only held, not filled.
    """
    out = values.copy()
    T = len(present)
    long_gaps = []
    if not present.any():
        return out, [(0, T)] if T else []
    for start, end in find_gaps(present):
        before, after = start - 1, end
        interior = before >= 0 and after < T
        if interior and end - start <= max_gap:
            w = (np.arange(start, end) - before) / (after - before)
            w = w.reshape((-1,) + (1,) * (values.ndim - 1))
            out[start:end] = (1 - w) * values[before] + w * values[after]
        else:
            out[start:end] = values[before] if before >= 0 else values[after]
            long_gaps.append((start, end))
    return out, long_gaps


def one_euro(values: np.ndarray, timestamps: np.ndarray, min_cutoff: float, beta: float,
             d_cutoff: float = 1.0) -> np.ndarray:
    """One-Euro filter (Casiez et al. 2012) along axis 0 of a finite (T, ...) array.

    The cutoff rises with speed (cutoff = min_cutoff + beta * |dx/dt|), so jitter at rest is removed while
    fast motion (the downswing) keeps its timing. min_cutoff and d_cutoff in Hz; beta in 1 / (value unit).
    """
    def alpha(cutoff, dt):
        tau = 1.0 / (2 * np.pi * cutoff)
        return 1.0 / (1.0 + tau / dt)

    out = np.empty_like(values, dtype=np.float64)
    x_prev = values[0].astype(np.float64)
    dx_prev = np.zeros_like(x_prev)
    out[0] = x_prev
    for t in range(1, len(values)):
        dt = max(float(timestamps[t] - timestamps[t - 1]), 1e-4)
        dx = (values[t] - x_prev) / dt
        dx_hat = dx_prev + alpha(d_cutoff, dt) * (dx - dx_prev)
        a = alpha(min_cutoff + beta * np.abs(dx_hat), dt)
        x_prev = x_prev + a * (values[t] - x_prev)
        dx_prev = dx_hat
        out[t] = x_prev
    return out.astype(values.dtype)


def one_euro_zero_phase(values: np.ndarray, timestamps: np.ndarray, min_cutoff: float, beta: float,
                        d_cutoff: float = 1.0) -> np.ndarray:
    """One-Euro run forward and backward in time, averaged: the same jitter removal without the lag.

    A causal filter delays fast motion by a frame or two, which moves swing events (top, impact) late. Clips
    are analysed after recording, so the backward pass (which leads by as much as the forward pass lags) is
    available and cancels the delay.
    """
    forward = one_euro(values, timestamps, min_cutoff, beta, d_cutoff)
    backward = one_euro(values[::-1], timestamps[-1] - timestamps[::-1], min_cutoff, beta, d_cutoff)[::-1]
    return ((forward.astype(np.float64) + backward) / 2).astype(values.dtype)
