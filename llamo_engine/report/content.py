"""`ReportContent`: everything one report shows, as plain data (no I/O, no drawing).

Frame numbers everywhere here (annotations, chat viewpoint frames) are the frames SwingAnalysis numbers: rows
of the MotionSequence. The video frame of row i is i + motion.meta.get("first_frame", 0).
Annotation points are normalised image coordinates (x, y) in [0, 1], origin top-left, of the clip's frame.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import pathlib

from llamo_engine.analysis.types import EVENTS, SwingAnalysis
from llamo_engine.motion.skeleton import MotionSequence

# kind -> number of points: a note may pin to one point (or none), a line has two ends, an angle is the three
# points a-vertex-b of the angle at the vertex.
ANNOTATION_POINTS = {"note": (0, 1), "line": (2,), "angle": (3,)}


@dataclasses.dataclass
class Annotation:
    """A coach's mark on one frame: a note, a line, or an angle (points a, vertex, b), with optional text."""

    frame: int
    kind: str
    points: list[tuple[float, float]] = dataclasses.field(default_factory=list)
    text: str = ""

    def __post_init__(self) -> None:
        if self.kind not in ANNOTATION_POINTS:
            raise ValueError(f"annotation kind must be one of {sorted(ANNOTATION_POINTS)}, got {self.kind!r}")
        self.frame = int(self.frame)
        self.points = [(float(x), float(y)) for x, y in self.points]
        if len(self.points) not in ANNOTATION_POINTS[self.kind]:
            raise ValueError(f"a {self.kind!r} annotation needs {' or '.join(map(str, ANNOTATION_POINTS[self.kind]))} "
                             f"points, got {len(self.points)}")
        if any(not (0.0 <= c <= 1.0) for p in self.points for c in p):
            raise ValueError(f"annotation points are normalised image coordinates in [0, 1], got {self.points}")

    def to_dict(self) -> dict:
        return {"frame": self.frame, "kind": self.kind, "points": [list(p) for p in self.points], "text": self.text}

    @classmethod
    def from_dict(cls, d: dict) -> "Annotation":
        return cls(frame=d["frame"], kind=d["kind"], points=[tuple(p) for p in d.get("points", [])],
                   text=d.get("text", ""))


@dataclasses.dataclass
class ChatItem:
    """One question and the model's answer, with the frames the model looked at (its viewpoint frames)."""

    question: str
    answer: str
    viewpoint_frames: list[int] = dataclasses.field(default_factory=list)

    def to_dict(self) -> dict:
        return {"question": self.question, "answer": self.answer, "viewpoint_frames": list(self.viewpoint_frames)}

    @classmethod
    def from_dict(cls, d: dict) -> "ChatItem":
        return cls(question=d["question"], answer=d["answer"],
                   viewpoint_frames=[int(f) for f in d.get("viewpoint_frames", [])])


@dataclasses.dataclass
class ReportContent:
    """What a report shows. `video_path` is the clip to draw key frames on (None: the skeleton is drawn on a
    plain background, e.g. for mocap or synthetic motion)."""

    clip_path: str
    motion: MotionSequence
    analysis: SwingAnalysis
    chat: list[ChatItem] = dataclasses.field(default_factory=list)
    notes: str = ""
    annotations: list[Annotation] = dataclasses.field(default_factory=list)
    athlete: str = ""
    date: dt.date = dataclasses.field(default_factory=dt.date.today)
    video_path: str | None = None

    def __post_init__(self) -> None:
        if self.analysis.num_frames != self.motion.num_frames:
            raise ValueError(f"the analysis covers {self.analysis.num_frames} frames but the motion has "
                             f"{self.motion.num_frames}; analyse this motion again before the report")
        T = self.motion.num_frames
        for a in self.annotations:
            if not 0 <= a.frame < T:
                raise ValueError(f"annotation on frame {a.frame} is outside the clip (0-{T - 1})")

    # ---- derived views (pure) -----------------------------------------------------------------------------
    @property
    def title(self) -> str:
        return pathlib.Path(self.clip_path).name

    @property
    def sport(self) -> str:
        return self.analysis.sport

    def key_frames(self, swing_index: int) -> list[tuple[str, int]]:
        """(event name, frame) of one swing's events, in the sport's event order, skipping missing ones."""
        swing = self.analysis.swings[swing_index]
        order = EVENTS.get(self.sport, tuple(swing.events))
        names = [n for n in order if n in swing.events] + [n for n in swing.events if n not in order]
        return [(n, int(swing.events[n])) for n in names if swing.events[n] is not None]

    def overview_frames(self, count: int = 6) -> list[int]:
        """Evenly spaced frames of the clip (the key frames of a clip with no swing)."""
        T = self.motion.num_frames
        count = min(count, T)
        return sorted({int(round(i * (T - 1) / max(count - 1, 1))) for i in range(count)})

    def annotations_on(self, frame: int) -> list[Annotation]:
        return [a for a in self.annotations if a.frame == frame]

    def swing_of(self, frame: int) -> int | None:
        """Index of the swing that contains `frame`, or None."""
        for i, s in enumerate(self.analysis.swings):
            if s.start <= frame <= s.end:
                return i
        return None

    def moment_at(self, frame: int) -> str:
        """The event at `frame` ("Top") if there is one, else the phase ("Downswing"), else "Clip"."""
        i = self.swing_of(frame)
        if i is not None:
            for name, f in self.analysis.swings[i].events.items():
                if f == frame:
                    return name.replace("_", " ").capitalize()
        return self.phase_at(frame).capitalize() or "Clip"

    def phase_at(self, frame: int) -> str:
        """Name of the swing phase at `frame` ("" outside every swing)."""
        i = self.swing_of(frame)
        return "" if i is None else phase_name(self.sport, self.analysis.swings[i].events, frame)


# (from event, to event, phase label) per sport, in order; a phase runs [from, to).
PHASES = {
    "golf": (("address", "top", "backswing"), ("top", "impact", "downswing"), ("impact", "finish", "follow-through")),
    "baseball": (("stance", "load", "load"), ("load", "foot_plant", "stride"), ("foot_plant", "contact", "swing"),
                 ("contact", "follow_through", "follow-through")),
}
FIRST_PHASE = {"golf": "address", "baseball": "stance"}
LAST_PHASE = {"golf": "finish", "baseball": "finish"}


def phase_spans(sport: str, events: dict) -> list[tuple[int, int, str]]:
    """[(start, end, label)] of a swing's phases whose bounding events are both known."""
    out = []
    for a, b, label in PHASES.get(sport, ()):
        if events.get(a) is not None and events.get(b) is not None and events[b] > events[a]:
            out.append((int(events[a]), int(events[b]), label))
    return out


def phase_name(sport: str, events: dict, frame: int) -> str:
    spans = phase_spans(sport, events)
    if not spans:
        return ""
    if frame < spans[0][0]:
        first = events.get(PHASES[sport][0][0])
        return FIRST_PHASE.get(sport, "") if first is not None and frame < first else ""
    for a, b, label in spans:
        if a <= frame < b:
            return label
    last = events.get(PHASES[sport][-1][1])
    return LAST_PHASE.get(sport, "") if last is not None and frame >= last else ""


def pretty_name(key: str) -> str:
    """'early_extension' -> 'Early extension' (fault, metric and drill names as the report prints them)."""
    text = key.replace("_", " ").strip()
    return text[:1].upper() + text[1:]
