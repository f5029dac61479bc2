"""Small generated videos for tests: numbered frames, optional rotation metadata (no ffmpeg needed)."""

import pathlib
import struct

import cv2
import numpy as np


def numbered_frames(n: int, width: int = 96, height: int = 64) -> list[np.ndarray]:
    """n distinct RGB frames; frame i has an asymmetric pattern so rotation and order are both visible."""
    frames = []
    for i in range(n):
        f = np.zeros((height, width, 3), np.uint8)
        f[: height // 4, : width // 3] = (255, 0, 0)  # red block top-left: shows orientation
        cv2.putText(f, str(i), (width // 3, height - 10), cv2.FONT_HERSHEY_SIMPLEX, 0.9, (255, 255, 255), 2)
        f[-4:, : (i * 7) % width] = (0, 255, 0)
        frames.append(f)
    return frames


def write_video(path: pathlib.Path, frames: list[np.ndarray], fps: float = 30.0) -> pathlib.Path:
    h, w = frames[0].shape[:2]
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"mp4v"), fps, (w, h))
    assert writer.isOpened()
    for f in frames:
        writer.write(cv2.cvtColor(f, cv2.COLOR_RGB2BGR))
    writer.release()
    return path


def set_rotation(path: pathlib.Path, degrees: int) -> None:
    """Write a display-rotation matrix into the MP4's track header (as phones do)."""
    data = bytearray(path.read_bytes())
    at = data.index(b"tkhd") + 4
    version = data[at]
    matrix_at = at + 4 + (32 if version == 1 else 20) + 16
    one, zero = 0x10000, 0
    rot = {90: (zero, one, -one, zero), 180: (-one, zero, zero, -one), 270: (zero, -one, one, zero)}[degrees]
    a, b, c, d = rot
    struct.pack_into(">9i", data, matrix_at, a, b, 0, c, d, 0, 0, 0, 0x40000000)
    path.write_bytes(bytes(data))
