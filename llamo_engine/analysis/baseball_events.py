"""Find baseball swings (hitting) in a clip and their events.

A swing is a burst of hand speed with both hands together, starting from hands held up near the trail
shoulder and moving toward the pitcher (the lead side). Events:
- stance: the moment the load starts (onset of hand / lead-foot motion), None when the clip starts later;
- load: the lead foot's highest lift (or the hands' furthest point back when there is no leg lift);
- foot_plant: the lead foot arriving back on the ground after the stride;
- contact: just after the hands' speed peak; follow_through: the hands coming to rest afterwards.
"""

from __future__ import annotations

import numpy as np

from llamo_engine.analysis.signals import onset, smooth

MIN_HAND_SPEED = 4.0     # m/s at contact
MIN_HANDS_UP_M = 0.2     # hands above the pelvis at stance/load
MIN_LEG_LIFT_M = 0.03
CONTACT_AFTER_PEAK_S = 0.035  # the hands' speed peaks just before the bat meets the ball
STILL_M = 0.05           # hands + lead-ankle drift (m) within which the hitter stands still in the stance
STILL_SEARCH_STEP_S = 0.02  # step of the search for the latest still stretch before the load


def find_baseball_swings(hand_speed: np.ndarray, hand_height: np.ndarray, hand_lateral: np.ndarray,
                         fps: float) -> list[dict]:
    """Candidates {'contact', 'lo', 'hi'}: hand-speed peaks with hands up beforehand and moving toward the
    pitcher (hand_lateral (T,) is the hands' position toward the target/pitcher side)."""
    sp = smooth(hand_speed, fps, 0.07)
    T = len(sp)
    out, k = [], 1
    while k < T - 1:
        if sp[k] >= MIN_HAND_SPEED and sp[k] >= sp[k - 1] and sp[k] >= sp[k + 1]:
            lo = max(0, k - int(1.5 * fps))
            hi = min(T - 1, k + int(0.8 * fps))
            up_before = np.median(hand_height[max(lo, k - int(0.5 * fps)):max(lo + 1, k - int(0.15 * fps))])
            travel = hand_lateral[min(T - 1, k + int(0.1 * fps))] - hand_lateral[max(0, k - int(0.25 * fps))]
            if up_before >= MIN_HANDS_UP_M and travel > 0.25:
                out.append({"contact": k, "lo": lo, "hi": hi})
                k = hi
                continue
        k += 1
    return out


def _load_onset(hands: np.ndarray, ankle_h: np.ndarray, fps: float, rest: slice, load: int,
                base_h: float | None = None) -> int | None:
    """Frame where the hands (T, 3) and the lead ankle's height (T,) leave their still position over `rest`
    (the ankle's from base_h, default its median there); None when they were not still there or did not leave
    it before the load."""
    base_h = float(np.median(ankle_h[rest])) if base_h is None else base_h
    disp = smooth(np.linalg.norm(hands - np.median(hands[rest], axis=0), axis=1) + np.abs(ankle_h - base_h),
                  fps, 0.1)
    if float(np.max(disp[rest])) >= STILL_M:
        return None
    t0 = onset(disp, rest.stop, (0.04, 0.1))
    return None if t0 is None or t0 >= load else int(max(rest.start, np.floor(t0 + 0.25)))


def _stance(hands: np.ndarray, ankle_h: np.ndarray, fps: float, lo: int, load: int, base_h: float) -> int | None:
    """The load's onset after the hitter stood still: still at the window's start, or else in the latest still
    stretch before the load (a real clip often opens with the hitter walking in or settling the bat)."""
    n = max(3, int(0.25 * fps))
    if lo + int(0.25 * fps) >= load:
        return None
    first = _load_onset(hands, ankle_h, fps, slice(lo, lo + n), load, base_h)
    if first is not None:
        return first
    step = max(1, int(round(STILL_SEARCH_STEP_S * fps)))
    for r in range(load - n, lo, -step):
        found = _load_onset(hands, ankle_h, fps, slice(r, r + n), load)
        if found is not None:
            return found
    return None


def baseball_events(cv: dict, fps: float, cand: dict, prev_end: int = 0) -> tuple[dict, list[str]]:
    """Events of one candidate. cv: curves relative to the clip's first frame (heights, lateral shifts)."""
    notes: list[str] = []
    T = len(cv["hand_speed"])
    sp = smooth(cv["hand_speed"], fps, 0.07)
    contact = min(T - 1, cand["contact"] + int(round(CONTACT_AFTER_PEAK_S * fps)))
    lo = max(prev_end, cand["lo"])
    ankle_h = smooth(cv["lead_ankle_height"], fps, 0.07)
    ankle_x = smooth(cv["lead_ankle_lateral"], fps, 0.07)
    lift_k = lo + int(np.argmax(ankle_h[lo:contact + 1]))
    base_h = float(np.median(ankle_h[lo:lo + max(2, int(0.2 * fps))]))
    has_lift = ankle_h[lift_k] - base_h >= MIN_LEG_LIFT_M
    hands_x = smooth(cv["hand_lateral"], fps, 0.07)
    load = lift_k if has_lift else lo + int(np.argmin(hands_x[lo:contact + 1]))
    # Foot plant: the stride's arrival (lead ankle stops moving toward the pitcher).
    foot_plant = None
    stride_end = load + int(np.argmax(ankle_x[load:contact + 1]))
    if ankle_x[stride_end] - ankle_x[load] > 0.05:
        raw_x = smooth(cv["lead_ankle_lateral"], fps, 0.035)  # light smoothing: a wide window delays the arrival
        end_x = float(np.median(raw_x[stride_end:min(T, stride_end + 3)]))
        rev = (end_x - raw_x[:stride_end + 1])[::-1]
        t_rev = onset(rev, 0, (0.03, 0.12))
        if t_rev is not None:
            foot_plant = int(np.clip(round(stride_end - t_rev), load, contact))
    if foot_plant is None:
        notes.append("no stride seen: no foot plant")
    # Stance: onset of the load (the hands start moving back from where they were held).
    hands = cv["hands"] * np.array([1.0, 1.0, 0.0])  # frontal plane: depth is the noisiest axis on video
    stance = _stance(hands, ankle_h, fps, lo, load, base_h)
    if stance is None:
        notes.append("the clip starts after the stance")
    # Follow-through: the hands arrive at rest after contact (extrapolated arrival, like the golf finish).
    end = min(T - 1, cand["hi"])
    follow = None
    k_rest = contact + int(np.argmin(sp[contact:end + 1]))
    if sp[k_rest] < 0.3 * sp[contact]:
        d = np.linalg.norm(hands[:k_rest + 1] - hands[k_rest], axis=1)[::-1]
        t_rev = onset(d, 0, (0.03, 0.1))
        if t_rev is not None:
            follow = int(np.clip(round(k_rest - t_rev), contact, T - 1))
    if follow is None:
        notes.append("the clip ends before the follow-through")
    return {"stance": stance, "load": int(load), "foot_plant": foot_plant, "contact": int(contact),
            "follow_through": follow}, notes
