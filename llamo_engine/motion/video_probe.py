"""What a file is before and beside decoding it: the problem with a file that is not a readable video, in one
line that names the problem and the fix, and the facts FFmpeg does not report directly.

- `check_file`: missing, a folder, zero bytes, or an image renamed with a video suffix.
- `unopenable_message`: FFmpeg could not open it: an MP4 cut off before its index (header only, still being
  copied) or bytes that match no video format.
- `is_cut`: the container's own sizes say the file is shorter than it was written (ISO-BMFF boxes, the Matroska
  segment), so a clean end of decoding is still a truncated file.
- `codec_label` / `stored_codec`: the codec's common name, also for a stream this build has no decoder for.
- `capture_fps`: the rate a phone says it recorded at (slow motion, time-lapse), from the container's tags.
"""

from __future__ import annotations

import pathlib
import re
import struct

CONVERT = "convert it with `ffmpeg -i in.mp4 -c:v libx264 out.mp4`"
RECOPY = "copy it again from the camera or phone"
IMAGE_MAGIC = ((b"\x89PNG\r\n\x1a\n", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"), (b"GIF8", "a GIF image"),
               (b"BM", "a BMP image"), (b"II*\x00", "a TIFF image"), (b"MM\x00*", "a TIFF image"))
HEIF_BRANDS = {b"heic": "a HEIC photo", b"heix": "a HEIC photo", b"mif1": "a HEIF photo", b"avif": "an AVIF image"}
# Common names of video codecs, by FFmpeg codec name, MP4/QuickTime sample-entry fourcc and Matroska CodecID.
CODEC_NAMES = {
    "h264": "H.264", "hevc": "HEVC (H.265)", "av1": "AV1", "libdav1d": "AV1", "vp9": "VP9", "libvpx-vp9": "VP9",
    "vp8": "VP8", "libvpx": "VP8", "mpeg4": "MPEG-4 part 2", "mpeg2video": "MPEG-2", "mpeg1video": "MPEG-1",
    "vvc": "H.266 (VVC)", "evc": "MPEG-5 EVC", "prores": "ProRes", "mjpeg": "Motion JPEG",
    "avc1": "H.264", "avc3": "H.264", "hvc1": "HEVC (H.265)", "hev1": "HEVC (H.265)", "dvh1": "Dolby Vision HEVC",
    "dvhe": "Dolby Vision HEVC", "av01": "AV1", "vp09": "VP9", "vp08": "VP8", "mp4v": "MPEG-4 part 2",
    "evc1": "MPEG-5 EVC", "vvc1": "H.266 (VVC)", "vvi1": "H.266 (VVC)", "apv1": "APV", "apch": "ProRes",
    "apcn": "ProRes", "ap4h": "ProRes", "V_MPEG4/ISO/AVC": "H.264", "V_MPEGH/ISO/HEVC": "HEVC (H.265)",
    "V_AV1": "AV1", "V_VP9": "VP9", "V_VP8": "VP8", "V_MPEG4/ISO/ASP": "MPEG-4 part 2",
    "V_MPEGI/ISO/VVC": "H.266 (VVC)",
}
CAPTURE_KEY = re.compile(r"capture[._-]?fps", re.IGNORECASE)  # com.android.capture.fps, com.apple.quicktime.capture.fps
MATROSKA_MAGIC, SEGMENT_ID = b"\x1a\x45\xdf\xa3", b"\x18\x53\x80\x67"


class VideoError(Exception):
    """A video problem the user can fix; str(error) is a one-line message naming the problem and the fix."""


def check_file(path: pathlib.Path) -> None:
    """VideoError for a path that cannot hold a video: missing, a folder, empty, or an image."""
    if not path.exists():
        raise VideoError(f"{path}: file not found; check the path")
    if path.is_dir():
        raise VideoError(f"{path}: is a folder; pass a video file (e.g. .mp4, .mov)")
    if path.stat().st_size == 0:
        raise VideoError(f"{path}: the file is empty (0 bytes): the copy did not finish; {RECOPY}")
    image = image_kind(read_head(path))
    if image:
        raise VideoError(f"{path}: is {image}, not a video (only its name ends in {path.suffix}); "
                         "open the video file itself")


def read_head(path: pathlib.Path, size: int = 64) -> bytes:
    with open(path, "rb") as f:
        return f.read(size)


def image_kind(head: bytes) -> str | None:
    for magic, kind in IMAGE_MAGIC:
        if head.startswith(magic):
            return kind
    if head[8:12] == b"WEBP" and head.startswith(b"RIFF"):
        return "a WebP image"
    if head[4:8] == b"ftyp":
        return HEIF_BRANDS.get(head[8:12])
    return None


def unopenable_message(path: pathlib.Path) -> str:
    """Why FFmpeg could not open a non-empty file that is not an image."""
    boxes, _ = iso_boxes(path)
    size = path.stat().st_size
    if boxes and boxes[0][0] == b"ftyp" and not any(kind == b"moov" and at + n <= size for kind, at, n in boxes):
        return (f"{path}: the file ends before its index (an MP4/MOV header with no 'moov' box): damaged or still "
                f"being copied; {RECOPY}")
    return (f"{path}: not a readable video: its contents match no video format (renamed or damaged); open the "
            f"original recording, or {CONVERT}")


def iso_boxes(path: pathlib.Path) -> tuple[list[tuple[bytes, int, int]], bool]:
    """Top-level ISO-BMFF boxes [(type, offset, size)] and whether the last one runs past the end of the file.
    ([], False) for a file that is not ISO-BMFF."""
    size = path.stat().st_size
    boxes, at = [], 0
    with open(path, "rb") as f:
        while at + 8 <= size and len(boxes) < 10_000:
            f.seek(at)
            head = f.read(16)
            length, kind = struct.unpack(">I4s", head[:8])
            if not re.fullmatch(rb"[a-zA-Z0-9 _\-]{4}", kind) or (not boxes and kind != b"ftyp"):
                break
            if length == 1 and len(head) == 16:
                length = struct.unpack(">Q", head[8:16])[0]
            elif length == 0:
                length = size - at
            if length < 8:
                break
            boxes.append((kind, at, length))
            at += length
    return boxes, bool(boxes) and at > size


def matroska_cut(path: pathlib.Path) -> bool:
    """True when a Matroska/WebM file's segment declares more bytes than the file holds."""
    with open(path, "rb") as f:
        head = f.read(4096)
    if not head.startswith(MATROSKA_MAGIC):
        return False
    at = len(MATROSKA_MAGIC)
    header_size, n = _vint(head, at)
    at += n + header_size
    if head[at:at + 4] != SEGMENT_ID:
        return False
    segment_size, n = _vint(head, at + 4)
    unknown = segment_size == (1 << (7 * n)) - 1
    return not unknown and at + 4 + n + segment_size > path.stat().st_size


def _vint(data: bytes, at: int) -> tuple[int, int]:
    """An EBML variable-length integer at `at`: (value, length in bytes)."""
    first = data[at] if at < len(data) else 0
    n = next((i + 1 for i in range(8) if first & (0x80 >> i)), 8)
    value = first & ((0x80 >> (n - 1)) - 1)
    for b in data[at + 1:at + n]:
        value = (value << 8) | b
    return value, n


def is_cut(path: pathlib.Path) -> bool:
    return iso_boxes(path)[1] or matroska_cut(path)


def stored_codec(path: pathlib.Path) -> str | None:
    """The video codec written in the container (MP4/MOV sample entry, Matroska CodecID), FFmpeg aside."""
    boxes, _ = iso_boxes(path)
    moov = next(((at, n) for kind, at, n in boxes if kind == b"moov"), None)
    if moov is not None and moov[1] < 64 << 20:
        with open(path, "rb") as f:
            f.seek(moov[0])
            data = f.read(moov[1])
        for m in re.finditer(b"vmhd", data):  # the video track's media header; its sample table follows
            at = data.find(b"stsd", m.end())
            if at > 0:
                return data[at + 16:at + 20].decode("latin-1")
        return None
    with open(path, "rb") as f:
        head = f.read(1 << 20)
    if head.startswith(MATROSKA_MAGIC):
        m = re.search(rb"\x86[\x80-\xff](V_[A-Z0-9/_.]+)", head)
        return m.group(1).decode() if m else None
    return None


def codec_label(name: str | None) -> str:
    """'AV1' for 'libdav1d' or 'av01'; the raw name where none is known; 'an unknown codec' for None."""
    if not name:
        return "an unknown codec"
    return CODEC_NAMES.get(name, CODEC_NAMES.get(name.strip(), repr(name.strip())))


def undecodable_message(path: pathlib.Path) -> str:
    label = codec_label(stored_codec(path))
    return f"{path}: this file is {label}, which this build cannot decode; {CONVERT}"


def capture_fps(*tag_sets: dict) -> float | None:
    """The recording rate in a phone's tags (Android `com.android.capture.fps`, Apple `...capture.fps`)."""
    for tags in tag_sets:
        for key, value in tags.items():
            if CAPTURE_KEY.search(key):
                try:
                    fps = float(value)
                except (TypeError, ValueError):
                    continue
                if 0.0 < fps <= 10_000.0:
                    return round(fps, 3)
    return None
