"""Drawing primitives on RGB uint8 images (H, W, 3): anti-aliased lines and arcs (OpenCV), readable text
(Pillow with the Bitstream Vera fonts that ship with reportlab), PNG encoding.

Colours are RGB tuples. Everything draws in place and returns the image.
"""

from __future__ import annotations

import functools
import math
import pathlib

import cv2
import numpy as np
import reportlab
from PIL import Image, ImageDraw, ImageFont

FONT_DIR = pathlib.Path(reportlab.__file__).parent / "fonts"
WHITE, BLACK = (255, 255, 255), (20, 20, 20)
LEFT_COLOR, RIGHT_COLOR, CENTER_COLOR = (255, 140, 40), (60, 170, 255), (235, 235, 235)
ANGLE_COLOR, LEAD_ARM_COLOR, NOTE_COLOR = (255, 220, 60), (80, 230, 120), (255, 70, 200)


@functools.lru_cache(maxsize=32)
def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT_DIR / ("VeraBd.ttf" if bold else "Vera.ttf")), size)


def text_size(text: str, size: int, bold: bool = False) -> tuple[int, int]:
    left, top, right, bottom = font(size, bold).getbbox(text)
    return right - left, bottom - top


def draw_texts(img: np.ndarray, items: list[dict]) -> np.ndarray:
    """Draw several labels at once (one Pillow round trip). Each item: text, xy (top-left, pixels), size, and
    optional color, bold, box (background RGB) and box_alpha (0-1, default 0.6), anchor ("lt", "mm", "lb", ...)."""
    if not items:
        return img
    pil = Image.fromarray(img)
    overlay = Image.new("RGBA", pil.size, (0, 0, 0, 0))
    od = ImageDraw.Draw(overlay)
    for it in items:
        if it.get("box") is None:
            continue
        f = font(it["size"], it.get("bold", False))
        x0, y0, x1, y1 = od.textbbox(it["xy"], it["text"], font=f, anchor=it.get("anchor", "lt"))
        pad = max(2, it["size"] // 4)
        od.rounded_rectangle((x0 - pad, y0 - pad, x1 + pad, y1 + pad), radius=pad,
                             fill=tuple(it["box"]) + (int(255 * it.get("box_alpha", 0.6)),))
    pil = Image.alpha_composite(pil.convert("RGBA"), overlay).convert("RGB")
    d = ImageDraw.Draw(pil)
    for it in items:
        d.text(it["xy"], it["text"], font=font(it["size"], it.get("bold", False)), fill=tuple(it.get("color", WHITE)),
               anchor=it.get("anchor", "lt"))
    img[:] = np.asarray(pil)
    return img


def _pt(p, scale: int = 1) -> tuple[int, int]:
    return int(round(p[0] * scale)), int(round(p[1] * scale))


def line(img, a, b, color, thickness: int = 2) -> np.ndarray:
    """Anti-aliased line with sub-pixel end points."""
    cv2.line(img, _pt(a, 16), _pt(b, 16), color, thickness, cv2.LINE_AA, shift=4)
    return img


def dashed_line(img, a, b, color, thickness: int = 2, dash: float = 8.0) -> np.ndarray:
    a, b = np.asarray(a, float), np.asarray(b, float)
    length = float(np.linalg.norm(b - a))
    n = max(1, int(length / dash))
    for k in range(0, n, 2):
        line(img, a + (b - a) * k / n, a + (b - a) * min(k + 1, n) / n, color, thickness)
    return img


def dot(img, p, radius: float, color, outline=None) -> np.ndarray:
    if outline is not None:
        cv2.circle(img, _pt(p, 16), int(round((radius + 1.5) * 16)), outline, -1, cv2.LINE_AA, shift=4)
    cv2.circle(img, _pt(p, 16), int(round(radius * 16)), color, -1, cv2.LINE_AA, shift=4)
    return img


def arc(img, center, radius: float, start_deg: float, end_deg: float, color, thickness: int = 2) -> np.ndarray:
    """Arc in image angles (degrees, 0 = +x, clockwise because y points down), the short way round."""
    sweep = (end_deg - start_deg + 180.0) % 360.0 - 180.0
    cv2.ellipse(img, _pt(center, 16), (int(round(radius * 16)),) * 2, 0.0, start_deg, start_deg + sweep, color,
                thickness, cv2.LINE_AA, shift=4)
    return img


def image_angle(p) -> float:
    """Direction (degrees) of a 2D vector in image coordinates (y down)."""
    return math.degrees(math.atan2(p[1], p[0]))


def angle_between(a, vertex, b) -> float:
    """Angle (deg) at `vertex` between vertex->a and vertex->b in the image plane."""
    u, v = np.subtract(a, vertex), np.subtract(b, vertex)
    cos = float(np.dot(u, v) / max(np.linalg.norm(u) * np.linalg.norm(v), 1e-9))
    return math.degrees(math.acos(max(-1.0, min(1.0, cos))))


def fit_width(img: np.ndarray, width: int) -> np.ndarray:
    """Resize (area filter) to `width` keeping the aspect ratio."""
    h, w = img.shape[:2]
    if w == width:
        return img
    height = max(1, int(round(h * width / w)))
    interp = cv2.INTER_AREA if width < w else cv2.INTER_CUBIC
    return cv2.resize(img, (width, height), interpolation=interp)


def png_bytes(img: np.ndarray) -> bytes:
    ok, buf = cv2.imencode(".png", cv2.cvtColor(img, cv2.COLOR_RGB2BGR), [cv2.IMWRITE_PNG_COMPRESSION, 6])
    if not ok:
        raise RuntimeError("PNG encoding failed")
    return buf.tobytes()


def jpeg_bytes(img: np.ndarray, quality: int = 88) -> bytes:
    ok, buf = cv2.imencode(".jpg", cv2.cvtColor(img, cv2.COLOR_RGB2BGR), [cv2.IMWRITE_JPEG_QUALITY, quality])
    if not ok:
        raise RuntimeError("JPEG encoding failed")
    return buf.tobytes()
