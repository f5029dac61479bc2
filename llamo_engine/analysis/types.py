"""The analysis result: `SwingAnalysis` (one per clip) holding `Swing`s with events, `Metric`s and `Fault`s.

Everything round-trips through JSON (`to_dict` / `from_dict`); `summary_text` is the compact text the language
model gets in its prompt. Units: degrees, metres, seconds, m/s, deg/s. Event values are frame numbers of the
clip, or None when the clip does not show the event.
"""

from __future__ import annotations

import dataclasses

import numpy as np

GOLF_EVENTS = ("address", "toe_up", "mid_backswing", "top", "mid_downswing", "impact", "mid_follow_through",
               "finish")
BASEBALL_EVENTS = ("stance", "load", "foot_plant", "contact", "follow_through")
EVENTS = {"golf": GOLF_EVENTS, "baseball": BASEBALL_EVENTS}


@dataclasses.dataclass
class Metric:
    """One measured value. `band` is the reference range (lo, hi) from `source`; `frame` where it was read
    (None for values over a span). `confidence` in [0, 1] drops when the value rests on weak depth."""

    value: float
    unit: str
    confidence: float
    band: tuple[float, float] | None
    source: str
    definition: str
    frame: int | None = None

    def in_band(self) -> bool | None:
        return None if self.band is None else bool(self.band[0] <= self.value <= self.band[1])


@dataclasses.dataclass
class Fault:
    """A flagged swing fault with the evidence that triggered it."""

    name: str
    severity: str            # "mild" | "moderate" | "severe"
    metric: str              # the metric whose value triggered it
    frames: list[int]
    description: str


@dataclasses.dataclass
class Swing:
    start: int
    end: int
    events: dict[str, int | None]
    metrics: dict[str, Metric]
    faults: list[Fault]
    handedness: str = "right"


@dataclasses.dataclass
class SwingAnalysis:
    """Analysis of one clip. `sport` is "golf", "baseball" or "none"; `curves` are (T,) per-frame arrays."""

    sport: str
    swings: list[Swing]
    curves: dict[str, np.ndarray]
    fps: float
    num_frames: int
    camera_yaw_deg: float | None = None
    notes: list[str] = dataclasses.field(default_factory=list)
    suggested_capture_fps: float | None = None   # the clip looks like slow motion recorded at this rate

    # ---- JSON ---------------------------------------------------------------------------------------------
    def to_dict(self) -> dict:
        def metric(m: Metric) -> dict:
            d = dataclasses.asdict(m)
            d["band"] = None if m.band is None else [float(m.band[0]), float(m.band[1])]
            return d
        return {
            "sport": self.sport, "fps": self.fps, "num_frames": self.num_frames,
            "camera_yaw_deg": self.camera_yaw_deg, "notes": list(self.notes),
            "suggested_capture_fps": self.suggested_capture_fps,
            "swings": [{"start": s.start, "end": s.end, "handedness": s.handedness, "events": dict(s.events),
                        "metrics": {k: metric(m) for k, m in s.metrics.items()},
                        "faults": [dataclasses.asdict(f) for f in s.faults]} for s in self.swings],
            "curves": {k: [round(float(x), 5) for x in v] for k, v in self.curves.items()},
        }

    @classmethod
    def from_dict(cls, d: dict) -> "SwingAnalysis":
        swings = []
        for s in d["swings"]:
            metrics = {k: Metric(**{**m, "band": None if m["band"] is None else tuple(m["band"])})
                       for k, m in s["metrics"].items()}
            swings.append(Swing(start=s["start"], end=s["end"], handedness=s.get("handedness", "right"),
                                events=dict(s["events"]), metrics=metrics, faults=[Fault(**f) for f in s["faults"]]))
        return cls(sport=d["sport"], swings=swings, fps=d["fps"], num_frames=d["num_frames"],
                   camera_yaw_deg=d.get("camera_yaw_deg"), notes=list(d.get("notes", [])),
                   suggested_capture_fps=d.get("suggested_capture_fps"),
                   curves={k: np.asarray(v, dtype=np.float64) for k, v in d.get("curves", {}).items()})

    # ---- text for the language model ----------------------------------------------------------------------
    def summary_text(self, max_metrics: int = 14, drills: dict[str, str] | None = None) -> str:
        """Compact summary: sport, per swing its events (frame and time), key metrics with units and reference
        bands, and flagged faults with their evidence (and the drill for each fault named in `drills`)."""
        if self.sport == "none":
            note = f" ({self.notes[0]})" if self.notes else ""
            return f"No golf or baseball swing found in this clip{note}."
        lines = [f"{self.sport} clip, {self.num_frames} frames at {self.fps:.0f} fps, {len(self.swings)} swing(s)."]
        if self.suggested_capture_fps is not None:
            lines.append(f"Looks like slow motion recorded at about {self.suggested_capture_fps:.0f} fps: times and "
                         f"speeds below are at {self.fps:.0f} fps until 'recorded at' is set.")
        for i, s in enumerate(self.swings, 1):
            lines.append(f"Swing {i} ({s.handedness}-handed), frames {s.start}-{s.end}:")
            ev = ", ".join(f"{k} {'-' if v is None else f'f{v} ({v / self.fps:.2f}s)'}" for k, v in s.events.items())
            lines.append(f"  events: {ev}")
            for name, m in list(s.metrics.items())[:max_metrics]:
                band = "" if m.band is None else f" [ref {m.band[0]:g}-{m.band[1]:g}]"
                conf = "" if m.confidence >= 0.7 else f" (low confidence {m.confidence:.1f})"
                lines.append(f"  {name}: {m.value:.3g} {m.unit}{band}{conf}")
            if s.faults:
                for f in s.faults:
                    drill = f" drill: {drills[f.name]}" if drills and f.name in drills else ""
                    lines.append(f"  fault: {f.name} ({f.severity}) - {f.description} "
                                 f"[{f.metric}, frames {', '.join(map(str, f.frames))}]{drill}")
            else:
                lines.append("  faults: none flagged")
        return "\n".join(lines)
