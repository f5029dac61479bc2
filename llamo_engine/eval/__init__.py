"""Evaluation scripts: `python -m llamo_engine.eval <name> [options]`. Each prints a table, never asserts."""
