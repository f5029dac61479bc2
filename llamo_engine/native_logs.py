"""Keep native libraries' log chatter (MediaPipe/TFLite, FFmpeg) off the user's terminal."""

from __future__ import annotations

import contextlib
import os


@contextlib.contextmanager
def quiet_stderr():
    """Silence output on file descriptor 2 (C/C++ logging) for the duration of the block.

    Python exceptions are unaffected: they propagate and are reported after the block restores stderr.
    """
    saved = os.dup(2)
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)
