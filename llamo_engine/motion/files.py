"""Motion files that open as clips: one loader per file suffix, one error type, one message per problem.

    motion = load_motion_file("swing.c3d")      # a MotionSequence, or MotionFileError naming the problem and fix

`LOADERS` maps a lower-case suffix to a function `path -> MotionSequence`; `MOTION_SUFFIXES` are its keys:
- .npz  the project's own MotionSequence (what `main.py analyze` writes);
- .c3d  a marker capture (GEARS golf, Driveline / Plug-in Gait; `motion.c3d`), at the capture's rate, with the
        club or bat line when the capture has club markers;
- .npy  HumanML3D motion at 20 fps: (T, 22, 3) joints or (T, 263) feature vectors (`motion.humanml3d`);
- .bvh  a skeleton animation with CMU / Mixamo / SMPL joint names (`motion.bvh`), at its own rate.
Every capture has no camera (camera_yaw_deg None) and no video: the clip shows the 3-D view, timeline, metrics,
chat and report. Video files are not motion files: the clip pipeline sends those through the estimator.
"""

from __future__ import annotations

import pathlib

from llamo_engine.motion.bvh import load_bvh
from llamo_engine.motion.c3d import load_c3d
from llamo_engine.motion.humanml3d import load_npy
from llamo_engine.motion.skeleton import MotionSequence


class MotionFileError(ValueError):
    """A motion file that cannot be opened; the message names the file, the problem and the fix."""


def _load_npz(path: pathlib.Path) -> MotionSequence:
    try:
        return MotionSequence.load(path)
    except (OSError, ValueError, KeyError) as error:
        raise MotionFileError(f"{path.name}: not a LLaMo Coach motion file ({error}); open the video instead, or "
                              "a .npz that `main.py analyze` wrote") from None


def _capture_loader(read):
    """A loader that turns the reader's ValueError / OSError (which name the file) into MotionFileError."""
    def load(path: pathlib.Path) -> MotionSequence:
        try:
            return read(path)
        except (OSError, ValueError) as error:
            message = str(error)
            raise MotionFileError(message if message.startswith(path.name) else f"{path.name}: {message}") from None
    load.__doc__ = read.__doc__
    return load


LOADERS = {".npz": _load_npz, ".c3d": _capture_loader(load_c3d), ".npy": _capture_loader(load_npy),
           ".bvh": _capture_loader(load_bvh)}
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
