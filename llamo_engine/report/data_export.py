"""Data exports: per-frame joints and metric curves as CSV (with `read_frames_csv` to read it back), and the
SwingAnalysis as JSON. Both written atomically.

CSV columns: frame, time_s, present, then per joint `<joint>_x`, `<joint>_y`, `<joint>_z` (metres, canonical
frame: y up, +x the athlete's left) and `<joint>_conf`, then, when the clip has a club line, `club_grip_x` ...
`club_head_z`, then one column per analysis curve named `curve_<name>`. Floats keep float32 precision.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import os

import numpy as np

from llamo_engine.analysis.types import SwingAnalysis
from llamo_engine.atomic import write_text
from llamo_engine.motion.skeleton import JOINT_NAMES, NUM_JOINTS, MotionSequence
from llamo_engine.report.jobs import Steps

AXES = ("x", "y", "z")
CLUB_POINTS = ("club_grip", "club_head")


@dataclasses.dataclass
class FrameTable:
    """What a frames CSV holds. joints (T, 22, 3), confidence (T, 22), club (T, 2, 3) or None, curves name -> (T,)."""

    frames: np.ndarray
    timestamps: np.ndarray
    present: np.ndarray
    joints: np.ndarray
    confidence: np.ndarray
    club: np.ndarray | None
    curves: dict[str, np.ndarray]


def frames_header(motion: MotionSequence, analysis: SwingAnalysis | None) -> list[str]:
    cols = ["frame", "time_s", "present"]
    for name in JOINT_NAMES:
        cols += [f"{name}_{a}" for a in AXES] + [f"{name}_conf"]
    if motion.club is not None:
        cols += [f"{p}_{a}" for p in CLUB_POINTS for a in AXES]
    if analysis is not None:
        cols += [f"curve_{k}" for k in analysis.curves]
    return cols


def _num(x: float) -> str:
    return "" if not np.isfinite(x) else f"{x:.9g}"


def write_frames_csv(motion: MotionSequence, analysis: SwingAnalysis | None, path: str | os.PathLike,
                     progress=None, cancel=None) -> None:
    """Per-frame joints, confidences, club line and curves, one row per motion frame."""
    T = motion.num_frames
    if analysis is not None:
        bad = [k for k, v in analysis.curves.items() if len(v) != T]
        if bad:
            raise ValueError(f"curves {bad} do not have one value per frame ({T}); analyse this motion again")
    steps = Steps(T, progress, cancel)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(frames_header(motion, analysis))
    curves = [] if analysis is None else list(analysis.curves.values())
    for t in range(T):
        if t % 64 == 0:
            steps.step(min(64, T - t))
        row = [str(t), f"{motion.timestamps[t]:.6f}", "1" if motion.present[t] else "0"]
        for j in range(NUM_JOINTS):
            row += [_num(v) for v in motion.joints[t, j]] + [_num(motion.confidence[t, j])]
        if motion.club is not None:
            row += [_num(v) for v in motion.club[t].reshape(-1)]
        row += [_num(float(c[t])) for c in curves]
        w.writerow(row)
    steps.check()
    write_text(path, buf.getvalue())
    steps.finish()


def read_frames_csv(path: str | os.PathLike) -> FrameTable:
    """Read a CSV written by write_frames_csv; ValueError naming the problem for other files."""
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    if not rows or rows[0][:3] != ["frame", "time_s", "present"]:
        raise ValueError(f"{path}: not a LLaMo Coach frames CSV (the header must start frame,time_s,present)")
    header, body = rows[0], rows[1:]
    col = {name: i for i, name in enumerate(header)}
    missing = [f"{n}_{a}" for n in JOINT_NAMES for a in AXES if f"{n}_{a}" not in col]
    if missing:
        raise ValueError(f"{path}: joint columns missing: {', '.join(missing[:4])}...")
    data = np.array([[float(v) if v != "" else np.nan for v in r] for r in body], dtype=np.float64).reshape(
        len(body), len(header))

    def cols(names):
        return data[:, [col[n] for n in names]]
    joints = cols([f"{n}_{a}" for n in JOINT_NAMES for a in AXES]).reshape(-1, NUM_JOINTS, 3).astype(np.float32)
    conf = cols([f"{n}_conf" for n in JOINT_NAMES]).astype(np.float32)
    club = None
    if "club_grip_x" in col:
        club = cols([f"{p}_{a}" for p in CLUB_POINTS for a in AXES]).reshape(-1, 2, 3).astype(np.float32)
    curves = {h[len("curve_"):]: data[:, i] for i, h in enumerate(header) if h.startswith("curve_")}
    return FrameTable(frames=data[:, 0].astype(int), timestamps=data[:, 1], present=data[:, 2] > 0.5,
                      joints=joints, confidence=conf, club=club, curves=curves)


def write_analysis_json(analysis: SwingAnalysis, path: str | os.PathLike, clip: str | None = None) -> None:
    """The SwingAnalysis as JSON (SwingAnalysis.to_dict, plus the clip path); SwingAnalysis.from_dict reads it."""
    d = analysis.to_dict()
    if clip is not None:
        d = {"clip": str(clip), **d}
    write_text(path, json.dumps(d, indent=1) + "\n")
