"""Read-only helpers that turn a SwingAnalysis into what the panels show (no Qt, no state)."""

from __future__ import annotations

import dataclasses

import numpy as np

# Phase colours (RGBA 0-255) for the bands between consecutive events on the timeline.
PHASE_COLOURS = ((80, 140, 255, 38), (255, 170, 60, 38), (90, 220, 140, 38), (220, 90, 200, 38))


@dataclasses.dataclass(frozen=True)
class EventMark:
    name: str
    frame: int
    swing: int     # index of the swing it belongs to


def swings(analysis) -> list[tuple[int, int]]:
    """[(start, end)] frame ranges of the swings found (empty without an analysis)."""
    return [] if analysis is None else [(int(s.start), int(s.end)) for s in analysis.swings]


def events(analysis) -> list[EventMark]:
    """Every event of every swing, in frame order."""
    if analysis is None:
        return []
    marks = [EventMark(name, int(frame), i) for i, s in enumerate(analysis.swings)
             for name, frame in s.events.items() if frame is not None]
    return sorted(marks, key=lambda m: m.frame)


def swing_events(analysis, swing: int = 0) -> dict[str, int]:
    """{event name: frame} of one swing (empty when there is no such swing)."""
    if analysis is None or swing >= len(analysis.swings):
        return {}
    return {n: int(f) for n, f in analysis.swings[swing].events.items() if f is not None}


def phases(analysis) -> list[tuple[str, int, int]]:
    """(label, start, end) bands between consecutive events of each swing."""
    out = []
    for i, s in enumerate(analysis.swings if analysis is not None else []):
        marks = sorted(((int(f), n) for n, f in s.events.items() if f is not None))
        for (a, name_a), (b, name_b) in zip(marks, marks[1:]):
            if b > a:
                out.append((f"{name_a} -> {name_b}", a, b))
    return out


def swing_at(analysis, frame: int) -> int | None:
    """Index of the swing containing `frame` (or the nearest one)."""
    ranges = swings(analysis)
    if not ranges:
        return None
    dist = [0 if a <= frame <= b else min(abs(frame - a), abs(frame - b)) for a, b in ranges]
    return int(np.argmin(dist))


def curve_names(analysis) -> list[str]:
    return [] if analysis is None else list(analysis.curves)


# Events shown as ghost skeletons in 3D, three per sport (all events are marked on the timeline); their
# timeline labels are the last to be shortened or hidden when labels crowd.
GHOST_EVENTS = ("address", "top", "impact", "stance", "foot_plant", "contact")


def key_events(events: dict[str, int]) -> dict[str, int]:
    return {name: frame for name, frame in events.items() if name in GHOST_EVENTS}


def pretty(name: str) -> str:
    """'x_factor' -> 'X-factor'; 'pelvis_rotation' -> 'Pelvis rotation'; unit suffixes (_s, _m) dropped."""
    for suffix in ("_s", "_m", "_deg", "_ms"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
    text = name.replace("_", " ").strip()
    if text.lower().startswith("x factor"):
        text = "X-factor" + text[8:]
    return text[:1].upper() + text[1:]


@dataclasses.dataclass(frozen=True)
class MetricRow:
    name: str
    value: float | None
    unit: str
    band: tuple[float, float] | None   # reference band (typical range)
    status: str                        # "good" (inside the band), "warn" (outside), "none" (no band / value)
    confidence: float
    frame: int | None                  # the frame the metric is read at (click to seek), if it has one
    definition: str


def metric_rows(analysis, swing: int | None) -> list[MetricRow]:
    """The metrics of one swing, in the analysis's order."""
    if analysis is None or swing is None or swing >= len(analysis.swings):
        return []
    rows = []
    for name, m in analysis.swings[swing].metrics.items():
        value = float(m.value) if m.value is not None and np.isfinite(m.value) else None
        band = None if m.band is None else (float(m.band[0]), float(m.band[1]))
        status = "none" if value is None or band is None else ("good" if band[0] <= value <= band[1] else "warn")
        rows.append(MetricRow(name, value, m.unit, band, status, float(m.confidence),
                              None if m.frame is None else int(m.frame), m.definition))
    return rows


def faults(analysis, swing: int | None) -> list:
    if analysis is None or swing is None or swing >= len(analysis.swings):
        return []
    return list(analysis.swings[swing].faults)


# Units of the kinematic curves by name (the analysis states units in its docs: degrees, metres, m/s, deg/s).
def curve_unit(name: str) -> str:
    if name in ("hand_speed", "club_speed"):
        return "m/s"
    if name.endswith("_speed"):
        return "deg/s"
    if any(w in name for w in ("rotation", "x_factor", "angle", "tilt", "elevation")):
        return "deg"
    if any(w in name for w in ("height", "lateral", "forward", "vertical", "length")):
        return "m"
    return ""
