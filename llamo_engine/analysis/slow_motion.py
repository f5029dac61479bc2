"""Slow motion read from the motion itself: a human golf downswing takes about a quarter of a second.

A phone records slow motion at 120 or 240 fps and writes a file that plays at 30: the clip's own rate then
makes a 0.27 s downswing last 2 s. GolfDB's real-time clips (30 fps) have a median downswing (top -> impact) of
8 frames, 0.27 s; tour and amateur downswings lie within about 0.2-0.45 s. A downswing that lasts longer than
SLOW_DOWNSWING_S at the clip's rate is taken for slow motion, and the capture rate that would make it last
REAL_DOWNSWING_S is suggested, rounded to the nearest rate cameras record at (in ratio). A clip whose capture
rate was already set (`MotionSequence.with_capture_fps`) runs at that rate, so it is flagged only when the set
rate is still too low.
"""

from __future__ import annotations

import numpy as np

REAL_DOWNSWING_S = 0.27       # GolfDB real-time median: 8 frames at 30 fps
SLOW_DOWNSWING_S = 0.5        # longer than any human downswing (tour ~0.25, slow amateurs ~0.45)
CAPTURE_RATES = (60.0, 120.0, 240.0, 480.0, 960.0)


def suggest_capture_fps(downswing_frames: float, fps: float) -> float | None:
    """The capture rate (fps) a clip looks recorded at, from its downswing length in frames at `fps`; None
    when the downswing is in real time already."""
    if downswing_frames <= 0 or downswing_frames / fps <= SLOW_DOWNSWING_S:
        return None
    estimate = downswing_frames / REAL_DOWNSWING_S
    rates = np.asarray(CAPTURE_RATES)
    return float(rates[np.argmin(np.abs(np.log(rates / estimate)))])


def slow_motion_note(downswing_frames: float, fps: float, capture_fps: float) -> str:
    """The analysis note for a clip that looks like slow motion, quoting the suggested rate."""
    return (f"the downswing lasts {downswing_frames / fps:.2f} s; this looks like slow motion recorded at about "
            f"{capture_fps:.0f} fps; set 'recorded at' to {capture_fps:.0f} (times and speeds here are at the "
            f"file's {fps:.0f} fps until then)")
