"""Frame-exact video reading with PyAV (FFmpeg's demuxers and decoders): the one decoding path of the project.

- Frame N returned by `read(N)` is the N-th frame of a sequential decode; seeks land on a key frame and are
  verified by presentation timestamp, falling back to decoding forward from the start.
- Rotation metadata of phone clips (90/180/270) is applied: frames come out upright, width/height upright.
- Variable frame rate is kept: `timestamps` holds each frame's presentation time in seconds (frame 0 at 0);
  `fps` is the nominal (average) rate. `recorded_fps` is the capture rate a phone wrote (slow motion), or None.
- A file that ends early (truncated, still being copied, damaged) is read up to where it breaks; once the decode
  reaches that point `warning` says "the file ends at frame N of M ...". Files that cannot be read at all raise
  `VideoError` with one line naming the problem and the fix (see video_probe).
"""

from __future__ import annotations

import collections
import os
import pathlib

import av
import numpy as np

from llamo_engine.motion import video_probe
from llamo_engine.motion.video_probe import VideoError

__all__ = ["VIDEO_SUFFIXES", "VideoError", "VideoReader"]

VIDEO_SUFFIXES = (".mp4", ".mov", ".m4v", ".avi", ".mkv", ".webm", ".mpg", ".mpeg", ".wmv")
CACHE_BUDGET_BYTES = 256 * 1024 * 1024  # decoded RGB frames kept for random access (8 frames of 4K)


class VideoReader:
    """Random and sequential access to the frames of one clip, as RGB uint8 arrays (H, W, 3)."""

    def __init__(self, path: str | os.PathLike, cache_frames: int = 32):
        self.path = pathlib.Path(path)
        video_probe.check_file(self.path)
        self._container, self._stream = self._open()
        stream = self._stream
        if stream.codec_context is None:
            self._container.close()
            raise VideoError(video_probe.undecodable_message(self.path))
        self.codec = video_probe.codec_label(stream.codec_context.name)
        rate = stream.average_rate or stream.guessed_rate or stream.base_rate
        self.fps = float(rate) if rate and 1.0 <= float(rate) <= 1000.0 else 30.0
        self.recorded_fps = video_probe.capture_fps(self._container.metadata, stream.metadata)
        self._promised = self._promised_frames()
        self._cut = video_probe.is_cut(self.path)
        self._time_base = stream.time_base
        self.rotation_deg = 0
        self._next = 0  # index of the frame the decoder yields next
        self._frames_iter = self._decoded_frames()
        self._cache: collections.OrderedDict[int, np.ndarray] = collections.OrderedDict()
        self._cache_size = cache_frames
        self._timestamps: list[float] = []
        self._pts: list[int | None] = []  # (T,) each frame's pts in stream time_base units, for seeking
        self._pts_origin: int | None = None
        self._pts_index: dict[int, int] | None = None  # pts -> frame index, once the index is complete
        self._complete = False
        self._error: str | None = None
        self._key_pts: int | None = None
        first = self._decode_next()
        if first is None:
            self.close()
            raise VideoError(self._no_frame_message())
        self.height, self.width = first.shape[:2]
        self._cache_size = max(2, min(cache_frames, CACHE_BUDGET_BYTES // first.nbytes))

    def _open(self):
        try:
            container = av.open(str(self.path), metadata_errors="replace")
        except (av.FFmpegError, UnicodeDecodeError):
            raise VideoError(video_probe.unopenable_message(self.path)) from None
        if not container.streams.video:
            kinds = sorted({s.type for s in container.streams})
            container.close()
            if video_probe.is_cut(self.path):  # cut off inside its index: the video track is not described yet
                raise VideoError(video_probe.unopenable_message(self.path))
            what = "only sound" if kinds == ["audio"] else f"no video track ({', '.join(kinds) or 'no streams'})"
            raise VideoError(f"{self.path}: the file holds {what}, no video; export or copy the video itself, "
                             "with its picture, from the camera or phone")
        stream = container.streams.video[0]
        if stream.codec_context is not None:
            stream.codec_context.thread_type = "SLICE"  # frame threads drop the frames in flight at a damaged packet
        return container, stream

    def _promised_frames(self) -> int:
        """Frames the container says it holds: its index (MP4) or its duration times the rate (Matroska)."""
        if self._stream.frames:
            return int(self._stream.frames)
        if self._container.duration:
            return int(round(self._container.duration / 1e6 * self.fps))
        return 0

    def _no_frame_message(self) -> str:
        if self._cut or (self._promised and not self._error):  # the index promises frames the file lacks
            return (f"{self.path}: the file ends before its first frame (0 of {self._promised} frames are there): "
                    f"damaged or still being copied; {video_probe.RECOPY}")
        detail = f" ({self._error})" if self._error else ""
        return (f"{self.path}: no frame of this {self.codec} video could be decoded{detail}; "
                f"{video_probe.CONVERT}")

    # ---- decoding ----------------------------------------------------------------------------------------
    def _decoded_frames(self):
        """av.VideoFrame in presentation order until the end of the file or the first undecodable packet."""
        try:
            for packet in self._container.demux(self._stream):
                if packet.is_keyframe and self._key_pts is None and packet.pts is not None:
                    self._key_pts = packet.pts  # the first key frame since opening or seeking
                yield from packet.decode()
        except av.FFmpegError as error:
            self._error = f"{type(error).__name__}: {error.strerror or error}"
            try:  # the frames the decoder still holds were read intact
                yield from self._stream.codec_context.decode(None)
            except av.FFmpegError:
                pass

    def _decode_next(self, convert: bool = True) -> np.ndarray | None:
        """Decode frame self._next; its RGB array when `convert` (else an empty marker), None at the end."""
        frame = next(self._frames_iter, None)
        if frame is None:
            self._complete = True
            return None
        index = self._next
        if index == 0:
            self.rotation_deg = int(round(-(frame.rotation or 0) / 90.0)) * 90 % 360
        if index == len(self._timestamps):
            self._record(frame)
        self._next += 1
        if not convert:
            return _SKIPPED
        rgb = frame.to_ndarray(format="rgb24")  # (H, W, 3) as stored
        if self.rotation_deg:
            rgb = np.ascontiguousarray(np.rot90(rgb, k=-self.rotation_deg // 90))  # clockwise
        self._remember(index, rgb)
        return rgb

    def _record(self, frame) -> None:
        step = 1.0 / self.fps
        if frame.pts is None:
            t = self._timestamps[-1] + step if self._timestamps else 0.0
        else:
            self._pts_origin = frame.pts if self._pts_origin is None else self._pts_origin
            t = float((frame.pts - self._pts_origin) * self._time_base)
        if self._timestamps and t <= self._timestamps[-1]:
            t = self._timestamps[-1] + step  # containers without usable pts
        self._timestamps.append(t)
        self._pts.append(frame.pts)

    def _remember(self, index: int, frame: np.ndarray) -> None:
        self._cache[index] = frame
        self._cache.move_to_end(index)
        while len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)

    # ---- index -------------------------------------------------------------------------------------------
    @property
    def num_frames(self) -> int:
        """Exact number of decodable frames (decodes the rest of the file once, without converting, if needed)."""
        self._build_index()
        return len(self._timestamps)

    @property
    def num_frames_hint(self) -> int:
        """The container's frame count (cheap, may be off by a few frames); exact once the index is built."""
        return len(self._timestamps) if self._complete else max(self._promised, len(self._timestamps))

    @property
    def timestamps(self) -> np.ndarray:
        """(T,) presentation time of each frame in seconds from the first (variable frame rate kept)."""
        self._build_index()
        return np.asarray(self._timestamps, dtype=np.float64)

    def timestamp(self, index: int) -> float:
        """Presentation time of a frame already decoded (sequential reads record them as they go)."""
        return self._timestamps[index]

    @property
    def duration_s(self) -> float:
        return self.num_frames_hint / self.fps

    @property
    def warning(self) -> str | None:
        """Once decoding has reached the end: why the file ended early, or None for a whole file."""
        if not self._complete or not (self._error or self._cut):
            return None
        n = len(self._timestamps)
        if self._promised > n:
            where = f"the file ends at frame {n} of {self._promised}"
        elif self._cut:
            where = f"the file ends at frame {n} (the rest is missing)"
        else:
            return None
        return f"{self.path.name}: {where}: damaged or still being copied; analysed the {n} frames it holds"

    def _build_index(self) -> None:
        while not self._complete:
            self._decode_next(convert=False)

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
            convert = self._next >= index - self._cache_size // 2
            if self._decode_next(convert) is None:
                raise IndexError(f"frame {index} outside 0..{len(self._timestamps) - 1}")
        return self._cache[index]

    def _seek(self, index: int) -> None:
        """Position the decoder so the next decoded frame is `index` (verified by presentation timestamp)."""
        self._build_index()
        if index >= len(self._timestamps):
            raise IndexError(f"frame {index} outside 0..{len(self._timestamps) - 1}")
        target = self._pts[index]
        if self._pts_index is None:
            self._pts_index = {p: i for i, p in enumerate(self._pts) if p is not None}
        if target is not None and len(self._pts_index) == len(self._pts):  # every pts known and unique
            self._container.seek(target, stream=self._stream, backward=True, any_frame=False)
            self._key_pts = None
            frames = self._decoded_frames()
            for frame in frames:
                # Frames shown before the key frame the seek landed on (open GOP) may be mis-decoded; frames an
                # edit list hides are decoded but never yielded by the sequential decode (no index).
                keyed = self._key_pts is not None and frame.pts is not None and frame.pts >= self._key_pts
                landed = self._pts_index.get(frame.pts) if keyed else None
                if landed is None:
                    continue
                if landed <= index:
                    self._next = landed
                    self._frames_iter = _chain_first(frame, frames)
                    return
                break
        self._restart()  # the seek did not land exactly: decode forward from the start
        while self._next < index:
            if self._decode_next(convert=False) is None:
                raise IndexError(f"frame {index} could not be reached")

    def _restart(self) -> None:
        self._container.close()
        self._container, self._stream = self._open()
        self._frames_iter = self._decoded_frames()
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
        self._container.close()
        self._cache.clear()

    def __enter__(self) -> "VideoReader":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


_SKIPPED = np.zeros((0, 0, 3), np.uint8)  # what _decode_next returns for a frame decoded but not converted


def _chain_first(first, rest):
    yield first
    yield from rest
