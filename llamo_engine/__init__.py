"""LLaMo Coach engine: everything that computes (video, motion, analysis, model, inference, reports). No Qt."""

__version__ = "0.1.0"

import logging

# A library does not print by itself: callers (the CLI, the app) decide how to show warnings.
logging.getLogger(__name__).addHandler(logging.NullHandler())
