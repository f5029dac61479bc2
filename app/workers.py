"""Workers: long work (decoding, estimation, analysis, model loading, generation) off the GUI thread.

A `Worker` runs one function `fn(task)` in a thread pool. The function reports progress with
`task.progress(stage, done, total)`, streams text with `task.piece(text)`, checks `task.cancelled`, and returns
its result. Results come back to the GUI thread through Qt signals (queued across threads); the GUI never waits.
"""

from __future__ import annotations

import threading
import traceback

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class Unavailable(Exception):
    """An engine piece this work needs is not installed or has no model files yet; str() says which."""


class UserError(Exception):
    """A problem the coach can fix (bad file, no person found, ...); str() says what to do."""


class Cancelled(Exception):
    """Raised inside a worker function when the task was cancelled."""


class Task:
    """The handle a worker function gets: progress, streaming and cancellation (thread-safe)."""

    def __init__(self, worker: "Worker") -> None:
        self._worker = worker
        self.cancel_event = threading.Event()

    @property
    def cancelled(self) -> bool:
        return self.cancel_event.is_set()

    def check(self) -> None:
        if self.cancel_event.is_set():
            raise Cancelled()

    def progress(self, stage: str, done: int, total: int) -> None:
        self._worker.progressed.emit(stage, int(done), int(total))

    def piece(self, text: str) -> None:
        self._worker.streamed.emit(text)


class Worker(QObject):
    """One unit of background work. Connect to its signals, then `start(pool)`; `cancel()` from the GUI thread.

    Exactly one of succeeded / failed / unavailable / was_cancelled is emitted, then finished."""

    progressed = Signal(str, int, int)   # stage, done, total
    streamed = Signal(str)               # a piece of streamed text
    succeeded = Signal(object)           # the function's return value
    failed = Signal(str)                 # a message for the coach
    unavailable = Signal(str)            # the engine piece is missing; message says which
    was_cancelled = Signal()
    finished = Signal()

    def __init__(self, name: str, fn, user_errors: tuple[type[BaseException], ...] = ()) -> None:
        super().__init__()
        self.name = name
        self._fn = fn
        self._user_errors = (UserError,) + tuple(user_errors)
        self.task = Task(self)
        self.running = False

    def start(self, pool: QThreadPool) -> None:
        self.running = True
        pool.start(_Runnable(self))

    def cancel(self) -> None:
        self.task.cancel_event.set()

    def _run(self) -> None:
        try:
            result = self._fn(self.task)
        except Cancelled:
            self.was_cancelled.emit()
        except Unavailable as e:
            self.unavailable.emit(str(e))
        except self._user_errors as e:
            self.failed.emit(str(e))
        except Exception as e:  # a bug: report it in the window with its type so it can be filed
            traceback.print_exc()
            self.failed.emit(f"Unexpected error in {self.name}: {type(e).__name__}: {e}")
        else:
            if self.task.cancelled:
                self.was_cancelled.emit()
            else:
                self.succeeded.emit(result)
        finally:
            self.running = False
            self.finished.emit()


class _Runnable(QRunnable):
    def __init__(self, worker: Worker) -> None:
        super().__init__()
        self._worker = worker   # keeps the worker alive while it runs

    def run(self) -> None:
        self._worker._run()
