"""Progress and cancellation for the long exports.

Every export takes `progress(done, total)` (called from the exporting thread) and `cancel` (a
threading.Event, or anything with is_set()); a set cancel raises ExportCancelled at the next step and the
output file is left untouched (exports write atomically).
"""

from __future__ import annotations


class ExportCancelled(Exception):
    """The export was cancelled; nothing was written."""


class Steps:
    """Counts steps of a job for `progress`, and checks `cancel` at each one."""

    def __init__(self, total: int, progress=None, cancel=None):
        self.total, self.done = max(int(total), 1), 0
        self._progress, self._cancel = progress, cancel

    def check(self) -> None:
        if self._cancel is not None and self._cancel.is_set():
            raise ExportCancelled("export cancelled")

    def step(self, n: int = 1) -> None:
        self.check()
        self.done = min(self.done + n, self.total)
        if self._progress is not None:
            self._progress(self.done, self.total)

    def part(self, share: int):
        """A progress(done, total) callback for a sub-job that fills the next `share` steps."""
        base = self.done

        def update(done: int, total: int) -> None:
            self.step(max(0, base + int(share * done / max(total, 1)) - self.done))
        return update

    def finish(self) -> None:
        if self._progress is not None and self.done < self.total:
            self.done = self.total
            self._progress(self.total, self.total)
