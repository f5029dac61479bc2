"""The one playback timer: a precise Qt timer that asks the clock to catch up with the wall clock."""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, Qt, QTimer

from app.playback import PlaybackClock


class PlaybackTimer(QObject):
    """Runs while the clock plays; each tick moves the clock to the frame wall-clock time says (skipping when late)."""

    def __init__(self, clock: PlaybackClock, parent=None) -> None:
        super().__init__(parent)
        self.clock = clock
        self.timer = QTimer(self)
        self.timer.setTimerType(Qt.PreciseTimer)
        self.timer.timeout.connect(self._on_timeout)
        clock.events.playing.connect(self._on_playing_change)
        clock.events.speed.connect(self._on_speed_change)

    def _interval_ms(self) -> int:
        # Tick at twice the frame rate so a frame is shown within half a frame of its time.
        return max(4, int(1000.0 / (self.clock.fps * self.clock.speed) / 2))

    def _on_playing_change(self, playing: bool) -> None:
        if playing:
            self.timer.start(self._interval_ms())
        else:
            self.timer.stop()

    def _on_speed_change(self, _speed: float) -> None:
        if self.timer.isActive():
            self.timer.setInterval(self._interval_ms())

    def _on_timeout(self) -> None:
        self.clock.tick(time.perf_counter())

    def close(self) -> None:
        self.timer.stop()
        self.clock.events.playing.disconnect(self._on_playing_change)
        self.clock.events.speed.disconnect(self._on_speed_change)
