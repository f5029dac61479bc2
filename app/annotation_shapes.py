"""What the video canvas draws for coach annotations (no Qt): lines, dots, angle arcs and labels in widget pixels.

`marks()` turns the annotations on the current frame (and the shape being drawn) into `Mark`s for a frame shown
in the rectangle (x, y, w, h); the canvas only paints them, so tests assert on this data without rendering.
Angles are measured in the frame's pixels (the rectangle keeps the video's aspect), as the report measures them.
"""

from __future__ import annotations

import dataclasses
import math

from app.annotations import angle_degrees
from app.store import AnnotationRecord

LABEL_STEP = 24     # pixels between the labels of notes pinned to the frame (no point), stacked at the top left


@dataclasses.dataclass
class Mark:
    segments: list[tuple[float, float, float, float]]    # (x1, y1, x2, y2)
    dots: list[tuple[float, float]]
    label: str
    anchor: tuple[float, float]                          # the label's left-bottom corner sits near here
    arc: tuple[float, float, float, float, float] | None = None   # cx, cy, radius, start, span (Qt degrees)
    selected: bool = False
    pending: bool = False                                # the shape being drawn (not saved yet)
    annotation_id: int | None = None


def _to_px(points, rect) -> list[tuple[float, float]]:
    x0, y0, w, h = rect
    return [(x0 + x * w, y0 + y * h) for x, y in points]


def angle_arc(a, vertex, b) -> tuple[float, float, float, float, float]:
    """(cx, cy, radius, start, span) of the arc between the arms, in Qt's convention: degrees, 0 at 3 o'clock,
    counter-clockwise on screen; the span is the smaller sweep from arm a to arm b (signed)."""
    qt_a = -math.degrees(math.atan2(a[1] - vertex[1], a[0] - vertex[0]))
    qt_b = -math.degrees(math.atan2(b[1] - vertex[1], b[0] - vertex[0]))
    span = (qt_b - qt_a + 180.0) % 360.0 - 180.0
    radius = min(0.35 * min(math.dist(vertex, a), math.dist(vertex, b)), 60.0)
    return vertex[0], vertex[1], max(radius, 10.0), qt_a, span


def mark_of(record: AnnotationRecord, rect, selected: bool = False, note_slot: int = 0) -> Mark:
    """The drawing of one saved annotation in the frame rectangle `rect` = (x, y, w, h)."""
    pts = _to_px(record.points, rect)
    text = record.text
    if record.kind == "line":
        a, b = pts
        return Mark([(*a, *b)], pts, text, ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2), selected=selected,
                    annotation_id=record.id)
    if record.kind == "angle":
        a, v, b = pts
        degrees = f"{angle_degrees(record.points, rect[2], rect[3]):.0f}°"
        return Mark([(*v, *a), (*v, *b)], pts, f"{degrees}  {text}" if text else degrees, v,
                    arc=angle_arc(a, v, b), selected=selected, annotation_id=record.id)
    if pts:
        return Mark([], pts, text, pts[0], selected=selected, annotation_id=record.id)
    corner = (rect[0] + 4, rect[1] + 8 + LABEL_STEP * (note_slot + 1))
    return Mark([], [], text, corner, selected=selected, annotation_id=record.id)


def pending_mark(tool: str, points, rect, hover: tuple[float, float] | None = None) -> Mark | None:
    """The shape being drawn: its clicks so far, with a rubber band to the cursor (`hover`, in [0, 1])."""
    if not points:
        return None
    pts = _to_px(points, rect)
    chain = pts + (_to_px([hover], rect) if hover is not None else [])
    segments = [(*p, *q) for p, q in zip(chain, chain[1:])]
    label = ""
    if tool == "angle" and len(chain) == 3:
        a, v, b = chain
        label = f"{angle_degrees([a, v, b]):.0f}°"       # pixel points: the pixel angle
    return Mark(segments, pts, label, chain[1] if len(chain) > 1 else chain[0], pending=True)


def marks(records: list[AnnotationRecord], rect, selected: int | None = None, tool: str | None = None,
          pending=(), hover: tuple[float, float] | None = None) -> list[Mark]:
    """Every mark to paint for the annotations of one frame (`records`) and the shape being drawn."""
    out, slot = [], 0
    for r in records:
        out.append(mark_of(r, rect, selected=r.id is not None and r.id == selected, note_slot=slot))
        slot += r.kind == "note" and not r.points
    if tool is not None:
        drawing = pending_mark(tool, list(pending), rect, hover)
        if drawing is not None:
            out.append(drawing)
    return out


def label_box(anchor: tuple[float, float], width: float, height: float) -> tuple[float, float, float, float]:
    """(x, y, w, h) of a label up and to the right of its anchor."""
    return anchor[0] + 10, anchor[1] - 10 - height, width, height


def place_boxes(boxes: list[tuple[float, float, float, float]], bounds: tuple[float, float, float, float],
                gap: float = 3.0, obstacles=()) -> list[tuple[float, float, float, float]]:
    """The boxes (x, y, w, h) kept inside `bounds` (x, y, w, h) and moved up or down, nearest first, until none
    overlaps one placed before it nor an obstacle box (a box that finds no free place keeps its clamped
    position)."""
    bx, by, bw, bh = bounds

    def clamp(x, y, w, h):
        return (min(max(x, bx + 2), max(bx + 2, bx + bw - w - 2)),
                min(max(y, by + 2), max(by + 2, by + bh - h - 2)), w, h)

    def free(box, placed):
        x, y, w, h = box
        return all(x + w + gap <= px or px + pw + gap <= x or y + h + gap <= py or py + ph + gap <= y
                   for px, py, pw, ph in placed)

    placed, taken = [], list(obstacles)
    for x, y, w, h in boxes:
        candidates = [clamp(x, y + k * (h + gap), w, h) for k in (0, -1, 1, -2, 2, -3, 3, -4, 4)]
        box = next((c for c in candidates if free(c, taken)), candidates[0])
        placed.append(box)
        taken.append(box)
    return placed
