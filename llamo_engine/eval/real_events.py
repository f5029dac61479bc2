"""Events on real labelled clips: our events against a person's frame labels, with GolfDB's tolerance.

Golf: ../shared/realdata/golf/labeled/swingN.mp4 with a per-frame phase column (Setup, Takeaway, Backswing,
Downswing, Follow-through). Each phase begins the frame after the event that ends the one before it, so
event = first frame of the next phase - 1: address (GolfDB: "the frame before the initial backswing movement")
from Takeaway, toe-up from Backswing (the labellers end the takeaway with the shaft parallel), top from Downswing,
impact from Follow-through. A clip whose first frame is already Takeaway has no address label.
Tolerance (GolfDB): max(round((impact - address) / 30), 1) frames from the labels; without a labelled address,
(impact - top) x (1 + 3.43) stands in for impact - address (GolfDB's median backswing / downswing ratio).
Baseball rows come from `llamo_engine.eval.batting_real` when that module exists (see `batting_rows`).
"""

from __future__ import annotations

import csv
import importlib
import importlib.util
import pathlib

from llamo_engine.analysis import analyze
from llamo_engine.eval.analysis_real import cached_motion

PHASE_EVENTS = {"Takeaway": "address", "Backswing": "toe_up", "Downswing": "top", "Follow-through": "impact"}
GOLFDB_TEMPO = 3.43   # median (top - address) / (impact - top) of GolfDB's real-time swings (SWING.md)


def phase_events(phases: list[str]) -> dict[str, int]:
    """Event frames from a per-frame phase list: {event: frame} for each phase that starts after frame 0."""
    out = {}
    for k in range(1, len(phases)):
        if phases[k] != phases[k - 1] and phases[k] in PHASE_EVENTS and PHASE_EVENTS[phases[k]] not in out:
            out[PHASE_EVENTS[phases[k]]] = k - 1
    return out


def golfdb_tolerance(labels: dict[str, int]) -> int:
    """GolfDB's tolerance in frames from the labelled events (needs impact and address or top)."""
    if "address" in labels:
        span = labels["impact"] - labels["address"]
    else:
        span = (labels["impact"] - labels["top"]) * (1 + GOLFDB_TEMPO)
    return max(int(round(span / 30.0)), 1)


def golf_rows(root: pathlib.Path) -> list[dict] | None:
    """One row per labelled golf clip: {"clip", "sport", "fps", "suggested_capture_fps", "tol",
    "events": {event: (label, ours or None)}}; None when the folder is absent."""
    folder = root / "golf" / "labeled"
    if not folder.is_dir():
        return None
    rows = []
    for video in sorted(folder.glob("swing*.mp4")):
        table = folder / f"{video.stem}_labeled.csv"
        if not table.exists():
            continue
        with open(table, newline="") as f:
            labels = phase_events([r["phase"] for r in csv.DictReader(f)])
        if "impact" not in labels or ("address" not in labels and "top" not in labels):
            continue
        motion = cached_motion(video)
        a = analyze(motion)
        ev = a.swings[0].events if a.swings else {}
        rows.append({"clip": video.stem, "sport": a.sport, "fps": motion.fps, "tol": golfdb_tolerance(labels),
                     "suggested_capture_fps": a.suggested_capture_fps,
                     "events": {e: (labels[e], ev.get(e)) for e in PHASE_EVENTS.values() if e in labels}})
    return rows


def batting_rows(root: pathlib.Path) -> list[dict] | None:
    """The real batting clips' rows in the same form, from `llamo_engine.eval.batting_real.event_rows(root)`
    when that module exists; None otherwise."""
    if importlib.util.find_spec("llamo_engine.eval.batting_real") is None:
        return None
    module = importlib.import_module("llamo_engine.eval.batting_real")
    return module.event_rows(root) if hasattr(module, "event_rows") else None


def within(row: dict) -> dict[str, bool]:
    """{event: True when ours is within the row's tolerance} (a missing event is a miss)."""
    return {e: ours is not None and abs(ours - label) <= row["tol"] for e, (label, ours) in row["events"].items()}


def print_table(rows: list[dict]) -> float:
    """Print the per-clip, per-event table and the share within tolerance per event; returns the overall share
    (percent) of labelled events within tolerance."""
    names = list(dict.fromkeys(e for r in rows for e in r["events"]))
    print(f"{'clip':<12}{'sport':>9}{'fps':>6}{'slow?':>7}{'tol':>5}" + "".join(f"{n:>18}" for n in names))
    for r in rows:
        ok = within(r)
        cells = []
        for n in names:
            if n not in r["events"]:
                cells.append(f"{'':>18}")
                continue
            label, ours = r["events"][n]
            txt = f"{label}:{'-' if ours is None else f'{ours - label:+d}'}{'' if ok[n] else ' x'}"
            cells.append(f"{txt:>18}")
        slow = "-" if r.get("suggested_capture_fps") is None else f"{r['suggested_capture_fps']:.0f}"
        print(f"{r['clip']:<12}{r['sport']:>9}{r['fps']:>6.0f}{slow:>7}{r['tol']:>5}" + "".join(cells))
    print("  (cells: labelled frame : our error in frames, x = outside tolerance; slow? = suggested capture fps)")
    hits = total = 0
    for n in names:
        oks = [within(r)[n] for r in rows if n in r["events"]]
        errs = [abs(r["events"][n][1] - r["events"][n][0]) for r in rows
                if n in r["events"] and r["events"][n][1] is not None]
        hits, total = hits + sum(oks), total + len(oks)
        mean = sum(errs) / len(errs) if errs else float("nan")
        print(f"  {n:<18} within tolerance {sum(oks)}/{len(oks)} ({100 * sum(oks) / len(oks):5.1f}%), "
              f"mean |err| {mean:.1f} frames")
    return 100.0 * hits / max(total, 1)
