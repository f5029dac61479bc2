"""The timeline chart: a phase bar with the swing events, and panels of the key per-frame curves (rotations,
speeds) over time, drawn with OpenCV and Pillow on a white background (RGB uint8)."""

from __future__ import annotations

import math

import numpy as np

from llamo_engine.analysis.types import SwingAnalysis
from llamo_engine.report import draw
from llamo_engine.report.content import phase_spans, pretty_name

# (panel title, curve names) in order; curves the analysis lacks are left out, empty panels too.
PANELS = (
    ("Rotation from address (deg)", ("thorax_rotation", "pelvis_rotation", "x_factor")),
    ("Speed (m/s)", ("hand_speed", "club_speed")),
)
CURVE_COLORS = [(31, 119, 180), (255, 127, 14), (44, 160, 44), (214, 39, 40), (148, 103, 189)]
PHASE_COLORS = {"backswing": (198, 219, 239), "downswing": (253, 208, 162), "follow-through": (199, 233, 192),
                "load": (198, 219, 239), "stride": (218, 218, 235), "swing": (253, 208, 162)}
EVENT_LABELS = {"mid_backswing": "mid-back", "mid_downswing": "mid-down", "mid_follow_through": "mid-follow",
                "toe_up": "toe-up", "foot_plant": "foot plant", "follow_through": "follow-through"}
INK, GRID, MUTED = (40, 40, 40), (225, 225, 225), (120, 120, 120)


def event_label(name: str) -> str:
    return EVENT_LABELS.get(name, name.replace("_", " "))


def nice_ticks(lo: float, hi: float, count: int = 5) -> list[float]:
    if not (math.isfinite(lo) and math.isfinite(hi)) or hi <= lo:
        return [lo]
    raw = (hi - lo) / count
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    return [k * step for k in range(math.ceil(lo / step), math.floor(hi / step) + 1)]


def timeline_chart(analysis: SwingAnalysis, start: int = 0, end: int | None = None, width: int = 1600,
                   swing_indices=None) -> np.ndarray:
    """Chart of frames [start, end] (default the whole clip); events and phases of the swings in
    `swing_indices` (default all). Rendered at `width` pixels (use 2x the display size for crisp print)."""
    end = analysis.num_frames - 1 if end is None else end
    swings = [analysis.swings[i] for i in (range(len(analysis.swings)) if swing_indices is None else swing_indices)]
    panels = [(title, [c for c in names if c in analysis.curves]) for title, names in PANELS]
    panels = [(t, names) for t, names in panels if names]
    s = width / 1600
    fs = 1.45 * s  # text scale: labels stay readable when the chart is printed 18 cm wide
    left, right, top = int(150 * s), int(30 * s), int(30 * s)
    bar_h, panel_h, gap = int(80 * s), int(240 * s), int(100 * s)
    height = top + bar_h + gap + len(panels) * (panel_h + gap) + int(10 * s)
    img = np.full((height, width, 3), 255, np.uint8)
    texts = []
    fps = analysis.fps
    x_of = lambda f: left + (f - start) / max(end - start, 1) * (width - left - right)  # noqa: E731

    # ---- phase bar and events -----------------------------------------------------------------------------
    y0, y1 = top + int(34 * s), top + bar_h
    img[y0:y1, left:width - right] = (242, 242, 242)
    for k, sw in enumerate(swings):
        for a, b, label in phase_spans(analysis.sport, sw.events):
            xa, xb = int(x_of(max(a, start))), int(x_of(min(b, end)))
            if xb <= xa:
                continue
            img[y0:y1, xa:xb] = PHASE_COLORS.get(label, (220, 220, 220))
            if xb - xa > draw.text_size(label, int(18 * fs))[0] + 8:
                texts.append({"text": label, "xy": ((xa + xb) / 2, (y0 + y1) / 2), "size": int(18 * fs),
                              "color": INK, "anchor": "mm"})
        if len(swings) > 1 or swing_indices is None:
            texts.append({"text": f"swing {analysis.swings.index(sw) + 1}", "xy": (x_of(max(sw.start, start)), top),
                          "size": int(17 * fs), "bold": True, "color": INK, "anchor": "lt"})
    events = [(name, f) for sw in swings for name, f in sw.events.items() if f is not None and start <= f <= end]
    plot_bottom = height - int(20 * s)
    for name, f in events:
        x = x_of(f)
        draw.dashed_line(img, (x, y0), (x, plot_bottom - gap + int(10 * s)), (150, 150, 150), 1, dash=6 * s)
    row_end = [-1e9, -1e9, -1e9]  # right edge of the last label in each of three rows
    for name, f in sorted(events, key=lambda e: e[1]):
        x = x_of(f)
        label = event_label(name)
        w = draw.text_size(label, int(14 * fs))[0]
        row = next((r for r, e in enumerate(row_end) if x > e + 6 * s), int(np.argmin(row_end)))
        row_end[row] = x + 3 * s + w
        texts.append({"text": label, "xy": (x + 3 * s, y1 + (3 + row * 23) * s), "size": int(14 * fs),
                      "color": MUTED})
    texts.append({"text": "Phases", "xy": (left - 12 * s, (y0 + y1) / 2), "size": int(17 * fs), "bold": True,
                  "color": INK, "anchor": "rm"})

    # ---- curve panels -------------------------------------------------------------------------------------
    py = top + bar_h + gap
    for title, names in panels:
        values = np.concatenate([analysis.curves[c][start:end + 1] for c in names])
        values = values[np.isfinite(values)]
        lo, hi = (float(values.min()), float(values.max())) if values.size else (0.0, 1.0)
        pad = 0.08 * max(hi - lo, 1e-6)
        lo, hi = lo - pad, hi + pad
        y_of = lambda v: py + panel_h - (v - lo) / max(hi - lo, 1e-9) * panel_h  # noqa: E731
        for t in nice_ticks(lo, hi):
            y = y_of(t)
            draw.line(img, (left, y), (width - right, y), GRID, 1)
            texts.append({"text": f"{t:g}", "xy": (left - 8 * s, y), "size": int(14 * fs), "color": MUTED,
                          "anchor": "rm"})
        if lo < 0 < hi:
            draw.line(img, (left, y_of(0)), (width - right, y_of(0)), (170, 170, 170), 1)
        for k, name in enumerate(names):
            c = analysis.curves[name][start:end + 1]
            frames = np.arange(start, start + len(c))
            ok = np.isfinite(c)
            pts = np.stack([x_of(frames), y_of(c)], 1)
            for a, b, good in zip(pts[:-1], pts[1:], ok[:-1] & ok[1:]):
                if good:
                    draw.line(img, a, b, CURVE_COLORS[k % len(CURVE_COLORS)], max(2, int(3 * s)))
        lx = width - right  # legend, right-aligned above the panel
        for k, name in reversed(list(enumerate(names))):
            lx -= draw.text_size(pretty_name(name), int(15 * fs))[0] + 70 * s
            color = CURVE_COLORS[k % len(CURVE_COLORS)]
            draw.line(img, (lx, py - 20 * s), (lx + 26 * s, py - 20 * s), color, max(2, int(4 * s)))
            texts.append({"text": pretty_name(name), "xy": (lx + 34 * s, py - 20 * s), "size": int(15 * fs),
                          "color": INK, "anchor": "lm"})
        draw.line(img, (left, py), (left, py + panel_h), (160, 160, 160), 1)
        draw.line(img, (left, py + panel_h), (width - right, py + panel_h), (160, 160, 160), 1)
        texts.append({"text": title, "xy": (left, py - 20 * s), "size": int(17 * fs), "bold": True, "color": INK,
                      "anchor": "lm"})
        py += panel_h + gap

    # ---- time axis ----------------------------------------------------------------------------------------
    axis_y = py - gap
    t0, t1 = start / fps, end / fps
    for t in nice_ticks(t0, t1, 8):
        x = x_of(t * fps)
        draw.line(img, (x, axis_y), (x, axis_y + 6 * s), (160, 160, 160), 1)
        texts.append({"text": f"{t:g} s", "xy": (x, axis_y + 9 * s), "size": int(14 * fs), "color": MUTED,
                      "anchor": "mt"})
    if not panels:
        texts.append({"text": "no body curves for this clip", "xy": (width / 2, top + bar_h + gap / 2),
                      "size": int(16 * fs), "color": MUTED, "anchor": "mm"})
    return draw.draw_texts(img, texts)
