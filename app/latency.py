"""Event-loop latency probe: how late a short timer fires on the GUI thread (the bench and the status bar use it)."""

from __future__ import annotations

import time

import numpy as np
from PySide6.QtCore import QObject, Qt, QTimer


class LatencyProbe(QObject):
    """Schedules a timer every `interval_ms` and records how late each one fires (ms)."""

    def __init__(self, interval_ms: int = 20, parent=None) -> None:
        super().__init__(parent)
        self.interval_ms = interval_ms
        self.samples: list[float] = []
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.PreciseTimer)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._on_timeout)
        self._due = 0.0

    def start(self) -> None:
        self.samples = []
        self._arm()

    def stop(self) -> None:
        self._timer.stop()

    def _arm(self) -> None:
        self._due = time.perf_counter() + self.interval_ms / 1000.0
        self._timer.start(self.interval_ms)

    def _on_timeout(self) -> None:
        self.samples.append(max(0.0, (time.perf_counter() - self._due) * 1000.0))
        self._arm()

    def summary(self) -> dict[str, float]:
        """{'n', 'p50', 'p95', 'max'} in ms (NaN when there are no samples)."""
        a = np.asarray(self.samples)
        if a.size == 0:
            return {"n": 0, "p50": float("nan"), "p95": float("nan"), "max": float("nan")}
        return {"n": int(a.size), "p50": float(np.percentile(a, 50)), "p95": float(np.percentile(a, 95)),
                "max": float(a.max())}
