"""The hand-path angle as the camera sees it: frontal for a face-on view, time-ordered for a down-the-line view.

The hand-path 'clock' angle (shoulder midpoint -> hands, 0 = hanging, + toward the trail side, - toward the
lead side) tells a golf swing apart from everything else: about +140 deg at the top, past -90 deg after impact.
Face-on (and in motion capture) its sign comes from x, the target direction, which the camera sees well.
Down the line the camera looks along x: x is MediaPipe depth, compressed and noisy, and the hands' travel
through the lead side after impact is often lost in it (real clips show the follow-through on the trail side).
There the angle is built from what does not need the sign of depth:
- its magnitude is the angle between the shoulder -> hands vector and straight down (the hands' height against
  their distance from the shoulders; depth enters only through the length);
- its sign comes from the order of events: the hands rise high (backswing), drop to a low point faster than
  they rose (the downswing: impact is the low point) and rise high again at once (the follow-through); from
  that low point until the hands are back at rest the angle is negative.
"""

from __future__ import annotations

import numpy as np

from llamo_engine.analysis.signals import smooth, unwrap_deg

DOWN_THE_LINE_MIN_DEG = 45.0  # camera yaw (0 = face-on) beyond which the target direction is mostly depth
HIGH_DEG = 90.0               # the hands above shoulder height: top of the backswing, follow-through
LOW_DEG = 45.0                # the hands well below the shoulders: the low point between the two
REST_DEG = 10.0               # within this of the lowest angle before a backswing the hands are at rest
DOWNSWING_RATIO = 0.75        # the hands fall to the low point faster than this x their rise in the backswing
THROUGH_SPEED_RATIO = 0.6     # ... and pass it at least this x as fast as they moved in the backswing
SIGN_MARGIN_DEG = 15.0        # how far the frontal angle may fall short of the lift before the lift decides


def is_down_the_line(camera_yaw_deg: float | None) -> bool:
    """True when a video's camera looks mostly along the target line (x): None (motion capture) is False."""
    return camera_yaw_deg is not None and abs(np.sin(np.radians(camera_yaw_deg))) > np.sin(
        np.radians(DOWN_THE_LINE_MIN_DEG))


def frontal_angle(d: np.ndarray, target: float) -> np.ndarray:
    """(T,) degrees from d (T, 3) = hands - shoulder midpoint, in the frontal (x, y) plane, + toward the trail
    side (about +140 at the top of a golf swing, below -150 at the finish)."""
    wrapped = np.degrees(np.arctan2(-d[:, 0] * target, -d[:, 1]))
    # Where the hands pass close to the shoulder midpoint in the frontal plane (arms folded toward the camera)
    # the angle is ill-defined: unwrap over the other frames only and interpolate across these.
    r = np.hypot(d[:, 0], d[:, 1])
    ok = r > 0.35 * np.median(r)
    if ok.sum() >= 2:
        idx = np.flatnonzero(ok)
        a = np.interp(np.arange(len(r)), idx, unwrap_deg(wrapped[idx]))
    else:
        a = unwrap_deg(wrapped)
    # Each time the hands hang low again, reset the winding so every swing starts near 0 (a clip with several
    # swings would otherwise accumulate -360 per swing).
    hanging = d[:, 1] < -0.8 * np.linalg.norm(d, axis=1)
    winding = np.round((a - wrapped) / 360.0)
    if hanging.any():
        idx = np.flatnonzero(hanging)
        last = np.maximum.accumulate(np.where(hanging, np.arange(len(a)), -1))
        last[last < 0] = idx[0]
        a = a - 360.0 * winding[last]
    return a


def lift_angle(d: np.ndarray) -> np.ndarray:
    """(T,) degrees in [0, 180]: angle between d (T, 3) = hands - shoulder midpoint and straight down."""
    return np.degrees(np.arccos(np.clip(-d[:, 1] / np.maximum(np.linalg.norm(d, axis=1), 1e-9), -1.0, 1.0)))


def _runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """(first, last) frames of the runs of True in mask (T,)."""
    edges = np.diff(np.concatenate([[0], mask.astype(np.int8), [0]]))
    return list(zip(np.flatnonzero(edges == 1), np.flatnonzero(edges == -1) - 1))


def swing_spans(lift: np.ndarray, d: np.ndarray, fps: float) -> list[tuple[int, int, int]]:
    """(rest, low, end) frames of each swing in lift (T,), the unsigned hand angle of d (T, 3): the hands at
    rest before the backswing, the low point between backswing and follow-through (impact), back at rest.

    A high stretch (lift >= HIGH_DEG) is a backswing unless it is the follow-through of the one before; the
    next high stretch is its follow-through when the hands got there through a low point (< LOW_DEG), the
    fall to the low point took less than DOWNSWING_RATIO x the backswing's rise from rest (a golfer's
    downswing is about three times faster than the backswing), and the hands kept moving through the low
    point at least THROUGH_SPEED_RATIO x their mean speed in the backswing (hands lowered after a swing and
    raised again for the next one stop at the bottom). A clip that starts in the backswing has no rise from
    rest: there the hands must pass the low point at least THROUGH_SPEED_RATIO x as fast as they fell to it."""
    s = smooth(lift, fps, 0.1)
    step = np.linalg.norm(np.diff(smooth(d, fps, 0.1), axis=0), axis=1)  # (T-1,) hand travel per frame

    def speed(a: int, b: int) -> float:
        seg = step[min(a, len(step) - 1):max(b, a + 1)]
        return float(seg.mean()) if len(seg) else 0.0

    T = len(s)
    highs = _runs(s >= HIGH_DEG)
    spans = []
    i = 0
    while i + 1 < len(highs):
        (b0, b1), (f0, f1) = highs[i], highs[i + 1]
        floor = spans[-1][2] if spans else 0
        if b0 < floor:  # the hands went high again before the last swing's follow-through settled: part of it
            i += 1
            continue
        low = b1 + int(np.argmin(s[b1:f0 + 1]))
        before = s[floor:b0 + 1]
        rest = floor + int(np.flatnonzero(before <= before.min() + REST_DEG)[-1])
        arrive = b1 + int(np.flatnonzero(s[b1:low + 1] <= s[low] + REST_DEG)[0])
        leave = low + int(np.flatnonzero(s[low:f0 + 1] <= s[low] + REST_DEG)[-1])
        through = speed(arrive, leave)
        if b0 - rest > 0:
            ok = arrive - b1 <= DOWNSWING_RATIO * (b0 - rest) and through >= THROUGH_SPEED_RATIO * speed(rest, b0)
        else:
            ok = through >= THROUGH_SPEED_RATIO * speed(b1, arrive)
        if s[low] >= LOW_DEG or not ok:
            i += 1
            continue
        settled = np.flatnonzero(s[f1:] <= s[low] + REST_DEG)
        spans.append((rest, low, T - 1 if not len(settled) else f1 + int(settled[0])))
        i += 2
    return spans


def time_ordered_angle(d: np.ndarray, target: float, fps: float) -> np.ndarray:
    """(T,) degrees: the hand-path angle of a down-the-line view. The frontal angle where its depth-borne sign
    agrees with the order of events; within each swing at least the lift gained since rest minus
    SIGN_MARGIN_DEG in the backswing (up to the impact low point), and at most minus the lift gained since the
    low point (less the margin) from there until the hands are back at rest. The lift bounds the frontal
    angle's size (lift >= |frontal| with the hands hanging straight): the margin leaves the frontal angle, which
    keeps the direction of travel near the bottom, in charge there."""
    lift = lift_angle(d)
    a = frontal_angle(d, target)
    for rest, low, end in swing_spans(lift, d, fps):
        back, follow = slice(rest, low + 1), slice(low + 1, end + 1)
        a[back] = np.maximum(a[back], lift[back] - lift[rest] - SIGN_MARGIN_DEG)
        a[follow] = np.minimum(a[follow], SIGN_MARGIN_DEG - (lift[follow] - lift[low]))
    return a
