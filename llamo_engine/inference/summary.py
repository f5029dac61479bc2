"""The clip's measurements as text for the prompt, so answers can quote measured numbers: a line describing the
motion (duration, frame rate, visibility, camera, club) and the swing analysis' summary (events with frames and
times, metrics with reference bands, flagged faults with the coaching table's drill for each)."""

from __future__ import annotations

from llamo_engine.analysis import SwingAnalysis, analyze
from llamo_engine.data.qa.coaching import drill_names
from llamo_engine.motion.skeleton import MotionSequence


def camera_view(yaw_deg: float | None) -> str:
    if yaw_deg is None:
        return "no camera (motion capture)"
    yaw = (yaw_deg + 180.0) % 360.0 - 180.0
    if abs(yaw) <= 30:
        return "face-on"
    if abs(abs(yaw) - 90) <= 30:
        return "down the line"
    return f"oblique ({yaw:.0f} deg)"


def motion_description(motion: MotionSequence) -> str:
    T = motion.num_frames
    club = "none" if motion.club is None else ("estimated from the hands" if motion.club_estimated else "measured")
    return (f"clip of {motion.duration_s:.1f} s, {T} frames at {motion.fps:.0f} fps; athlete visible in "
            f"{int(motion.present.sum())} of {T} frames; camera {camera_view(motion.camera_yaw_deg)}; club {club}.")


def summarize(motion: MotionSequence) -> tuple[SwingAnalysis, str]:
    """(analysis, summary text) of a clip's motion."""
    analysis = analyze(motion)
    return analysis, f"{motion_description(motion)}\n{analysis.summary_text(drills=drill_names(analysis.sport))}"
