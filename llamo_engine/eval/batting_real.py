"""Baseball events on real batting video against a person's frame labels.

The clips and their labels live in ../shared/realdata/baseball/batting_video (never in the repository): a
README.md table row per clip, `| batting1.mp4 | ... | contact (...): frame 60, +-2 |` (0-based frames in OpenCV
decode order, each label with its own tolerance). The motion comes from the estimator, cached like the other
real clips (`analysis_real.cached_motion`). Every function returns None when the folder is absent.

    rows = per_event_rows(root)   # [{"clip", "event", "label", "ours", "error", "tol", "within"}]
    rows = event_rows(root)       # per clip, in real_events' form: {"clip", "sport", "fps", "tol", "events", ...}
"""

from __future__ import annotations

import pathlib
import re

from llamo_engine.analysis import analyze
from llamo_engine.analysis.types import BASEBALL_EVENTS
from llamo_engine.eval.analysis_real import cached_motion

FOLDER = pathlib.Path("baseball") / "batting_video"
# "contact (bat through the hitting zone, ...): frame 60, +-2" -> event, frame, tolerance
LABEL = re.compile(r"(\w+)\s*(?:\([^)]*\))?\s*:\s*frame\s+(\d+)\s*,\s*\+-\s*(\d+)")


def read_labels(readme: pathlib.Path) -> dict[str, dict[str, tuple[int, int]]]:
    """{clip file name: {event: (frame, tolerance)}} from the README's table rows; events must be baseball
    events (stance, load, foot_plant, contact, follow_through, with spaces or underscores)."""
    out: dict[str, dict[str, tuple[int, int]]] = {}
    for line in readme.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 2 or not cells[0].lower().endswith((".mp4", ".mov", ".avi", ".mkv")):
            continue
        labels = {}
        for event, frame, tol in LABEL.findall(cells[-1]):
            name = event.lower().replace(" ", "_")
            if name in BASEBALL_EVENTS:
                labels[name] = (int(frame), int(tol))
        if labels:
            out[cells[0]] = labels
    return out


def per_event_rows(root: pathlib.Path) -> list[dict] | None:
    """One row per labelled event of each real batting clip: clip, event, label (frame), ours (frame or None),
    error (ours - label, None when missed), tol and within (|error| <= tol); None when the data are absent."""
    folder = pathlib.Path(root) / FOLDER
    readme = folder / "README.md"
    if not readme.is_file():
        return None
    rows = []
    for clip, labels in sorted(read_labels(readme).items()):
        video = folder / clip
        if not video.is_file():
            continue
        motion = cached_motion(video)
        a = analyze(motion)
        ev = a.swings[0].events if a.swings else {}
        for event, (label, tol) in labels.items():
            ours = ev.get(event)
            error = None if ours is None else int(ours) - label
            rows.append({"clip": video.stem, "event": event, "label": label, "ours": ours, "error": error,
                         "tol": tol, "within": error is not None and abs(error) <= tol, "sport": a.sport,
                         "fps": motion.fps, "swings": len(a.swings),
                         "suggested_capture_fps": a.suggested_capture_fps})
    return rows


def event_rows(root: pathlib.Path) -> list[dict] | None:
    """The same clips in `real_events`' per-clip form: {"clip", "sport", "fps", "suggested_capture_fps",
    "tol", "events": {event: (label, ours)}}; tol is the clip's tightest label tolerance."""
    rows = per_event_rows(root)
    if rows is None:
        return None
    clips: dict[str, dict] = {}
    for r in rows:
        c = clips.setdefault(r["clip"], {"clip": r["clip"], "sport": r["sport"], "fps": r["fps"], "tol": r["tol"],
                                         "suggested_capture_fps": r["suggested_capture_fps"], "events": {}})
        c["tol"] = min(c["tol"], r["tol"])
        c["events"][r["event"]] = (r["label"], r["ours"])
    return list(clips.values())


def print_rows(rows: list[dict]) -> float:
    """Print the per-event table; returns the percent within tolerance."""
    print(f"{'clip':<12}{'event':<16}{'label':>6}{'ours':>6}{'error':>7}{'tol':>5}  within")
    for r in rows:
        ours = "-" if r["ours"] is None else str(r["ours"])
        err = "-" if r["error"] is None else f"{r['error']:+d}"
        print(f"{r['clip']:<12}{r['event']:<16}{r['label']:>6}{ours:>6}{err:>7}{r['tol']:>5}  {r['within']}")
    return 100.0 * sum(r["within"] for r in rows) / max(len(rows), 1)


if __name__ == "__main__":
    from llamo_engine.eval.analysis_real import default_realdata

    found = per_event_rows(default_realdata())
    if found is None:
        print("no real batting clips (../shared/realdata/baseball/batting_video is absent)")
    else:
        print(f"batting events within tolerance: {print_rows(found):.1f}%")
