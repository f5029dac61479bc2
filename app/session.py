"""The session model (no Qt): which clip is open, its motion, video frames and analysis, and what is selected.

Views subscribe to `session.events.<field>` and read the current value from the session; they keep no copy.
"""

from __future__ import annotations

import dataclasses

from psygnal import Signal, SignalGroup

from app.store import ClipRecord

# Analysis states shown to the coach. "unavailable" means the engine piece is not installed/built yet.
ANALYSIS_STATES = ("none", "running", "ready", "failed", "unavailable", "cancelled")


@dataclasses.dataclass(frozen=True)
class Progress:
    stage: str        # e.g. "Estimating 3D motion"
    done: int
    total: int

    @property
    def fraction(self) -> float:
        return 0.0 if self.total <= 0 else min(1.0, self.done / self.total)


class SessionEvents(SignalGroup):
    clip = Signal(object)             # ClipRecord | None
    motion = Signal(object)           # MotionSequence | None
    video = Signal(object)            # FrameCache | None
    analysis = Signal(object)         # SwingAnalysis | None
    analysis_state = Signal(str, str)  # state, message
    progress = Signal(object)         # Progress | None
    curves = Signal(tuple)            # names of the metric curves shown on the timeline
    overlay = Signal(bool)            # skeleton overlay on the video
    zoom = Signal(object)             # (start, end) frame range the timeline is zoomed to, or None
    message = Signal(str, str)        # level ("error", "warning", "info"), text for the coach


class Session:
    def __init__(self) -> None:
        self.events = SessionEvents()
        self._clip: ClipRecord | None = None
        self._motion = None
        self._video = None
        self._analysis = None
        self._analysis_state = ("none", "")
        self._progress: Progress | None = None
        self._curves: tuple[str, ...] = ()
        self._overlay = True
        self._zoom: tuple[int, int] | None = None

    # ---- clip, motion, video, analysis --------------------------------------------------------------------
    @property
    def clip(self) -> ClipRecord | None:
        return self._clip

    def set_clip(self, clip: ClipRecord | None) -> None:
        """Open a clip (clears the motion, video and analysis of the previous one)."""
        same = clip is not None and self._clip is not None and clip.id == self._clip.id
        self._clip = clip
        if not same:
            self.set_motion(None)
            self.set_video(None)
            self.set_analysis(None)
            self.set_zoom(None)
            self.set_progress(None)
            self.set_analysis_state("none")
        self.events.clip.emit(clip)

    @property
    def motion(self):
        return self._motion

    def set_motion(self, motion) -> None:
        if motion is not self._motion:
            self._motion = motion
            self.events.motion.emit(motion)

    @property
    def video(self):
        return self._video

    def set_video(self, video) -> None:
        if video is not self._video:
            old, self._video = self._video, video
            self.events.video.emit(video)
            if old is not None:
                old.close()

    @property
    def analysis(self):
        return self._analysis

    def set_analysis(self, analysis) -> None:
        if analysis is not self._analysis:
            self._analysis = analysis
            if analysis is not None and not self._curves:
                self._curves = tuple(name for name in DEFAULT_CURVES if name in analysis.curves)
                self.events.curves.emit(self._curves)
            self.events.analysis.emit(analysis)

    @property
    def analysis_state(self) -> tuple[str, str]:
        return self._analysis_state

    def set_analysis_state(self, state: str, message: str = "") -> None:
        if state not in ANALYSIS_STATES:
            raise ValueError(f"unknown analysis state {state!r}; one of {ANALYSIS_STATES}")
        if (state, message) != self._analysis_state:
            self._analysis_state = (state, message)
            self.events.analysis_state.emit(state, message)

    @property
    def progress(self) -> Progress | None:
        return self._progress

    def set_progress(self, progress: Progress | None) -> None:
        if progress != self._progress:
            self._progress = progress
            self.events.progress.emit(progress)

    # ---- selection -----------------------------------------------------------------------------------------
    @property
    def curves(self) -> tuple[str, ...]:
        return self._curves

    def set_curves(self, names) -> None:
        names = tuple(names)
        if names != self._curves:
            self._curves = names
            self.events.curves.emit(names)

    @property
    def overlay(self) -> bool:
        return self._overlay

    def set_overlay(self, on: bool) -> None:
        if bool(on) != self._overlay:
            self._overlay = bool(on)
            self.events.overlay.emit(self._overlay)

    @property
    def zoom(self) -> tuple[int, int] | None:
        return self._zoom

    def set_zoom(self, frames: tuple[int, int] | None) -> None:
        frames = None if frames is None else (int(frames[0]), int(frames[1]))
        if frames != self._zoom:
            self._zoom = frames
            self.events.zoom.emit(frames)

    def report(self, level: str, text: str) -> None:
        """A message for the coach (shown in the window's message bar)."""
        self.events.message.emit(level, text)


# Curves the timeline shows first when an analysis arrives (those the analysis has).
DEFAULT_CURVES = ("pelvis_rotation", "thorax_rotation", "x_factor", "hand_speed")
