"""How often the measurements the model is shown agree with the truth it is graded against.

SwingQA's synthetic truth comes from the generator's parameters, while the prompt shows the analysis of the (often
noise-degraded) motion. An answer that copies the prompt's event frame or metric is graded right only when the
analysis agrees with the truth within the grading tolerance, so this agreement is the ceiling of the timing and
measurement categories for a model that reads its numbers from the prompt.
"""

from __future__ import annotations

import collections

import numpy as np

from llamo_engine.data.dataset import DataSettings, make_clip
from llamo_engine.data.qa.facts import facts_from_analysis
from llamo_engine.data.qa.vocabulary import quantities


def prompt_agreement(records, settings: DataSettings) -> dict[str, list[bool]]:
    """{"events": [...], "metric:<name>": [...], "faults: ...": [...]}: per truth event / metric of every swing,
    whether the analysis in the prompt is within the grading tolerance (events: the PCE tolerance); per true fault
    whether the prompt flags it, and per flagged fault whether it is true. Clips whose analysis finds a different
    number of swings count every truth item as a miss."""
    from llamo_engine.analysis import analyze

    out: dict[str, list[bool]] = collections.defaultdict(list)
    for rec in records:
        motion, _ = make_clip(rec.seed, settings)
        measured = facts_from_analysis(analyze(motion))
        truth = rec.facts
        paired = len(measured.swings) == len(truth.swings) and measured.sport == truth.sport
        for i, t in enumerate(truth.swings):
            m = measured.swings[i] if paired else None
            for event, frame in t.events.items():
                if frame is not None:
                    got = None if m is None else m.events.get(event)
                    out["events"].append(got is not None and abs(got - frame) <= t.pce_tolerance())
            for q in quantities(t.sport):
                if q.metric in t.metrics:
                    got = None if m is None else m.metrics.get(q.metric)
                    ok = got is not None and abs(got - t.metrics[q.metric]) * q.scale <= q.tol + 1e-9
                    out["metric:" + q.metric].append(ok)
            flagged = set() if m is None else set(m.faults)
            out["faults: true faults the prompt flags"] += [f in flagged for f in t.faults]
            out["faults: flagged faults that are true"] += [f in t.faults for f in flagged]
    return dict(out)


def agreement_table(agreement: dict[str, list[bool]]) -> str:
    lines = ["| measurement in the prompt | n | within tolerance of the truth |", "|---|---|---|"]
    for key in sorted(agreement, key=lambda k: (k != "events", k.startswith("faults"), k)):
        values = agreement[key]
        lines.append(f"| {key} | {len(values)} | {100.0 * np.mean(values):.1f}% |" if values else f"| {key} | 0 | - |")
    metrics = [v for k, vs in agreement.items() if k.startswith("metric:") for v in vs]
    if metrics:
        lines.append(f"| all metrics | {len(metrics)} | {100.0 * np.mean(metrics):.1f}% |")
    return "\n".join(lines)
