"""Swing analysis (plain numpy, deterministic): segmentation, events, metrics, faults.

Entry point: `analyze(motion, sport=None) -> SwingAnalysis`.
"""

from llamo_engine.analysis.analyze import analyze
from llamo_engine.analysis.types import BASEBALL_EVENTS, EVENTS, GOLF_EVENTS, Fault, Metric, Swing, SwingAnalysis

__all__ = ["analyze", "SwingAnalysis", "Swing", "Metric", "Fault", "GOLF_EVENTS", "BASEBALL_EVENTS", "EVENTS"]
