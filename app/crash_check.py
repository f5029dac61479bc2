"""Kill a library writer with SIGKILL at random moments and check that reopening loses nothing.

    python -m app.crash_check --rounds 100 [--seed 0] [--journal wal|delete] [--root DIR]

Each round starts a writer process that opens the library through the real `Store` and writes what the app
writes (chat turns, clip notes, annotations, thumbnails), printing one line after each commit. The parent kills it
(`kill -9`) at a random moment, either while it opens the library or while it writes, then reopens the library
and checks that every row the writer reported committed is there and that nothing was moved aside.
`--journal delete` makes the writer switch the library back to a rollback journal after opening, as the versions
before WAL wrote it, so kills leave hot journals for the next open to roll back.
Prints a table per round kind and the commit latency of synchronous=NORMAL against FULL.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import pathlib
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time

from app.store import AnnotationRecord, ChatRecord, Store

CLIP_NAME = "crash_check_swing.mp4"   # never read: the library only keeps the path


# ---- the writer (child process) ------------------------------------------------------------------------------
def write_forever(root: pathlib.Path, seed: int, journal: str) -> None:
    """Open the library and write until killed; one flushed line per commit: `chat ID`, `mark ID`, `note K`."""
    rng = random.Random(seed)
    print("opening", flush=True)
    store = Store(root)
    if journal == "delete":
        store._db.execute("PRAGMA journal_mode = DELETE")
    clip = store.add_clip(root / CLIP_NAME, sport="golf")
    note = int(clip.notes.split()[-1]) if clip.notes else 0
    print(f"open {clip.id}", flush=True)
    answer = "Your hips open early; " * 40   # about 1 KB, an assistant answer's size
    while True:
        kind = rng.choices(("chat", "note", "mark", "thumb"), weights=(6, 3, 2, 1))[0]
        if kind == "chat":
            record = store.add_chat(clip.id, ChatRecord(rng.choice(("user", "assistant")), answer,
                                                        [rng.randrange(300)], [rng.random() for _ in range(64)]))
            print(f"chat {record.id}", flush=True)
        elif kind == "note":
            note += 1
            store.update_clip(clip.id, notes=f"work on tempo, note {note}")
            print(f"note {note}", flush=True)
        elif kind == "mark":
            record = store.add_annotation(clip.id, AnnotationRecord(rng.randrange(300), "line",
                                                                    [(0.1, 0.2), (0.5, rng.random())], "plane"))
            print(f"mark {record.id}", flush=True)
        else:
            store.update_clip(clip.id, thumbnail=rng.randbytes(20_000))   # a PNG's size
            print("thumb", flush=True)


# ---- one round (parent) --------------------------------------------------------------------------------------
@dataclasses.dataclass
class Round:
    phase: str            # "open": killed while opening; "write": killed while writing
    kill_after_s: float   # after the phase's first line
    opened: bool          # the writer had the library open (else it died inside Store())
    reported: int         # rows the writer said it committed
    lost: int             # of those and of all earlier rounds' rows, missing after reopening
    unreported: int       # rows committed after the last line the writer got out (at most one expected)
    moved_aside: bool     # the reopen moved the library aside (a notice, a backup, a .bak file)
    hot_journal: bool     # a rollback journal was left for the reopen to roll back
    wal_left: bool        # a -wal file was left for the reopen to replay
    reopen_ms: float


def crash_round(root: pathlib.Path, rng: random.Random, known: dict[str, set], journal: str = "wal",
                phase: str | None = None, max_write_s: float = 0.3) -> Round:
    """One writer killed and the library reopened. `known`: {"chat", "mark": row ids} found after the previous
    round; they must survive too, and it is updated to what this reopen found."""
    phase = phase or rng.choices(("open", "write"), weights=(1, 4))[0]
    child = subprocess.Popen([sys.executable, "-m", "app.crash_check", "--writer", str(root),
                              "--seed", str(rng.randrange(2**31)), "--journal", journal],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=pathlib.Path(__file__).parents[1])
    lines: list[list[str]] = []
    started = {"opening": threading.Event(), "open": threading.Event()}

    def read() -> None:
        for raw in child.stdout:
            line = raw.decode()
            if not line.endswith("\n"):
                break   # cut off by the kill: not reported
            lines.append(line.split())
            if lines[-1][0] in started:
                started[lines[-1][0]].set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    if not started["opening" if phase == "open" else "open"].wait(30):
        child.kill()
        raise RuntimeError(f"the writer did not start: {child.stderr.read().decode()[-2000:]}")
    delay = rng.uniform(0, 0.01 if phase == "open" else max_write_s)
    time.sleep(delay)
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    reader.join(10)
    if child.returncode != -signal.SIGKILL:
        raise RuntimeError(f"the writer stopped by itself (code {child.returncode}): "
                           f"{child.stderr.read().decode()[-2000:]}")

    journal_file, wal_file = root / "library.sqlite3-journal", root / "library.sqlite3-wal"
    hot = journal_file.exists() and journal_file.stat().st_size > 0
    wal_left = wal_file.exists() and wal_file.stat().st_size > 0
    t0 = time.perf_counter()
    store = Store(root)
    reopen_ms = (time.perf_counter() - t0) * 1000
    try:
        clip = store.find(root / CLIP_NAME)
        have = {"chat": {r.id for r in store.chat(clip.id)} if clip else set(),
                "mark": {a.id for a in store.annotations(clip.id)} if clip else set()}
        have_note = int(clip.notes.split()[-1]) if clip and clip.notes else 0
        moved = bool(store.notice or store.backup or list(root.glob("*.bak")))
    finally:
        store.close()
    reported = {kind: {int(w[1]) for w in lines if w[0] == kind} for kind in ("chat", "mark")}
    notes = [int(w[1]) for w in lines if w[0] == "note"]
    lost = sum(len((reported[k] | known[k]) - have[k]) for k in have) + int(bool(notes) and have_note < max(notes))
    unreported = sum(len(have[k] - reported[k] - known[k]) for k in have)
    known.update(have)
    return Round(phase, delay, started["open"].is_set(), sum(map(len, reported.values())) + len(notes), lost,
                 unreported, moved, hot, wal_left, reopen_ms)


def crash_rounds(root: pathlib.Path, rounds: int, seed: int = 0, journal: str = "wal") -> list[Round]:
    """`rounds` kills of writers on one library (it grows round by round, as a coach's does)."""
    rng = random.Random(seed)
    known: dict[str, set] = {"chat": set(), "mark": set()}
    return [crash_round(root, rng, known, journal) for _ in range(rounds)]


# ---- figures -------------------------------------------------------------------------------------------------
def commit_ms(root: pathlib.Path, synchronous: str, commits: int = 200) -> float:
    """Median milliseconds of one chat-turn commit with the given synchronous level."""
    store = Store(root)
    try:
        store._db.execute(f"PRAGMA synchronous = {synchronous}")
        clip = store.add_clip(root / CLIP_NAME)
        times = []
        for i in range(commits):
            t0 = time.perf_counter()
            store.add_chat(clip.id, ChatRecord("assistant", "Your hips open early; " * 40, [i], [0.5] * 64))
            times.append((time.perf_counter() - t0) * 1000)
    finally:
        store.close()
    return statistics.median(times)


def print_table(results: list[Round], journal: str) -> None:
    print(f"journal={journal}  rounds={len(results)}")
    print(f"{'phase':<6} {'rounds':>6} {'in Store()':>10} {'reported':>9} {'lost':>5} {'unreported':>10} {'moved aside':>11} "
          f"{'hot journal':>11} {'wal left':>8} {'reopen ms p50/max':>18}")
    for phase in ("open", "write", "all"):
        rows = [r for r in results if phase in ("all", r.phase)]
        if not rows:
            continue
        ms = [r.reopen_ms for r in rows]
        print(f"{phase:<6} {len(rows):>6} {sum(not r.opened for r in rows):>10} {sum(r.reported for r in rows):>9} {sum(r.lost for r in rows):>5} "
              f"{sum(r.unreported for r in rows):>10} {sum(r.moved_aside for r in rows):>11} "
              f"{sum(r.hot_journal for r in rows):>11} {sum(r.wal_left for r in rows):>8} "
              f"{statistics.median(ms):>10.1f}/{max(ms):<7.1f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m app.crash_check", description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=100)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--journal", choices=("wal", "delete"), default="wal",
                        help="delete: the writer uses a rollback journal, as versions before WAL did")
    parser.add_argument("--root", type=pathlib.Path, help="library folder (default: a new temporary folder)")
    parser.add_argument("--writer", type=pathlib.Path, help=argparse.SUPPRESS)   # the child process
    args = parser.parse_args(argv)
    if args.writer is not None:
        write_forever(args.writer, args.seed, args.journal)
        return 0
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")
    with tempfile.TemporaryDirectory(prefix="llamo-crash-") as tmp:
        root = args.root or pathlib.Path(tmp) / "library"
        t0 = time.perf_counter()
        results = crash_rounds(root, args.rounds, args.seed, args.journal)
        print_table(results, args.journal)
        print(f"{time.perf_counter() - t0:.1f} s; library {root}")
        normal, full = (commit_ms(pathlib.Path(tmp) / f"sync-{level}", level) for level in ("NORMAL", "FULL"))
        print(f"chat-turn commit, median of 200: synchronous=NORMAL {normal:.2f} ms, FULL {full:.2f} ms "
              f"({full / normal:.1f}x)")
    lost = sum(r.lost for r in results) + sum(r.moved_aside for r in results)
    return 1 if lost else 0


if __name__ == "__main__":
    sys.exit(main())
