"""The annotations model (no Qt): the open clip's coach annotations, the drawing tool and the shape being drawn.

A coach picks a tool (note, line, angle), types an optional label and clicks on the video: a note takes one
click, a line two, an angle three (a, vertex, b). `add_point` collects the clicks and hands back the finished
shape; the controller saves it in the store and `add`s the saved record here. Views subscribe to
`annotations.events.<field>` and read the current value from the model; they keep no copy.
Frames are the playback clock's (video) frames; points are (x, y) in [0, 1] of the frame, origin top-left.
"""

from __future__ import annotations

import math

from psygnal import Signal, SignalGroup

from app.store import AnnotationRecord

TOOLS = ("note", "line", "angle")
CLICKS = {"note": 1, "line": 2, "angle": 3}    # clicks that finish a shape of each tool
TOOL_HINTS = {"note": "Note: click where it points (type its text first)",
              "line": "Line: click its two ends", "angle": "Angle: click a, then the vertex, then b"}


def angle_degrees(points, width: float = 1.0, height: float = 1.0) -> float:
    """The angle (deg) at the vertex of (a, vertex, b), measured in the pixels of a `width` x `height` frame."""
    (ax, ay), (vx, vy), (bx, by) = points
    u = ((ax - vx) * width, (ay - vy) * height)
    v = ((bx - vx) * width, (by - vy) * height)
    norm = math.hypot(*u) * math.hypot(*v)
    if norm < 1e-12:
        return 0.0
    cos = (u[0] * v[0] + u[1] * v[1]) / norm
    return math.degrees(math.acos(max(-1.0, min(1.0, cos))))


def describe(record: AnnotationRecord, width: float = 1.0, height: float = 1.0) -> str:
    """One line for the annotation list: "angle 42°  knee flex", "line  shaft plane", "note  hips back"."""
    head = f"angle {angle_degrees(record.points, width, height):.0f}°" if record.kind == "angle" else record.kind
    return f"{head}  {record.text}".rstrip()


class AnnotationEvents(SignalGroup):
    items = Signal(list)          # the whole list was replaced (another clip)
    added = Signal(object)        # AnnotationRecord
    changed = Signal(object)      # AnnotationRecord (its text)
    removed = Signal(int)         # annotation id
    tool = Signal(object)         # "note" | "line" | "angle" | None
    label = Signal(str)           # text for the next annotation
    pending = Signal(list)        # clicks of the shape being drawn [(x, y), ...]
    selected = Signal(object)     # annotation id or None


class AnnotationsModel:
    def __init__(self) -> None:
        self.events = AnnotationEvents()
        self._items: list[AnnotationRecord] = []
        self._tool: str | None = None
        self._label = ""
        self._pending: list[tuple[float, float]] = []
        self._selected: int | None = None

    # ---- the clip's annotations ------------------------------------------------------------------------------
    @property
    def items(self) -> list[AnnotationRecord]:
        return list(self._items)

    def set_items(self, records: list[AnnotationRecord]) -> None:
        self._items = sorted(records, key=lambda r: (r.frame, r.id or 0))
        self.set_pending([])
        self.select(None)
        self.events.items.emit(self.items)

    def on_frame(self, frame: int) -> list[AnnotationRecord]:
        return [r for r in self._items if r.frame == frame]

    def get(self, annotation_id: int) -> AnnotationRecord | None:
        return next((r for r in self._items if r.id == annotation_id), None)

    def add(self, record: AnnotationRecord) -> None:
        self._items.append(record)
        self._items.sort(key=lambda r: (r.frame, r.id or 0))
        self.events.added.emit(record)

    def change(self, record: AnnotationRecord) -> None:
        self._items = [record if r.id == record.id else r for r in self._items]
        self.events.changed.emit(record)

    def remove(self, annotation_id: int) -> None:
        before = len(self._items)
        self._items = [r for r in self._items if r.id != annotation_id]
        if len(self._items) != before:
            if self._selected == annotation_id:
                self.select(None)
            self.events.removed.emit(annotation_id)

    @property
    def selected(self) -> int | None:
        return self._selected

    def select(self, annotation_id: int | None) -> None:
        if annotation_id != self._selected:
            self._selected = annotation_id
            self.events.selected.emit(annotation_id)

    # ---- drawing -----------------------------------------------------------------------------------------------
    @property
    def tool(self) -> str | None:
        return self._tool

    def set_tool(self, tool: str | None) -> None:
        if tool is not None and tool not in TOOLS:
            raise ValueError(f"unknown annotation tool {tool!r}; one of {TOOLS}")
        if tool != self._tool:
            self._tool = tool
            self.set_pending([])
            self.events.tool.emit(tool)

    @property
    def label(self) -> str:
        return self._label

    def set_label(self, text: str) -> None:
        if text != self._label:
            self._label = text
            self.events.label.emit(text)

    @property
    def pending(self) -> list[tuple[float, float]]:
        return list(self._pending)

    def set_pending(self, points) -> None:
        points = [(float(x), float(y)) for x, y in points]
        if points != self._pending:
            self._pending = points
            self.events.pending.emit(self.pending)

    def add_point(self, x: float, y: float) -> tuple[str, list[tuple[float, float]]] | None:
        """A click of the current tool at (x, y) in [0, 1]; (kind, points) when it finishes a shape, else None."""
        if self._tool is None:
            return None
        point = (min(max(float(x), 0.0), 1.0), min(max(float(y), 0.0), 1.0))
        points = self._pending + [point]
        if len(points) < CLICKS[self._tool]:
            self.set_pending(points)
            return None
        self.set_pending([])
        return self._tool, points
