"""The slow-motion check: a real clip re-timed to FACTOR x slow motion must give the same events and real-time
metrics once its capture rate is known, and must be flagged as slow motion when it is not.

Re-timing interpolates every per-frame array of the estimated motion (joints, raw joints, club, image
landmarks) to FACTOR x the frames and keeps the playback rate: what a camera recording at FACTOR x the rate
would have written into a file that plays at the clip's rate. A clip that is slow motion already is compared
at its own suggested capture rate (its real time as the analysis reads it).
"""

from __future__ import annotations

import dataclasses

import numpy as np

from llamo_engine.analysis import analyze
from llamo_engine.eval.real_events import golfdb_tolerance
from llamo_engine.motion.skeleton import MotionSequence

FACTOR = 4
REAL_TIME_METRICS = ("backswing_time_s", "downswing_time_s", "tempo_ratio", "hand_speed_max")


def retime(motion: MotionSequence, factor: int) -> MotionSequence:
    """The same motion with `factor` x the frames at the same fps (slow motion): arrays (T, ...) -> (T', ...)
    with T' = (T - 1) x factor + 1, linear in time; confidence and presence from the nearest frame."""
    T = motion.num_frames
    t_old = np.arange(T, dtype=np.float64)
    t_new = np.arange((T - 1) * factor + 1, dtype=np.float64) / factor

    def interp(a):
        if a is None:
            return None
        flat = np.asarray(a, dtype=np.float64).reshape(T, -1)
        out = np.stack([np.interp(t_new, t_old, flat[:, i]) for i in range(flat.shape[1])], axis=1)
        return out.reshape((len(t_new),) + a.shape[1:])

    nearest = np.clip(np.round(t_new).astype(int), 0, T - 1)
    return dataclasses.replace(
        motion, joints=interp(motion.joints), confidence=motion.confidence[nearest], present=motion.present[nearest],
        timestamps=motion.timestamps[0] + t_new / motion.fps, club=interp(motion.club),
        joints_raw=interp(motion.joints_raw), landmarks_image=interp(motion.landmarks_image),
        meta=dict(motion.meta, retimed_x=factor))


def check(name: str, motion: MotionSequence, factor: int = FACTOR) -> dict | None:
    """Compare a clip's analysis with its FACTOR x slow-motion copy, with and without the capture rate.

    Returns {"clip", "rate": real-time rate of the original, "suggested": the copy's suggested capture fps
    (None = not flagged), "known" / "unknown": max |event error| in original frames (None when the swing or an
    event went missing), "tol" (GolfDB's, from the original's events), "metrics": {name: (original, copy with
    rate known)}}; None when the original clip shows no golf swing."""
    a0 = analyze(motion)
    if a0.sport != "golf" or not a0.swings:
        return None
    ev0 = {k: v for k, v in a0.swings[0].events.items() if v is not None}
    tol = golfdb_tolerance(ev0) if "impact" in ev0 and ("address" in ev0 or "top" in ev0) else 1
    rate = a0.suggested_capture_fps or motion.fps
    real = analyze(motion.with_capture_fps(rate)) if rate != motion.fps else a0
    slow = retime(motion, factor)
    known = analyze(slow.with_capture_fps(rate * factor))
    unknown = analyze(slow)

    def err(a) -> float | None:
        if a.sport != "golf" or not a.swings:
            return None
        e = [abs(a.swings[0].events[k] / factor - v) for k, v in a0.swings[0].events.items()
             if v is not None and a.swings[0].events.get(k) is not None]
        lost = any(v is not None and a.swings[0].events.get(k) is None for k, v in a0.swings[0].events.items())
        return None if lost or not e else float(max(e))

    metrics = {}
    if known.sport == "golf" and known.swings:
        for m in REAL_TIME_METRICS:
            if m in real.swings[0].metrics and m in known.swings[0].metrics:
                metrics[m] = (real.swings[0].metrics[m].value, known.swings[0].metrics[m].value)
    return {"clip": name, "rate": rate, "suggested": unknown.suggested_capture_fps, "known": err(known),
            "unknown": err(unknown), "tol": tol, "metrics": metrics}


def print_checks(rows: list[dict], factor: int = FACTOR) -> None:
    print(f"{'clip':<24}{'rate':>6}{'flagged at':>12}{'known: max err':>16}{'unknown: max err':>18}{'tol':>5}"
          "  real-time metrics, original -> copy")
    for r in rows:
        flag = "no" if r["suggested"] is None else f"{r['suggested']:.0f}"
        k = "lost" if r["known"] is None else f"{r['known']:.1f}"
        u = "lost" if r["unknown"] is None else f"{r['unknown']:.1f}"
        mets = ", ".join(f"{n} {a:.3g}->{b:.3g}" for n, (a, b) in r["metrics"].items())
        print(f"{r['clip']:<24}{r['rate']:>6.0f}{flag:>12}{k:>16}{u:>18}{r['tol']:>5}  {mets}")
    flagged = sum(r["suggested"] is not None for r in rows)
    same = sum(r["known"] is not None and r["known"] <= r["tol"] for r in rows)
    print(f"  {factor}x copies flagged as slow motion: {flagged}/{len(rows)}; events within tolerance once the rate "
          f"is known: {same}/{len(rows)}")
