"""The one clip pipeline: a clip and its settings -> motion in real time, swing analysis, and the summary text
the chat's prompt carries. The CLI, the app's workers, `Engine.prepare` and the real-motion training data all
call it; nothing else decodes, estimates or analyses a clip.

    settings = ClipSettings(sport="golf", capture_fps=240)     # the coach's choices; defaults detect / real time
    result = run_clip("swing.mp4", settings, progress=..., cancel=...)
    result.motion, result.analysis, result.summary

A clip is a video (through the MediaPipe estimator), a motion file (`motion/files.py`: .npz and the capture
formats) or a MotionSequence. The capture ("recorded at") frame rate is the coach's setting, else the rate the
phone wrote into the file (`meta["recorded_fps"]`), else the file's own rate: every time, speed and band is then
real time, while frame indices stay the video's.
"""

from __future__ import annotations

import dataclasses
import os
import pathlib

from llamo_engine.analysis import SwingAnalysis, analyze
from llamo_engine.analysis.analyze import SPORTS
from llamo_engine.coaching import drill_names
from llamo_engine.motion.estimator import estimate_motion
from llamo_engine.motion.files import is_motion_file, load_motion_file
from llamo_engine.motion.skeleton import MotionSequence

Clip = str | os.PathLike | MotionSequence


@dataclasses.dataclass(frozen=True)
class ClipSettings:
    """What the coach decided about a clip. sport: "golf" / "baseball" forces it, None detects it; capture_fps:
    the rate the clip was recorded at (slow motion), None for the file's recorded rate or real time; start_s /
    end_s: the part of a video to estimate."""
    sport: str | None = None
    capture_fps: float | None = None
    start_s: float | None = None
    end_s: float | None = None

    def __post_init__(self) -> None:
        if self.sport is not None and self.sport not in SPORTS:
            raise ValueError(f"sport must be one of {', '.join(SPORTS)} (or automatic), got {self.sport!r}")
        if self.capture_fps is not None and not 0 < self.capture_fps <= 100_000:
            raise ValueError(f"the capture frame rate must be a positive number of frames per second, "
                             f"got {self.capture_fps}")

    @classmethod
    def of(cls, sport: str | None = None, capture_fps: float | None = None, **range_s) -> "ClipSettings":
        """Settings from the app's and the CLI's spelling ("auto" = detect the sport)."""
        return cls(sport=None if sport in (None, "auto") else sport, capture_fps=capture_fps or None, **range_s)


@dataclasses.dataclass
class ClipResult:
    motion: MotionSequence       # real time (fps and timestamps); frames as in the file
    analysis: SwingAnalysis
    summary: str                 # the clip's measurements as prompt text


# ---- motion ----------------------------------------------------------------------------------------------------
def load_motion(clip: Clip, settings: ClipSettings = ClipSettings(), progress=None, cancel=None) -> MotionSequence:
    """A clip's motion at its file's rate: a MotionSequence as is, a motion file, or a video through the estimator.
    Raises MotionFileError / VideoError / EstimationError (messages name the fix), EstimationCancelled."""
    if isinstance(clip, MotionSequence):
        return clip
    path = pathlib.Path(clip)
    if is_motion_file(path):
        return load_motion_file(path)
    if not path.is_file():
        raise FileNotFoundError(f"{path}: file not found; it was moved or deleted. Check the path.")
    return estimate_motion(path, start_s=settings.start_s, end_s=settings.end_s, progress=progress, cancel=cancel)


def capture_fps(motion: MotionSequence, settings: ClipSettings) -> float | None:
    """The rate the clip was recorded at: the coach's setting, else the one the motion was re-timed to before
    (a saved real-time motion), else the file's recorded rate, else None (real time at the file's rate)."""
    return settings.capture_fps or motion.meta.get("capture_fps") or motion.meta.get("recorded_fps") or None


def real_time(motion: MotionSequence, settings: ClipSettings) -> MotionSequence:
    """The motion with real-time fps and timestamps (the same frames); idempotent."""
    return motion.with_capture_fps(capture_fps(motion, settings))


# ---- analysis and summary --------------------------------------------------------------------------------------
def analyze_clip(motion: MotionSequence, settings: ClipSettings = ClipSettings()) -> ClipResult:
    """Analysis and prompt summary of a motion, both under the clip's settings."""
    motion = real_time(motion, settings)
    analysis = analyze(motion, sport=settings.sport)
    summary = f"{motion_description(motion)}\n{analysis.summary_text(drills=drill_names(analysis.sport))}"
    return ClipResult(motion, analysis, summary)


def run_clip(clip: Clip, settings: ClipSettings = ClipSettings(), progress=None, cancel=None) -> ClipResult:
    """The whole pipeline for one clip: load or estimate, then analyse and summarise."""
    return analyze_clip(load_motion(clip, settings, progress, cancel), settings)


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
    """One line on the clip: length, rate (and slow motion), visibility, camera, club."""
    T = motion.num_frames
    club = "none" if motion.club is None else ("estimated from the hands" if motion.club_estimated else "measured")
    rate = f"{T} frames at {motion.fps:.0f} fps"
    if "capture_fps" in motion.meta:
        playback = float(motion.meta["playback_fps"])
        rate += (f" (slow motion: recorded at {motion.fps:.0f} fps, played at {playback:.0f} fps, "
                 f"{motion.fps / playback:.1f}x slower; times are real time)")
    return (f"clip of {motion.duration_s:.1f} s, {rate}; athlete visible in {int(motion.present.sum())} of {T} "
            f"frames; camera {camera_view(motion.camera_yaw_deg)}; club {club}.")
