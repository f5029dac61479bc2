"""`analyze(motion, sport=None) -> SwingAnalysis`: every swing in a clip, its events, metrics and faults.

Sport detection: golf swings are hand-path arcs from hands hanging low, over the trail shoulder and over the
lead shoulder; baseball swings are hand-speed bursts from hands held up toward the pitcher; both need the hands
together on a club or bat. A clip with neither (a pitch, a tennis serve, walking) is sport "none".
Handedness is chosen per clip from the direction of the swings.
"""

from __future__ import annotations

import numpy as np

from llamo_engine.analysis.baseball_events import baseball_events, find_baseball_swings
from llamo_engine.analysis.faults import detect_faults
from llamo_engine.analysis.golf_events import find_golf_swings, golf_events
from llamo_engine.analysis.hand_path import frontal_angle
from llamo_engine.analysis.kinematics import body_of, curves
from llamo_engine.analysis.metrics import swing_metrics
from llamo_engine.analysis.signals import smooth
from llamo_engine.analysis.types import Swing, SwingAnalysis
from llamo_engine.motion.skeleton import MotionSequence

HANDS_TOGETHER_M = 0.28   # median wrist distance during a swing (a club or bat held in both hands)
GOLF_LOW_HANDS_M = 0.08   # golf: the hands' lowest point in the downswing no higher than this above the pelvis
SPORTS = ("golf", "baseball")


def _hands_together(body, lo: int, hi: int) -> bool:
    d = np.linalg.norm(body.wrists[0][lo:hi + 1] - body.wrists[1][lo:hi + 1], axis=1)
    return bool(np.median(d) < HANDS_TOGETHER_M)


def _golf_candidates(motion: MotionSequence, right: bool) -> tuple[list[dict], object, dict]:
    body = body_of(motion, right)
    cv = curves(body, 0)
    out = []
    for c in find_golf_swings(cv["hand_angle"], motion.fps):
        low = float(np.min(body.hands[c["top"]:c["follow"] + 1, 1] - body.pelvis[c["top"]:c["follow"] + 1, 1]))
        if _hands_together(body, c["lo"], c["follow"]) and low < GOLF_LOW_HANDS_M:
            out.append(c)
    return out, body, cv


def _baseball_candidates(motion: MotionSequence, right: bool) -> tuple[list[dict], object, dict]:
    body = body_of(motion, right)
    cv = curves(body, 0)
    cv["hand_lateral"] = (body.hands[:, 0] - body.hands[0, 0]) * body.target
    cv["hands"] = smooth(body.hands, motion.fps, 0.1)
    height = body.hands[:, 1] - body.pelvis[:, 1]
    out = [c for c in find_baseball_swings(cv["hand_speed"], height, cv["hand_lateral"], motion.fps)
           if _hands_together(body, max(c["lo"], c["contact"] - int(0.5 * motion.fps)), c["contact"])
           and height[c["contact"]] > GOLF_LOW_HANDS_M]
    return out, body, cv


def _backswing_side(body, cands: list[dict]) -> float:
    """Median frontal hand-path angle over the golf candidates' backswings: + when the hands went to the trail
    side of this handedness. Breaks the tie between handedness where the swings were found without the sign of
    x (down the line), whose sign at the top of the backswing survives in depth."""
    if not cands:
        return 0.0
    a = frontal_angle(body.hands - body.shoulder_mid, body.target)
    return float(np.median(np.concatenate([a[c["lo"]:c["top"] + 1] for c in cands])))


def _detect(motion: MotionSequence, sport: str | None):
    """(sport, right_handed, candidates, body, clip curves)."""
    options = []
    for sp in ([sport] if sport else SPORTS):
        finder = _golf_candidates if sp == "golf" else _baseball_candidates
        for right in (True, False):
            cands, body, cv = finder(motion, right)
            side = _backswing_side(body, cands) if sp == "golf" else 0.0
            options.append((len(cands), sp == "golf", side, right, sp, cands, body, cv))
    best = max(options, key=lambda o: o[:4])
    n, _, _, right, sp, cands, body, cv = best
    return (sp if n else "none"), right, cands, body, cv


def analyze(motion: MotionSequence, sport: str | None = None) -> SwingAnalysis:
    """Analyse a clip. `sport` "golf" or "baseball" forces that sport; None detects it (or "none")."""
    if sport is not None and sport not in SPORTS:
        raise ValueError(f"sport must be one of {SPORTS} or None, got {sport!r}")
    fps, T = motion.fps, motion.num_frames
    if T < int(0.5 * fps):
        return SwingAnalysis(sport="none", swings=[], curves={}, fps=fps, num_frames=T,
                             camera_yaw_deg=motion.camera_yaw_deg,
                             notes=["the clip is shorter than half a second: too short for a swing"])
    found, right, cands, body, cv0 = _detect(motion, sport)
    club_measured = motion.club is not None and not motion.club_estimated
    notes: list[str] = []
    swings: list[Swing] = []
    prev_end = 0
    for c in cands:
        if found == "golf":
            ev, n = golf_events(cv0["hand_angle"], cv0["lead_arm_elevation"],
                                cv0.get("shaft_elevation") if club_measured else None, fps, c, prev_end,
                                hand_drop=body.shoulder_mid[:, 1] - body.hands[:, 1])
            start = ev["address"] if ev["address"] is not None else c["lo"]
            end = ev["finish"] if ev["finish"] is not None else min(T - 1, c["follow"])
        else:
            ev, n = baseball_events(cv0, fps, c, prev_end)
            start = ev["stance"] if ev["stance"] is not None else c["lo"]
            end = ev["follow_through"] if ev["follow_through"] is not None else c["hi"]
        cv = curves(body, start)
        metrics = swing_metrics(found, body, cv, ev, motion.camera_yaw_deg, club_measured)
        swings.append(Swing(start=int(start), end=int(end), events={k: (None if v is None else int(v))
                                                                     for k, v in ev.items()},
                            metrics=metrics, faults=detect_faults(found, metrics),
                            handedness="right" if right else "left"))
        notes.extend(f"swing {len(swings)}: {x}" for x in n)
        prev_end = end
    if found == "none":
        notes.append("no golf or baseball swing found (no fast two-handed swing of a club or bat)")
    ref = swings[0].start if swings else 0
    timeline = curves(body, ref) if swings else {k: cv0[k] for k in ("hand_speed", "hand_height")}
    timeline = {k: np.asarray(v, dtype=np.float64) for k, v in timeline.items()}
    if motion.camera_yaw_deg is not None:
        notes.append(f"video estimate (camera yaw {motion.camera_yaw_deg:.0f} deg): metrics along the camera "
                     "axis have low confidence")
    return SwingAnalysis(sport=found, swings=swings, curves=timeline, fps=fps, num_frames=T,
                         camera_yaw_deg=motion.camera_yaw_deg, notes=notes)
