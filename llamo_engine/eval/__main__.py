"""Dispatcher: `python -m llamo_engine.eval <name> [options]`.

Register an evaluation by adding its module to COMMANDS; the module exposes `main(argv: list[str]) -> int`.
"""

from __future__ import annotations

import importlib
import sys

COMMANDS = {
    "analysis": ("llamo_engine.eval.analysis", "swing analysis: events (PCE), counting, metrics, faults, real clips"),
    "qa": ("llamo_engine.eval.qa", "SwingQA: held-out synthetic questions, per category, with ablations"),
    "rotation": ("llamo_engine.eval.rotation_real", "single-view pelvis/thorax turn on real captures, virtual cameras"),
    "noise": ("llamo_engine.eval.noise", "estimator noise: real MediaPipe clips vs the synthetic noise model"),
}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] not in COMMANDS:
        lines = [f"  {name:<10} {help_}" for name, (_, help_) in COMMANDS.items()]
        print("usage: python -m llamo_engine.eval <name> [options]\n\nevaluations:\n" + "\n".join(lines),
              file=sys.stderr)
        return 2
    module = importlib.import_module(COMMANDS[argv[0]][0])
    return int(module.main(argv[1:]) or 0)


if __name__ == "__main__":
    sys.exit(main())
