"""Real-data parts of the analysis evaluation: cached motion of real clips, sport detection on unlabelled clips
and Driveline pitching captures (the labelled clips' events are in real_events).

Data live in ../shared/realdata (never in the repo); every function returns None when its data are absent.
Estimated motion is cached as .npz under the user cache directory (never in the repo).
"""

from __future__ import annotations

import csv
import os
import pathlib

import platformdirs

import numpy as np

from llamo_engine.analysis import analyze
from llamo_engine.analysis.kinematics import body_of
from llamo_engine.analysis.signals import smooth
from llamo_engine.motion.c3d import load_c3d
from llamo_engine.motion.estimator import estimate_motion, estimator_fingerprint
from llamo_engine.motion.skeleton import MotionSequence

def default_realdata() -> pathlib.Path:
    env = os.environ.get("LLAMO_REALDATA")
    return pathlib.Path(env) if env else pathlib.Path(__file__).resolve().parents[3] / "shared" / "realdata"


def cache_dir() -> pathlib.Path:
    """LLAMO_EVAL_CACHE when set, else the user cache directory's eval_motion folder."""
    env = os.environ.get("LLAMO_EVAL_CACHE")
    d = pathlib.Path(env) if env else pathlib.Path(platformdirs.user_cache_dir("llamo_coach")) / "eval_motion"
    d.mkdir(parents=True, exist_ok=True)
    return d


def cached_motion(video: pathlib.Path) -> MotionSequence:
    """MediaPipe motion of a video, estimated once and cached by file name, size and estimator fingerprint."""
    dst = cache_dir() / f"{video.stem}-{video.stat().st_size}-{estimator_fingerprint()}.npz"
    if dst.exists():
        return MotionSequence.load(dst)
    motion = estimate_motion(video)
    motion.save(dst)
    return motion


def unlabeled_clips(root: pathlib.Path) -> list[dict] | None:
    """Sport detection on the unlabelled golf clip (expect golf) and the pitching videos (expect none)."""
    videos = [(p, "golf") for p in sorted((root / "golf" / "unlabeled").glob("*.mp4"))] + \
             [(p, "none") for p in sorted((root / "baseball" / "pitching_video").glob("*.mp4"))]
    if not videos:
        return None
    return [{"clip": p.name, "expected": want, "got": analyze(cached_motion(p)).sport} for p, want in videos]


def _yaw(v: np.ndarray) -> np.ndarray:
    return np.degrees(np.arctan2(-v[:, 2], v[:, 0]))


def pitching_separation(motion: MotionSequence, right_handed: bool) -> tuple[float, float, int]:
    """(max hip-shoulder separation, separation at foot plant, foot-plant frame) of a pitch, degrees.

    Separation = ground-plane angle between the hip line and the thorax (collar) line. Foot plant = the lead (glove-
    side) ankle back on the ground after the leg lift, moving no more."""
    body = body_of(motion, right_handed, window_s=0.02)
    fps = motion.fps
    sep = _yaw(body.collars[0] - body.collars[1]) - _yaw(body.hips[0] - body.hips[1])
    sep = (sep + 180.0) % 360.0 - 180.0
    ankle = smooth(body.ankles[0], fps, 0.03)
    h = ankle[:, 1]
    peak = int(np.argmax(h))
    ground = float(np.percentile(h, 5))
    speed = np.linalg.norm(np.gradient(ankle, axis=0) * fps, axis=1)
    fp = peak
    for k in range(peak, len(h)):
        if h[k] < ground + 0.04 and speed[k] < 1.0:
            fp = k
            break
    win = slice(max(0, fp - int(0.2 * fps)), min(len(sep), fp + int(0.15 * fps)))
    sign = np.sign(sep[win][np.argmax(np.abs(sep[win]))]) or 1.0
    s = sep * sign
    return float(s[peak:min(len(s), fp + int(0.25 * fps))].max()), float(s[fp]), fp


def marker_thorax_separation(path: pathlib.Path, fp: int, lift: int, fps: float) -> tuple[float, float] | None:
    """Diagnostic: the same separation with Driveline-like segments from raw markers: thorax forward =
    (CLAV + STRN) - (C7 + T10), pelvis forward = ASIS midpoint - PSIS midpoint, in the ground plane (z up in
    these captures). Returns (max, at foot plant) or None when the markers are missing."""
    import ezc3d
    c = ezc3d.c3d(str(path))
    labels = [str(x).strip() for x in c["parameters"]["POINT"]["LABELS"]["value"]]
    need = ("CLAV", "STRN", "C7", "T10", "LASI", "RASI", "LPSI", "RPSI")
    if not set(need) <= set(labels):
        return None
    m = {n: c["data"]["points"][:3, labels.index(n), :].T for n in need}  # (T, 3)
    thorax = (m["CLAV"] + m["STRN"]) - (m["C7"] + m["T10"])
    pelvis = (m["LASI"] + m["RASI"]) - (m["LPSI"] + m["RPSI"])
    sep = np.degrees(np.arctan2(thorax[:, 1], thorax[:, 0]) - np.arctan2(pelvis[:, 1], pelvis[:, 0]))
    sep = (sep + 180.0) % 360.0 - 180.0
    sep = smooth(np.nan_to_num(sep), fps, 0.02)
    sign = np.sign(sep[fp]) or 1.0
    return float((sep * sign)[lift:min(len(sep), fp + int(0.25 * fps))].max()), float(sep[fp] * sign)


def driveline(root: pathlib.Path) -> dict | None:
    folder = root / "mocap" / "obp_pitching"
    table = folder / "poi_rows_for_extracted_c3d.csv"
    if not table.exists():
        return None
    with open(table, newline="") as f:
        rows = list(csv.DictReader(f))
    out, failures = [], []
    for r in rows:
        path = folder / r["filename_new"]
        if not path.exists():
            continue
        try:
            motion = load_c3d(path)
        except ValueError as exc:  # the C3D loader cannot read this capture (yet)
            failures.append(f"{path.name}: {str(exc)[:120]}")
            continue
        mx, at_fp, fp = pitching_separation(motion, right_handed=r["p_throws"].strip().upper() != "L")
        lift = int(np.argmax(body_of(motion, r["p_throws"].strip().upper() != "L").ankles[0][:, 1]))
        markers = marker_thorax_separation(path, fp, lift, motion.fps)
        out.append({"pitch": r["session_pitch"], "ours_max": mx, "markers": markers, "ref_max": float(r["max_rotation_hip_shoulder_separation"]),
                    "ours_fp": at_fp, "ref_fp": float(r["rotation_hip_shoulder_separation_fp"]), "fp": fp})
    return {"rows": out, "failures": failures}
