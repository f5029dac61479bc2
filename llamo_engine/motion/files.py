"""Motion files that open as clips: one loader per file suffix, one error type, one message per problem.

    motion = load_motion_file("swing.npz")      # a MotionSequence, or MotionFileError naming the problem and fix

`LOADERS` maps a lower-case suffix to a function `path -> MotionSequence`; `MOTION_SUFFIXES` are its keys.
Video files are not motion files: the clip pipeline sends those through the estimator.
"""

from __future__ import annotations

import pathlib

from llamo_engine.motion.c3d import load_c3d
from llamo_engine.motion.skeleton import MotionSequence


class MotionFileError(ValueError):
    """A motion file that cannot be opened; the message names the file, the problem and the fix."""


def _load_npz(path: pathlib.Path) -> MotionSequence:
    try:
        return MotionSequence.load(path)
    except (OSError, ValueError, KeyError) as error:
        raise MotionFileError(f"{path.name}: not a LLaMo Coach motion file ({error}); open the video instead, or "
                              "a .npz that `main.py analyze` wrote") from None


def _load_c3d(path: pathlib.Path) -> MotionSequence:
    try:
        return load_c3d(path)
    except (OSError, ValueError, KeyError) as error:
        raise MotionFileError(f"{path.name}: cannot be read as a motion capture ({error})") from None


LOADERS = {".npz": _load_npz, ".c3d": _load_c3d}
MOTION_SUFFIXES = tuple(LOADERS)


def is_motion_file(path: str | pathlib.Path) -> bool:
    return pathlib.Path(path).suffix.lower() in LOADERS


def load_motion_file(path: str | pathlib.Path) -> MotionSequence:
    """The motion in a motion file; MotionFileError (a ValueError) for a missing, unknown or unreadable file."""
    path = pathlib.Path(path)
    if not path.is_file():
        raise MotionFileError(f"{path}: file not found; it was moved or deleted. Check the path, or add it again "
                              "from its new place.")
    loader = LOADERS.get(path.suffix.lower())
    if loader is None:
        raise MotionFileError(f"{path.name}: not a motion file this app reads (it reads {', '.join(LOADERS)})")
    return loader(path)
