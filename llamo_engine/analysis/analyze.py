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
from llamo_engine.analysis.image_hands import image_hands, image_wrist_gap
from llamo_engine.analysis.hand_path import frontal_angle
from llamo_engine.analysis.kinematics import body_of, curves
from llamo_engine.analysis.metrics import swing_metrics
from llamo_engine.analysis.signals import smooth
from llamo_engine.analysis.slow_motion import slow_motion_note, suggest_capture_fps
from llamo_engine.analysis.sport import hands_on_grip_at_peak, looks_like_golf
from llamo_engine.analysis.types import Swing, SwingAnalysis
from llamo_engine.motion.skeleton import MotionSequence

HANDS_TOGETHER_M = 0.28   # median wrist distance during a swing (a club or bat held in both hands)
HANDS_TOGETHER_IMAGE = 0.4  # ... or in the image, torso lengths (real golf and batting clips 0.10-0.18, pitches 0.8+)
GOLF_LOW_HANDS_M = 0.08   # golf: the hands' lowest point in the downswing no higher than this above the pelvis
SPORTS = ("golf", "baseball")


def _hands_together(body, lo: int, hi: int, gap_image: np.ndarray | None = None) -> bool:
    """Both hands on one grip over frames lo..hi: by the 3-D wrist distance, or for a video by the wrists'
    distance in the image (gap_image (T,) torso lengths), which depth noise does not spread apart."""
    d = np.linalg.norm(body.wrists[0][lo:hi + 1] - body.wrists[1][lo:hi + 1], axis=1)
    if np.median(d) < HANDS_TOGETHER_M:
        return True
    return gap_image is not None and bool(np.median(gap_image[lo:hi + 1]) < HANDS_TOGETHER_IMAGE)


def _golf_candidates(motion: MotionSequence, right: bool) -> tuple[list[dict], object, dict]:
    body = body_of(motion, right)
    cv = curves(body, 0)
    gap = image_wrist_gap(motion)
    out = []
    for c in find_golf_swings(cv["hand_angle"], motion.fps):
        low = float(np.min(body.hands[c["top"]:c["follow"] + 1, 1] - body.pelvis[c["top"]:c["follow"] + 1, 1]))
        if _hands_together(body, c["lo"], c["follow"], gap) and low < GOLF_LOW_HANDS_M:
            out.append(c)
    return out, body, cv


def _baseball_candidates(motion: MotionSequence, right: bool) -> tuple[list[dict], object, dict]:
    body = body_of(motion, right)
    cv = curves(body, 0)
    cv["hand_lateral"] = (body.hands[:, 0] - body.hands[0, 0]) * body.target
    cv["hands"] = smooth(body.hands, motion.fps, 0.1)
    height = body.hands[:, 1] - body.pelvis[:, 1]
    gap = image_wrist_gap(motion)
    out = [c for c in find_baseball_swings(cv["hand_speed"], height, cv["hand_lateral"], motion.fps)
           if _hands_together(body, max(c["lo"], c["contact"] - int(0.5 * motion.fps)), c["contact"])
           and hands_on_grip_at_peak(body, c["contact"], gap, HANDS_TOGETHER_IMAGE)
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
    per_sport = {o[4]: o for o in sorted(options, key=lambda o: o[:4])}   # each sport's best handedness
    if all(per_sport.get(sp, (0,))[0] for sp in SPORTS):                # both finders saw swings
        g, b = per_sport["golf"], per_sport["baseball"]
        best = g if looks_like_golf(motion, g[5], g[6], b[5], b[6]) else b
    n, _, _, right, sp, cands, body, cv = best
    return (sp if n else "none"), right, cands, body, cv


def _golf_events_at(motion, cands, body, cv0, club_measured, rate: float) -> list[tuple[dict, list[str]]]:
    """(events, notes) of each golf candidate with every window in seconds at `rate` (the capture rate)."""
    out, prev_end = [], 0
    hands_img = image_hands(motion)
    for c in cands:
        ev, n = golf_events(cv0["hand_angle"], cv0["lead_arm_elevation"],
                            cv0.get("shaft_elevation") if club_measured else None, rate, c, prev_end,
                            hand_drop=body.shoulder_mid[:, 1] - body.hands[:, 1], hands_image=hands_img)
        out.append((ev, n))
        prev_end = ev["finish"] if ev["finish"] is not None else min(motion.num_frames - 1, c["follow"])
    return out


def _golf_passes(motion, cands, body, cv0, club_measured):
    """(suggested capture fps or None, [(events, notes)] per candidate, median downswing in frames).

    Events are found at the clip's rate first; when their downswing (top -> impact) says slow motion, again at
    the rate the clip looks recorded at, so that smoothing windows and look-backs span the same real time as in
    a real-time clip (frames, and so events, keep their numbering)."""
    fps = motion.fps
    passes = _golf_events_at(motion, cands, body, cv0, club_measured, fps)
    down = [ev["impact"] - ev["top"] for ev, _ in passes if ev["impact"] is not None]
    slow = suggest_capture_fps(float(np.median(down)), fps) if down else None
    for _ in range(3):  # the downswing read at the new rate may suggest another rate (a few passes settle it)
        if slow is None:
            break
        passes = _golf_events_at(motion, cands, body, cv0, club_measured, slow)
        down = [ev["impact"] - ev["top"] for ev, _ in passes if ev["impact"] is not None] or down
        again = suggest_capture_fps(float(np.median(down)), fps)
        if again is None or again == slow:
            break
        slow = again
    return slow, passes, float(np.median(down)) if down else 0.0


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
    golf = _golf_passes(motion, cands, body, cv0, club_measured) if found == "golf" else None
    slow = None if golf is None else golf[0]
    for i, c in enumerate(cands):
        if found == "golf":
            ev, n = golf[1][i]
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
    if slow is not None:
        notes.append(slow_motion_note(golf[2], fps, slow))
    ref = swings[0].start if swings else 0
    timeline = curves(body, ref) if swings else {k: cv0[k] for k in ("hand_speed", "hand_height")}
    timeline = {k: np.asarray(v, dtype=np.float64) for k, v in timeline.items()}
    if motion.camera_yaw_deg is not None:
        notes.append(f"video estimate (camera yaw {motion.camera_yaw_deg:.0f} deg): metrics along the camera "
                     "axis have low confidence")
    return SwingAnalysis(sport=found, swings=swings, curves=timeline, fps=fps, num_frames=T,
                         camera_yaw_deg=motion.camera_yaw_deg, notes=notes, suggested_capture_fps=slow)
