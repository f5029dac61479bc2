"""What every headless command shares: the clip options, the clip through the pipeline, the one error type.

`llamo_engine.cli` registers the commands (analyze here, ask in `ask_cli`, report in `report_cli`); each imports
this module, so no command module imports another.
"""

from __future__ import annotations

import argparse
import pathlib
import sys

from llamo_engine.motion.estimator import EstimationError
from llamo_engine.motion.files import MotionFileError
from llamo_engine.motion.video import VideoError
from llamo_engine.pipeline import ClipResult, ClipSettings, run_clip
from llamo_engine.progress import progress_bar


class UserError(Exception):
    """A problem the user can fix; main() prints it as one line and exits with status 2."""


def add_clip_arguments(p: argparse.ArgumentParser) -> None:
    """The clip settings every command takes: the part of the video, the sport, the capture frame rate."""
    p.add_argument("--start", type=float, default=None, help="first second of the clip to analyse")
    p.add_argument("--end", type=float, default=None, help="last second of the clip to analyse")
    p.add_argument("--sport", choices=["golf", "baseball"], default=None,
                   help="the sport, when automatic detection should be skipped")
    p.add_argument("--capture-fps", type=float, default=None, metavar="FPS",
                   help="the rate a slow-motion clip was recorded at (e.g. 240); times become real time")


def clip_settings(args: argparse.Namespace) -> ClipSettings:
    try:
        return ClipSettings.of(args.sport, args.capture_fps, start_s=args.start, end_s=args.end)
    except ValueError as error:
        raise UserError(f"{error}; fix the option and run again") from None


def load_clip(clip: str, settings: ClipSettings, quiet: bool = False) -> ClipResult:
    """The clip through the pipeline (video or motion file), its errors as one-line UserErrors."""
    update, close = (None, lambda: None) if quiet else progress_bar(f"estimating {pathlib.Path(clip).name}")
    try:
        result = run_clip(clip, settings, progress=update)
    except (VideoError, EstimationError, FileNotFoundError, MotionFileError) as error:
        raise UserError(str(error)) from None
    finally:
        close()
    for warning in result.motion.meta.get("warnings", []):  # e.g. a truncated video, analysed up to where it ends
        print(f"warning: {warning}", file=sys.stderr)
    return result
