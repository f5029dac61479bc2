"""Find golf swings in a clip and their GolfDB events from the hand path and the lead arm.

The hand-path angle A (shoulder midpoint -> hands in the frontal plane, 0 = hanging, + toward the trail side)
rises to ~+140 deg at the top and falls past -150 deg at the finish; waggles, walking and half practice swings
never reach the top and follow-through thresholds. Down the line the frontal plane's x is depth: there A is
signed by the order of events instead (see hand_path; the follow-through then reaches about minus the hands'
lift, ~-110 deg at the finish). For each swing:
- address: the moment the takeaway starts, extrapolated from the rise of A (quadratic start), None when the
  clip starts after it; top: the maximum of A; impact: A back at its address value minus the forward lean of
  the hands at impact; mid-backswing / mid-downswing: the lead arm crossing horizontal;
  toe-up / mid-follow-through: the shaft crossing horizontal when the club is measured, otherwise a proxy
  (flagged in the notes): toe-up when the hands have risen to the height where the shaft is horizontal in a
  neutral swing, mid-follow-through at the hand-path angle where it is. The toe-up proxy reads heights only
  (the hands' drop below the shoulders, as an angle arccos(drop / drop at address)): a down-the-line video sees
  the hands' lateral travel in depth, compressed, and the frontal hand-path angle arrives there late;
  finish: the moment the hands come to rest after the swing, extrapolated the same way as address.
"""

from __future__ import annotations

import numpy as np

from llamo_engine.analysis.signals import crossing, onset, peak_refine, smooth

TOP_MIN_DEG = 90.0            # the hands must pass over the trail shoulder ...
FOLLOW_MAX_DEG = -90.0        # ... and over the lead shoulder after impact
IMPACT_LEAD_DEG = 5.0         # hands ahead of their address position at impact (forward shaft lean)
TOE_UP_HAND_DEG = 52.0        # hand-path angle when the shaft is parallel in the backswing (neutral wrist set)
# arccos(hand drop / drop at address) when the shaft is parallel: 32-35 deg in the real GEARS captures (club
# markers), 37-41 deg where the labellers of the real clips put it, 49 deg in the synthetic swings (whose wrists
# set later); 40 keeps 95% of the synthetic toe-ups within tolerance.
TOE_UP_HEIGHT_DEG = 40.0
MID_FOLLOW_HAND_DEG = -72.0   # hand-path angle when the shaft is parallel after impact
TAKEAWAY_MOVE = 0.03          # torso lengths (~1.5 cm) of hand travel: the club head's first visible move (~4x)
TAKEAWAY_BASE_S = (0.03, 0.5)  # the baseline the hands leave: where they were this long before (s)


def find_golf_swings(A: np.ndarray, fps: float) -> list[dict]:
    """Candidate swings from the hand-path angle A (T,) degrees: list of {'top', 'lo', 'down', 'follow'}
    frames. No absolute speed or duration limits (slow-motion clips are common); the downswing must be faster
    than the backswing instead."""
    As = smooth(A, fps, 0.1)
    T = len(As)
    out = []
    k = 0
    while k < T - 1:
        if As[k] >= TOP_MIN_DEG and (k == 0 or As[k] >= As[k - 1]) and As[k] >= As[k + 1]:
            down = crossing(As, 0.0, k, T - 1, rising=False)
            if down is None:
                break
            top = k + int(np.argmax(As[k:down + 1]))
            lo = top
            while lo > 0 and As[lo] > 25.0:
                lo -= 1
            start = lo
            while start > 0 and As[start] > 5.0 and As[start - 1] <= As[start]:
                start -= 1
            hi = min(T - 1, down + 4 * (down - top) + int(0.5 * fps))
            follow = down + int(np.argmin(As[down:hi + 1]))
            clipped = start == 0 and As[0] > 25.0  # the clip starts during the backswing
            if As[follow] <= FOLLOW_MAX_DEG and (clipped or (down - top) <= 1.2 * max(top - start, 1)):
                out.append({"top": top, "lo": lo, "down": down, "follow": follow})
                k = follow + 1
                continue
            k = down
        k += 1
    return out


def _is_run(idx: np.ndarray) -> bool:
    """True when the sorted indices form one contiguous run allowing gaps of a few frames."""
    return bool(len(idx) and np.all(np.diff(idx) <= 6))


def _rest_before(As: np.ndarray, lo: int, floor: int, fps: float) -> tuple[float | None, int]:
    """Hand-path angle while the athlete stood still before the takeaway, and the last still frame.

    Looks back from `lo` (hands at 25 deg) up to 4 s for the lowest stretch of A; None when the clip starts
    after the address (no still stretch of at least 0.15 s)."""
    a = max(floor, lo - int(4 * fps))
    if lo - a < 3:
        return None, a
    base = float(np.percentile(As[a:lo + 1], 10))
    still = np.flatnonzero(As[a:lo + 1] <= base + 3.0)
    k_still = a + int(still[-1])
    w0 = max(a, k_still - int(0.5 * fps))
    seg = As[w0:k_still + 1]
    if k_still - w0 < max(2, int(0.15 * fps)) or np.ptp(seg) > 15.0:
        return None, k_still
    return float(np.median(seg)), k_still


def height_angle(hand_drop: np.ndarray, rest: slice, fps: float) -> np.ndarray:
    """(T,) degrees: arccos(hand drop / its median over `rest`), 0 with the hands hanging as at address, 90 at
    shoulder height. hand_drop (T,): shoulder midpoint height minus hand height (m). Reads heights only."""
    drop0 = float(np.median(hand_drop[rest]))
    if drop0 <= 0.05:   # hands not hanging below the shoulders at rest: no reference
        return np.full(len(hand_drop), np.nan)
    return smooth(np.degrees(np.arccos(np.clip(hand_drop / drop0, -1.0, 1.0))), fps, 0.07)


def takeaway_start(P: np.ndarray, lo: int, floor: int, fps: float) -> int | None:
    """First frame of the takeaway from the hands' image track P (T, 2) in torso lengths: going back from `lo`
    (hands well into the backswing), the last frame at which the hands were no farther than TAKEAWAY_MOVE from
    where they stood TAKEAWAY_BASE_S before (a baseline that follows slow sway at address, not the takeaway's
    steady advance). None when the hands were moving since `floor` (the clip starts in the takeaway)."""
    P = smooth(P, fps, 0.05)
    b0, b1 = max(1, int(round(TAKEAWAY_BASE_S[0] * fps))), max(2, int(round(TAKEAWAY_BASE_S[1] * fps)))
    k = lo
    while k - b0 > floor:
        base = np.median(P[max(floor, k - b1):k - b0 + 1], axis=0)
        if np.linalg.norm(P[k] - base) < TAKEAWAY_MOVE:
            return k
        k -= 1
    return None


def golf_events(A: np.ndarray, lead_elev: np.ndarray, shaft_elev: np.ndarray | None, fps: float,
                cand: dict, prev_end: int = 0, hand_drop: np.ndarray | None = None,
                hands_image: np.ndarray | None = None) -> tuple[dict, list[str]]:
    """Events of one candidate swing. A, lead_elev, shaft_elev: (T,) degrees (shaft_elev None without a
    measured club); hand_drop (T,) metres, shoulder midpoint height minus hand height (for the toe-up proxy;
    None uses the hand-path angle); hands_image (T, 2) the hands in the image (`image_hands.image_hands`) for
    the takeaway, None uses the hand-path angle. `fps` is the rate the clip was recorded at (for slow motion
    the suggested capture rate): every window is in seconds of the swing. Returns (events, notes)."""
    T = len(A)
    notes: list[str] = []
    top_k, lo = cand["top"], cand["lo"]
    As = smooth(A, fps, 0.07)
    a_rest, k_still = _rest_before(As, lo, prev_end, fps)
    address = None
    if a_rest is not None:
        t0 = onset(As - a_rest, max(prev_end, k_still - int(0.1 * fps)), (8.0, 25.0))
        if t0 is not None and t0 <= top_k:
            address = int(np.clip(np.floor(t0 + 0.25), prev_end, top_k))
    if hands_image is not None and address is not None:
        k = takeaway_start(hands_image, lo, prev_end, fps)
        address = k if k is not None else address
    if address is None:
        notes.append("the clip starts after the address: no address event and no tempo")
        a_rest = 0.0
    # Top: the start of the downswing (the hands may hover at the top for a while in slow motion).
    plateau = np.flatnonzero(As[top_k:cand["down"] + 1] >= As[top_k] - 2.0)
    top_k = top_k + int(plateau[-1]) if len(plateau) and _is_run(plateau) else top_k
    t_down = onset(As[top_k] - As, top_k, (4.0, 12.0))
    top = top_k if t_down is None else int(np.clip(round(t_down), top_k, cand["down"]))
    impact = crossing(As, a_rest - IMPACT_LEAD_DEG, top, cand["follow"], rising=False)
    start = address if address is not None else max(lo - 1, 0)
    mid_back = crossing(smooth(lead_elev, fps, 0.07), 0.0, start, top, rising=True)
    mid_down = None if impact is None else crossing(smooth(lead_elev, fps, 0.07), 0.0, top, impact, rising=False)
    end_search = min(T - 1, cand["follow"] + int(0.6 * fps))
    fin_k = (impact or top) + int(np.argmin(As[(impact or top):end_search + 1]))
    hold = As[fin_k:min(T, fin_k + int(0.2 * fps) + 1)]
    a_fin = float(np.median(hold))
    if shaft_elev is not None:
        se = smooth(shaft_elev, fps, 0.07)
        toe_up = crossing(se, 0.0, start, top, rising=True)
        mid_follow = None if impact is None else crossing(se, 0.0, impact, fin_k, rising=True)
    else:
        toe_up = crossing(As, a_rest + TOE_UP_HAND_DEG, start, top, rising=True)
        if hand_drop is not None and (address is not None or impact is not None):
            # The hands' height at address, or where the clip starts after it, at impact (back to about the
            # same height); the search then starts with the clip and finds nothing if toe-up was before it.
            h = max(1, int(round(0.03 * fps)))
            rest = slice(max(prev_end, address - int(0.2 * fps)), address + 1) if address is not None else \
                slice(max(top, impact - h), min(T, impact + h + 1))
            Ah = height_angle(hand_drop, rest, fps)
            if np.isfinite(Ah).all():
                toe_up = crossing(Ah, float(np.median(Ah[rest])) + TOE_UP_HEIGHT_DEG,
                                  start if address is not None else prev_end, top, rising=True)
        mid_follow = None if impact is None else crossing(As, a_rest + MID_FOLLOW_HAND_DEG, impact, fin_k, rising=False)
        notes.append("toe-up and mid-follow-through estimated from the hand path (no measured club)")
    if address is None and (shaft_elev is not None or hand_drop is None):
        toe_up = toe_up if toe_up is not None and As[max(start, 0)] < TOE_UP_HAND_DEG - 10 else None
        mid_back = mid_back if mid_back is not None and lead_elev[start] < -10 else None
    finish = None
    if len(hold) > int(0.15 * fps) and np.ptp(hold) < 12.0:
        near = np.flatnonzero(As[(impact or top):fin_k + 1] <= a_fin + 3.0)
        k_arr = (impact or top) + int(near[0]) if len(near) else fin_k
        rev = (As[:k_arr + 1] - a_fin)[::-1]
        t_rev = onset(rev, 0, (12.0, 40.0))
        if t_rev is not None:
            finish = int(np.clip(round(k_arr - t_rev), impact or top, T - 1))
    if finish is None:
        notes.append("the clip ends before the finish")
    events = {"address": address, "toe_up": toe_up, "mid_backswing": mid_back, "top": top,
              "mid_downswing": mid_down, "impact": impact, "mid_follow_through": mid_follow, "finish": finish}
    return events, notes
