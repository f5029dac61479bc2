"""What the questions are generated from: `ClipFacts`, the known truth of one clip (sport, swings, their events,
metrics and faults), built either from synthetic swings (truth from their parameters) or from a SwingAnalysis
(truth from the analysis, for real motion)."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from llamo_engine.analysis.types import EVENTS


@dataclasses.dataclass
class SwingFacts:
    sport: str
    handedness: str
    start: int                          # clip frames
    end: int
    events: dict[str, int | None]       # event name -> clip frame
    metrics: dict[str, float]           # analysis metric name -> value (units of analysis.metrics)
    faults: tuple[str, ...]

    def event_order(self) -> list[str]:
        """Events present in this swing, in time order."""
        return [e for e in EVENTS[self.sport] if self.events.get(e) is not None]

    def pce_tolerance(self) -> int:
        """GolfDB's PCE tolerance in frames: max(round((impact - address) / 30), 1); the same rule from the
        first to the contact event for baseball."""
        first, hit = ("address", "impact") if self.sport == "golf" else ("stance", "contact")
        a, b = self.events.get(first), self.events.get(hit)
        if a is None or b is None:
            return 1
        return max(int(round((b - a) / 30)), 1)


@dataclasses.dataclass
class ClipFacts:
    sport: str                          # "golf" | "baseball" | "none"
    fps: float
    num_frames: int
    swings: list[SwingFacts]
    source: str = "synthetic"           # "synthetic" (truth from parameters) | "analysis"

    def time(self, frame: int) -> float:
        return frame / self.fps


def facts_from_truth(truths: Sequence[dict], fps: float, num_frames: int) -> ClipFacts:
    """Facts of a synthetic clip from its swings' truth dicts (`SyntheticSwing.truth`, or the "swings" of a
    `SyntheticSession.truth`), events already in clip frames. All swings share one sport."""
    if not truths:
        raise ValueError("a synthetic clip needs at least one swing")
    sports = {t["sport"] for t in truths}
    if len(sports) != 1:
        raise ValueError(f"swings of one clip must share a sport, got {sorted(sports)}")
    swings = [SwingFacts(sport=t["sport"], handedness=t["handedness"], start=int(t["start"]), end=int(t["end"]),
                         events={k: None if v is None else int(v) for k, v in t["events"].items()},
                         metrics={k: float(v) for k, v in t["metrics"].items()}, faults=tuple(t["faults"]))
              for t in truths]
    return ClipFacts(sport=sports.pop(), fps=float(fps), num_frames=int(num_frames), swings=swings)


def facts_from_synthetic(swing) -> ClipFacts:
    """Facts of one `SyntheticSwing` (from `generate_swing`)."""
    return facts_from_truth([swing.truth], swing.motion.fps, swing.motion.num_frames)


def facts_from_analysis(analysis) -> ClipFacts:
    """Facts of a clip from its SwingAnalysis (real motion: truth as measured)."""
    swings = [SwingFacts(sport=analysis.sport, handedness=s.handedness, start=s.start, end=s.end,
                         events=dict(s.events), metrics={k: float(m.value) for k, m in s.metrics.items()},
                         faults=tuple(f.name for f in s.faults)) for s in analysis.swings]
    return ClipFacts(sport=analysis.sport, fps=float(analysis.fps), num_frames=int(analysis.num_frames),
                     swings=swings, source="analysis")
