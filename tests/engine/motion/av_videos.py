"""Videos encoded with PyAV's own encoders (the wheel ships libx264, libx265, mpeg4, libvpx-vp9, libsvtav1), for the
decoding fuzz tests: numbered noise frames, any codec/container/rate/size, rotation and variable frame rate."""

from __future__ import annotations

import fractions
import pathlib
import struct

import av
import numpy as np

ENCODERS = {"h264": ("libx264", "mp4"), "hevc": ("libx265", "mp4"), "mpeg4": ("mpeg4", "mp4"),
            "vp9": ("libvpx-vp9", "webm"), "av1": ("libsvtav1", "mp4")}
QUIET = {"libx265": {"x265-params": "log-level=none"}, "libsvtav1": {"svtav1-params": "lp=1"}}


def frame_image(i: int, width: int, height: int) -> np.ndarray:
    """(H, W, 3) RGB: a red block top-left (shows orientation) and a bar whose length encodes i (shows order)."""
    f = np.full((height, width, 3), 40, np.uint8)
    f[: height // 4, : width // 3] = (255, 0, 0)
    f[-height // 6:, : max(1, (i * 7) % width)] = (0, 255, 0)
    return f


def encode(path: pathlib.Path, codec: str = "h264", n: int = 30, width: int = 128, height: int = 64,
           fps: int = 30, pts_ms: list[int] | None = None, rotation: int | None = None,
           metadata: dict | None = None, faststart: bool = False, noise: bool = False) -> pathlib.Path:
    """Encode n frames; pts_ms gives each frame's time in ms (variable frame rate), rotation a display matrix
    (counter-clockwise degrees, as FFmpeg stores it), metadata container tags (written as mdta keys)."""
    encoder, _ = ENCODERS[codec]
    options = {}
    if faststart or metadata:
        options["movflags"] = "+".join(f for f, on in (("faststart", faststart), ("use_metadata_tags", metadata)) if on)
    rng = np.random.default_rng(0)
    with av.open(str(path), "w", options=options) as container:
        stream = container.add_stream(encoder, rate=fps, options=QUIET.get(encoder, {}))
        stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
        if pts_ms is not None:
            stream.codec_context.time_base = fractions.Fraction(1, 1000)
        if rotation is not None:
            stream.set_display_rotation(rotation)
        container.metadata.update(metadata or {})
        for i in range(n):
            image = frame_image(i, width, height)
            if noise:  # incompressible content spreads a file's bytes evenly over its frames
                image = rng.integers(0, 256, image.shape, dtype=np.uint8)
            frame = av.VideoFrame.from_ndarray(image, format="rgb24")
            frame.pts = i if pts_ms is None else pts_ms[i]
            if pts_ms is not None:
                frame.time_base = fractions.Fraction(1, 1000)
            container.mux(stream.encode(frame))
        container.mux(stream.encode())
    return path


def encode_audio(path: pathlib.Path, seconds: float = 1.0) -> pathlib.Path:
    """An MP4 holding only an AAC sound track."""
    with av.open(str(path), "w") as container:
        stream = container.add_stream("aac", rate=44100)
        for i in range(int(seconds * 44100 / 1024)):
            frame = av.AudioFrame.from_ndarray(np.zeros((1, 1024), np.float32), format="fltp", layout="mono")
            frame.sample_rate, frame.pts = 44100, i * 1024
            container.mux(stream.encode(frame))
        container.mux(stream.encode())
    return path


def android_capture_fps(path: pathlib.Path, fps: float) -> pathlib.Path:
    """Write `com.android.capture.fps` as Android's MediaMuxer does: an mdta key with a float32 value (data type
    23). Encodes a clip with the key as a string tag, then rewrites that value in place (moov at the end)."""
    encode(path, metadata={"com.android.capture.fps": "0" * 10})
    data = bytearray(path.read_bytes())
    at = data.index(b"0" * 10) - 16  # the 'data' box: size, 'data', type, locale, value
    assert data[at + 4:at + 8] == b"data"
    shrink = 10 - 4
    new_box = struct.pack(">I4sII", 16 + 4, b"data", 23, 0) + struct.pack(">f", fps)
    data[at:at + 26] = new_box
    for name in (b"moov", b"meta", b"ilst"):  # every box enclosing the value loses the same bytes
        box = data.rindex(name, 0, at) - 4
        size = struct.unpack_from(">I", data, box)[0]
        struct.pack_into(">I", data, box, size - shrink)
    item = at - 8  # the ilst item (key index) holding the data box
    struct.pack_into(">I", data, item, struct.unpack_from(">I", data, item)[0] - shrink)
    path.write_bytes(bytes(data))
    return path


def replace_fourcc(path: pathlib.Path, old: bytes, new: bytes) -> pathlib.Path:
    """Relabel the video sample entry (e.g. avc1 -> evc1): a codec FFmpeg knows but this build cannot decode."""
    data = bytearray(path.read_bytes())
    at = data.index(old, data.index(b"stsd"))
    data[at:at + 4] = new
    path.write_bytes(bytes(data))
    return path
