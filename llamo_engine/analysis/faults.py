"""Swing faults flagged from metrics by the rules in `references`, each with its evidence."""

from __future__ import annotations

from llamo_engine.analysis.references import BANDS, FAULT_RULES, OVERSWING_ARC_RULE, SINGLE_VIEW_THRESHOLDS
from llamo_engine.analysis.types import Fault, Metric

MIN_CONFIDENCE = 0.3  # metrics below this (depth in a face-on video) flag a fault only by its single-view threshold


def detect_faults(sport: str, metrics: dict[str, Metric]) -> list[Fault]:
    rules = dict(FAULT_RULES[sport])
    if sport == "golf" and "club_past_parallel_top" not in metrics:
        rules["overswing"] = OVERSWING_ARC_RULE
    out = []
    for name, (metric_name, op, threshold, description) in rules.items():
        m = metrics.get(metric_name)
        if m is None:
            continue
        if m.confidence < MIN_CONFIDENCE:
            if name not in SINGLE_VIEW_THRESHOLDS[sport]:
                continue
            threshold = SINGLE_VIEW_THRESHOLDS[sport][name]
        hit = m.value > threshold if op == ">" else m.value < threshold
        if not hit:
            continue
        lo, hi, _ = BANDS[sport].get(metric_name, (threshold - 1.0, threshold + 1.0, ""))
        ratio = abs(m.value - threshold) / max(abs(hi - lo) * 0.5, 1e-9)
        severity = "severe" if ratio > 1.0 else ("moderate" if ratio > 0.3 else "mild")
        if m.confidence < 0.6:
            severity = "mild"
            description = description + " (low-confidence measurement)"
        frames = [] if m.frame is None else [m.frame]
        out.append(Fault(name=name, severity=severity, metric=metric_name, frames=frames,
                         description=f"{description}: {metric_name} = {m.value:.3g} {m.unit} "
                                     f"(threshold {op} {threshold:g})"))
    return out
