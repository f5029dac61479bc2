"""Frame-accurate video reading on top of OpenCV.

- Frame N returned by `read(N)` is the N-th frame of a sequential decode (seeks are verified against the
  timestamp index and fall back to decoding forward when the container's seek lands elsewhere).
- Rotation metadata of phone clips is honoured (frames come out upright; width/height are the upright size).
- Variable frame rate: `timestamps` holds each frame's presentation time in seconds; `fps` is nominal.
- Files that are missing, not videos or empty raise `VideoError` with a message that says what to do.
"""

from __future__ import annotations

import collections
import os
import pathlib

import cv2
import numpy as np

from llamo_engine.native_logs import quiet_stderr

cv2.utils.logging.setLogLevel(cv2.utils.logging.LOG_LEVEL_ERROR)  # errors only: OpenCV's warnings on unreadable files duplicate our VideoError messages

VIDEO_SUFFIXES = (".mp4", ".mov", ".m4v", ".avi", ".mkv", ".webm", ".mpg", ".mpeg", ".wmv")


class VideoError(Exception):
    """A video problem the user can fix; str(error) is a one-line message naming the problem and the fix."""


class VideoReader:
    """Random and sequential access to the frames of one clip, as RGB uint8 arrays (H, W, 3)."""

    def __init__(self, path: str | os.PathLike, cache_frames: int = 32):
        self.path = pathlib.Path(path)
        if not self.path.exists():
            raise VideoError(f"{self.path}: file not found; check the path")
        if self.path.is_dir():
            raise VideoError(f"{self.path}: is a folder; pass a video file (e.g. .mp4, .mov)")
        with quiet_stderr():
            self._cap = cv2.VideoCapture(str(self.path), cv2.CAP_FFMPEG)
        if not self._cap.isOpened():
            raise VideoError(f"{self.path}: not a readable video; convert it to MP4 (H.264) and try again")
        self._cap.set(cv2.CAP_PROP_ORIENTATION_AUTO, 1)
        self.fps = float(self._cap.get(cv2.CAP_PROP_FPS)) or 30.0
        if not (1.0 <= self.fps <= 1000.0):
            self.fps = 30.0
        self.rotation_deg = int(self._cap.get(cv2.CAP_PROP_ORIENTATION_META)) % 360
        self._next = 0  # index of the frame the capture will decode next
        self._cache: collections.OrderedDict[int, np.ndarray] = collections.OrderedDict()
        self._cache_size = cache_frames
        self._timestamps: list[float] = []
        self._complete = False
        first = self._decode_next()
        if first is None:
            self._cap.release()
            raise VideoError(f"{self.path}: no frames could be decoded; the file is empty or corrupt")
        self.height, self.width = first.shape[:2]
        self._frame_count_hint = int(self._cap.get(cv2.CAP_PROP_FRAME_COUNT))

    # ---- index -------------------------------------------------------------------------------------------
    @property
    def num_frames(self) -> int:
        """Exact number of decodable frames (scans the file once, without converting frames, if needed)."""
        self._build_index()
        return len(self._timestamps)

    @property
    def num_frames_hint(self) -> int:
        """The container's frame count (cheap, may be off by a few frames); exact once the index is built."""
        return len(self._timestamps) if self._complete else max(self._frame_count_hint, len(self._timestamps))

    @property
    def timestamps(self) -> np.ndarray:
        """(T,) presentation time of each frame in seconds, from the container (handles variable frame rate)."""
        self._build_index()
        return np.asarray(self._timestamps, dtype=np.float64)

    @property
    def duration_s(self) -> float:
        return self.num_frames_hint / self.fps

    def _build_index(self) -> None:
        if self._complete:
            return
        while self._grab_next():
            pass

    def _record(self, index: int) -> None:
        if index == len(self._timestamps):
            msec = self._cap.get(cv2.CAP_PROP_POS_MSEC)
            t = msec / 1000.0 if msec > 0 or index == 0 else index / self.fps
            if self._timestamps and t <= self._timestamps[-1]:
                t = self._timestamps[-1] + 1.0 / self.fps  # containers without usable pts
            self._timestamps.append(t)

    def _grab_next(self) -> bool:
        if not self._cap.grab():
            self._complete = True
            return False
        self._record(self._next)
        self._next += 1
        return True

    def _decode_next(self) -> np.ndarray | None:
        ok, bgr = self._cap.read()
        if not ok or bgr is None:
            self._complete = True
            return None
        self._record(self._next)
        frame = cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)
        self._remember(self._next, frame)
        self._next += 1
        return frame

    def _remember(self, index: int, frame: np.ndarray) -> None:
        self._cache[index] = frame
        self._cache.move_to_end(index)
        while len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)

    # ---- access ------------------------------------------------------------------------------------------
    def read(self, index: int) -> np.ndarray:
        """Frame `index` as RGB uint8 (H, W, 3); IndexError outside [0, num_frames)."""
        index = int(index)
        if index in self._cache:
            self._cache.move_to_end(index)
            return self._cache[index]
        if index < 0 or (self._complete and index >= len(self._timestamps)):
            raise IndexError(f"frame {index} outside 0..{self.num_frames - 1}")
        if index < self._next or index > self._next + 2 * self._cache_size:
            self._seek(index)
        while self._next <= index:
            if self._decode_next() is None:
                raise IndexError(f"frame {index} outside 0..{len(self._timestamps) - 1}")
        return self._cache[index]

    def _seek(self, index: int) -> None:
        """Position the decoder so the next decoded frame is `index` (verified by timestamp)."""
        self._build_index()
        if index >= len(self._timestamps):
            raise IndexError(f"frame {index} outside 0..{len(self._timestamps) - 1}")
        self._cap.set(cv2.CAP_PROP_POS_FRAMES, index)
        landed = self._cap.get(cv2.CAP_PROP_POS_FRAMES)
        if int(landed) == index:
            self._next = index
            if index == 0 or self._peek_matches(index):
                return
        self._restart()  # the seek did not land exactly: decode forward from the start
        while self._next < index:
            if not self._cap.grab():
                raise IndexError(f"frame {index} could not be reached")
            self._next += 1

    def _peek_matches(self, index: int) -> bool:
        frame = self._decode_next()
        if frame is None:
            return False
        msec = self._cap.get(cv2.CAP_PROP_POS_MSEC) / 1000.0
        if abs(msec - self._timestamps[index]) < 0.5 / self.fps:
            return True
        self._cache.pop(index, None)
        return False

    def _restart(self) -> None:
        self._cap.release()
        self._cap = cv2.VideoCapture(str(self.path), cv2.CAP_FFMPEG)
        self._cap.set(cv2.CAP_PROP_ORIENTATION_AUTO, 1)
        self._next = 0

    def frames(self, start: int = 0, end: int | None = None):
        """Yield (index, rgb) sequentially for frames [start, end)."""
        i = start
        while end is None or i < end:
            try:
                frame = self.read(i)
            except IndexError:
                return
            yield i, frame
            i += 1

    def close(self) -> None:
        self._cap.release()
        self._cache.clear()

    def __enter__(self) -> "VideoReader":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
