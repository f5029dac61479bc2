"""Terminal progress bars (tqdm on stderr) for the headless commands.

`stage_bars()` gives `update(stage, done, total)` with one bar per stage; `progress_bar(label)` gives the
single-stage `update(done, total)` the estimator and the exports call. Bars appear on the first update, so a
command that fails before any work prints no empty bar.
"""

from __future__ import annotations

import sys


def stage_bars():
    """(update(stage, done, total), close()): a bar per stage, the previous one closed when a new stage starts."""
    from tqdm import tqdm

    bars: dict[str, tqdm] = {}

    def update(stage: str, done: int, total: int) -> None:
        if stage not in bars:
            for bar in bars.values():
                bar.close()
            bars[stage] = tqdm(desc=stage, total=total, file=sys.stderr, leave=False, dynamic_ncols=True,
                               mininterval=0.5)
        bars[stage].update(done - bars[stage].n)

    def close() -> None:
        for bar in bars.values():
            bar.close()
    return update, close


def progress_bar(label: str):
    """(update(done, total), close()) for one labelled task."""
    update, close = stage_bars()
    return (lambda done, total: update(label, done, total)), close
