"""The playback clock: the one source of truth for the current frame (no Qt).

A single timer (see `qt_playback_timer.py`) calls `tick(now)` often; the clock converts wall-clock time since
play was pressed into a frame index, so playback never drifts: when the GUI is late the clock skips frames
instead of slowing down, and counts what it skipped.

Two rates: `fps` is the file's playback rate (what 1x plays at); `capture_fps` is the rate the clip was recorded
at (a 240 fps slow-motion clip in a 30 fps file), which turns a frame into real seconds (`time_of`). They are the
same for a real-time clip.
"""

from __future__ import annotations

import math

from psygnal import Signal, SignalGroup

SPEEDS = (0.1, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0)


class PlaybackEvents(SignalGroup):
    frame = Signal(int)          # current frame index changed
    playing = Signal(bool)
    speed = Signal(float)
    loop = Signal(object)        # (start, end) inclusive, or None
    length = Signal(int, float)  # num_frames, fps (a new clip)
    capture_fps = Signal(float)  # the recorded rate that turns frames into real seconds


class PlaybackClock:
    """Current frame, play state, speed (0.1x-2x) and an optional loop range [start, end] (inclusive)."""

    def __init__(self) -> None:
        self.events = PlaybackEvents()
        self._num_frames = 0
        self._fps = 30.0
        self._capture_fps: float | None = None    # None: recorded in real time (the playback rate)
        self._frame = 0
        self._playing = False
        self._speed = 1.0
        self._loop: tuple[int, int] | None = None
        self._anchor_time = 0.0
        self._anchor_frame = 0
        self.shown = 0      # frames presented while playing (advances of one or more)
        self.skipped = 0    # frames jumped over because a tick came late

    # ---- read-only state ---------------------------------------------------------------------------------
    @property
    def num_frames(self) -> int:
        return self._num_frames

    @property
    def fps(self) -> float:
        return self._fps

    @property
    def frame(self) -> int:
        return self._frame

    @property
    def playing(self) -> bool:
        return self._playing

    @property
    def speed(self) -> float:
        return self._speed

    @property
    def loop(self) -> tuple[int, int] | None:
        return self._loop

    @property
    def capture_fps(self) -> float:
        """Frames per real second: the recorded rate when it was set, else the playback rate."""
        return self._capture_fps or self._fps

    def time_of(self, frame: int) -> float:
        """Real seconds from frame 0 to `frame`."""
        return frame / self.capture_fps

    @property
    def time_s(self) -> float:
        return self.time_of(self._frame)

    # ---- commands ----------------------------------------------------------------------------------------
    def set_length(self, num_frames: int, fps: float, capture_fps: float | None = None) -> None:
        """A new clip: stop, clear the loop and go to frame 0. capture_fps: the rate it was recorded at (None:
        real time)."""
        self.pause()
        self._num_frames = max(0, int(num_frames))
        self._fps = float(fps) if fps and fps > 0 else 30.0
        self._capture_fps = float(capture_fps) if capture_fps and capture_fps > 0 else None
        self._loop = None
        self.events.loop.emit(None)
        self.events.length.emit(self._num_frames, self._fps)
        self.events.capture_fps.emit(self.capture_fps)
        self._set_frame(0, force=True)

    def set_capture_fps(self, capture_fps: float | None) -> None:
        """The coach set (or cleared, None) the rate the clip was recorded at; playback is unchanged."""
        capture_fps = float(capture_fps) if capture_fps and capture_fps > 0 else None
        if capture_fps != self._capture_fps:
            self._capture_fps = capture_fps
            self.events.capture_fps.emit(self.capture_fps)

    def seek(self, frame: int, now: float | None = None) -> None:
        self._set_frame(self._clamp(frame))
        if self._playing and now is not None:
            self._reanchor(now)

    def step(self, n: int) -> None:
        """Frame step (pauses playback, as every video tool does)."""
        self.pause()
        self._set_frame(self._clamp(self._frame + n))

    def play(self, now: float) -> None:
        if self._num_frames < 2 or self._playing:
            return
        lo, hi = self._range()
        if self._frame >= hi or self._frame < lo:
            self._set_frame(lo)
        self._playing = True
        self._reanchor(now)
        self.events.playing.emit(True)

    def pause(self) -> None:
        if self._playing:
            self._playing = False
            self.events.playing.emit(False)

    def toggle(self, now: float) -> None:
        if self._playing:
            self.pause()
        else:
            self.play(now)

    def set_speed(self, speed: float, now: float | None = None) -> None:
        speed = float(min(max(speed, SPEEDS[0]), SPEEDS[-1]))
        if speed == self._speed:
            return
        self._speed = speed
        if self._playing and now is not None:
            self._reanchor(now)
        self.events.speed.emit(speed)

    def faster(self, now: float | None = None) -> None:
        self.set_speed(next((s for s in SPEEDS if s > self._speed + 1e-9), SPEEDS[-1]), now)

    def slower(self, now: float | None = None) -> None:
        self.set_speed(next((s for s in reversed(SPEEDS) if s < self._speed - 1e-9), SPEEDS[0]), now)

    def set_loop(self, loop: tuple[int, int] | None) -> None:
        if loop is not None:
            a, b = sorted((self._clamp(loop[0]), self._clamp(loop[1])))
            loop = None if b <= a else (a, b)
        if loop == self._loop:
            return
        self._loop = loop
        self.events.loop.emit(loop)
        if loop is not None and not loop[0] <= self._frame <= loop[1]:
            self._set_frame(loop[0])

    def tick(self, now: float) -> int:
        """Advance to the frame wall-clock time says; returns how many frames were advanced (0 if none)."""
        if not self._playing:
            return 0
        lo, hi = self._range()
        target = self._anchor_frame + math.floor((now - self._anchor_time) * self._fps * self._speed + 1e-9)
        if target > hi:
            if self._loop is None:
                advanced = hi - self._frame
                self._count(advanced)
                self._set_frame(hi)
                self.pause()
                return advanced
            span = hi - lo + 1
            target = lo + (target - lo) % span
            self._anchor_frame, self._anchor_time = target, now - ((now - self._anchor_time) * self._fps
                                                                    * self._speed % 1.0) / (self._fps * self._speed)
            advanced = (target - self._frame) % span
        else:
            advanced = target - self._frame
        if advanced <= 0:
            return 0
        self._count(advanced)
        self._set_frame(target)
        return advanced

    def reset_stats(self) -> None:
        self.shown = self.skipped = 0

    # ---- internals ---------------------------------------------------------------------------------------
    def _count(self, advanced: int) -> None:
        if advanced > 0:
            self.shown += 1
            self.skipped += advanced - 1

    def _range(self) -> tuple[int, int]:
        return self._loop if self._loop is not None else (0, max(0, self._num_frames - 1))

    def _clamp(self, frame: int) -> int:
        return int(min(max(int(frame), 0), max(0, self._num_frames - 1)))

    def _reanchor(self, now: float) -> None:
        self._anchor_time, self._anchor_frame = now, self._frame

    def _set_frame(self, frame: int, force: bool = False) -> None:
        if frame != self._frame or force:
            self._frame = frame
            self.events.frame.emit(frame)
