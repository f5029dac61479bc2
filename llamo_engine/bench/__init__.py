"""Benchmarks: scripts that print tables and ratios against a baseline run in the same process."""
