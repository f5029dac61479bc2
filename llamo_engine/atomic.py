"""Atomic file writes: write to a temporary file in the same folder, then rename into place.

A crash, an error or a cancel mid-write leaves the previous file (or nothing), never a half-written one.
"""

from __future__ import annotations

import contextlib
import os
import pathlib
import tempfile

_UMASK = os.umask(0)
os.umask(_UMASK)


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike):
    """Yield a temporary sibling path (same suffix) to write; it replaces `path` only if the block succeeds.

    For writers that want a file name (e.g. cv2.VideoWriter) rather than an open file."""
    path = pathlib.Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.", suffix=path.suffix or ".tmp")
    os.close(fd)
    try:
        yield tmp
        os.chmod(tmp, 0o666 & ~_UMASK)  # mkstemp creates owner-only files; give the usual permissions
        os.replace(tmp, path)
    except BaseException:
        pathlib.Path(tmp).unlink(missing_ok=True)
        raise


@contextlib.contextmanager
def atomic_open(path: str | os.PathLike, mode: str = "wb"):
    """Open a temporary sibling of `path` for writing; it replaces `path` only if the block succeeds."""
    with atomic_path(path) as tmp, open(tmp, mode) as f:
        yield f


def write_text(path: str | os.PathLike, text: str) -> None:
    with atomic_open(path, "w") as f:
        f.write(text)
