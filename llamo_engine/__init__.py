"""LLaMo Coach engine: everything that computes (video, motion, analysis, model, inference, reports). No Qt."""

__version__ = "0.1.0"
