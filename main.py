"""LLaMo Coach entry point.

    python main.py [CLIP ...]            open the desktop app (with these clips)
    python main.py analyze CLIP [...]    headless commands (see `python main.py --help`)
"""

import os
import sys

# torch's OpenMP threads spin-wait between operations by default; on a shared 2-core machine that steals the CPU
# the GUI thread and the video decoder need. Passive waiting must be set before torch is imported.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    from llamo_engine.cli import SUBCOMMANDS

    if argv and (argv[0] in SUBCOMMANDS or argv[0] in ("-h", "--help")):
        from llamo_engine.cli import main as cli_main
        return cli_main(argv)
    from app import run
    return run(argv)


if __name__ == "__main__":
    sys.exit(main())
