"""LLaMo Coach entry point.

    python main.py [CLIP ...]            open the desktop app (with these clips)
    python main.py analyze CLIP [...]    headless commands (see `python main.py --help`)
"""

import os
import sys

# torch's OpenMP threads spin-wait between operations by default; on a shared 2-core machine that steals the CPU
# the GUI thread and the video decoder need. Passive waiting must be set before torch is imported.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")


def mistyped_command(first: str, commands) -> str | None:
    """The error for a first argument that is neither a command, an option nor an existing file or folder (a
    mistyped command such as `analyse`), else None. Clips are paths, so anything else cannot be one."""
    if first in commands or first.startswith("-") or os.path.exists(first):
        return None
    import difflib
    close = difflib.get_close_matches(first, commands, n=1, cutoff=0.6)
    looks_like_file = os.sep in first or "." in os.path.basename(first)
    if looks_like_file and not close:
        return f"{first}: file not found; check the path (commands: {', '.join(commands)})"
    hint = f" (did you mean {close[0]}?)" if close else f" (commands: {', '.join(commands)}; see --help)"
    return f"unknown command '{first}'{hint}"


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    from llamo_engine.cli import SUBCOMMANDS

    if argv and (argv[0] in SUBCOMMANDS or argv[0] in ("-h", "--help")):
        from llamo_engine.cli import main as cli_main
        return cli_main(argv)
    if argv and (error := mistyped_command(argv[0], list(SUBCOMMANDS))):
        print(f"error: {error}", file=sys.stderr)
        return 2
    from app import run
    return run(argv)


if __name__ == "__main__":
    sys.exit(main())
