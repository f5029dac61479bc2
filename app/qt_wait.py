"""Waiting inside a running Qt event loop (benchmarks and soak runs): the GUI keeps processing events."""

from __future__ import annotations

import time


def wait(ms: int) -> None:
    from PySide6.QtCore import QEventLoop, QTimer
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def wait_until(predicate, timeout_s: float) -> bool:
    end = time.perf_counter() + timeout_s
    while not predicate():
        if time.perf_counter() > end:
            return False
        wait(20)
    return True
