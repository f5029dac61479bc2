"""All the report's images, rendered once for both the PDF and the HTML: key frames of each swing with the
skeleton, body angles and coach annotations; fault evidence frames; the timeline charts; chat viewpoint
thumbnails; the frames the coach annotated."""

from __future__ import annotations

import dataclasses

import numpy as np

from llamo_engine.report import draw
from llamo_engine.report.chart import timeline_chart
from llamo_engine.report.content import ReportContent, pretty_name
from llamo_engine.report.frames import draw_annotations, draw_body_angles, draw_skeleton, frame_source
from llamo_engine.report.jobs import Steps

KEY_FRAME_WIDTH, THUMB_WIDTH, NOTE_FRAME_WIDTH, CHART_WIDTH = 360, 180, 640, 1600
MAX_EVIDENCE_FRAMES = 3
MAX_THUMBS = 8


@dataclasses.dataclass
class Figure:
    data: bytes
    mime: str          # "image/jpeg" | "image/png"
    width: int
    height: int
    caption: str = ""
    frame: int | None = None


@dataclasses.dataclass
class SwingFigures:
    key_frames: list[Figure]
    chart: Figure
    evidence: list[list[Figure]]   # per fault of the swing


@dataclasses.dataclass
class ReportFigures:
    chart: Figure
    overview_frames: list[Figure]  # key frames of a clip without swings
    swings: list[SwingFigures]
    chat_thumbs: list[list[Figure]]
    annotated: list[Figure]


def _figure(img: np.ndarray, caption: str = "", frame: int | None = None, png: bool = False) -> Figure:
    data = draw.png_bytes(img) if png else draw.jpeg_bytes(img)
    return Figure(data, "image/png" if png else "image/jpeg", img.shape[1], img.shape[0], caption, frame)


def crop_box(source, rows, img_w: int, img_h: int):
    """A box (x0, y0, x1, y1) of the source's key-frame aspect around the athlete over `rows`, inside the image;
    None to keep the whole image."""
    aspect = source.key_aspect
    box = source.person_box(rows)
    if box is None:
        return None
    x0, y0, x1, y1 = box
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    h = max((y1 - y0) * 1.2, (x1 - x0) * 1.15 / aspect, 64)
    h = min(h, img_h, img_w / aspect)
    w = h * aspect
    x0 = min(max(cx - w / 2, 0), img_w - w)
    y0 = min(max(cy - h / 2, 0), img_h - h)
    return int(x0), int(y0), int(x0 + w), int(y0 + h)


def render_frame(content: ReportContent, source, frame: int, *, width: int, label: str = "", box=None,
                 lead: str | None = None, angles: bool = True, annotations: bool = True) -> np.ndarray:
    """One frame (a motion row) with the overlays, cropped to `box`, scaled to `width`, `label` at the top."""
    img = source.background(frame)
    h, w = img.shape[:2]
    crop_w = (box[2] - box[0]) if box is not None else w
    scale = max(crop_w / width, 0.6) * (1.0 if width >= 300 else 1.4)
    pose = source.pose(frame)
    draw_skeleton(img, pose, scale, lead=lead if angles else None)
    texts = []
    if angles and lead is not None:
        texts += draw_body_angles(img, pose, content.motion.joints[frame], lead, scale)
    if annotations:
        texts += draw_annotations(img, content.annotations_on(frame), scale)
    draw.draw_texts(img, texts)
    if box is not None:
        img = np.ascontiguousarray(img[box[1]:box[3], box[0]:box[2]])
    img = draw.fit_width(img, width)
    if label:
        size = 15 if width >= 300 else 12
        draw.draw_texts(img, [{"text": label, "xy": (6, 6), "size": size, "bold": True, "color": (255, 255, 255),
                               "box": (0, 0, 0), "box_alpha": 0.65}])
    return img


def frame_label(content: ReportContent, frame: int, name: str = "") -> str:
    t = frame / content.motion.fps
    return f"{name}  f{frame} · {t:.2f}s" if name else f"f{frame} · {t:.2f}s"


def count_steps(content: ReportContent) -> int:
    a = content.analysis
    n = 1 + len(a.swings)  # charts
    for i, s in enumerate(a.swings):
        n += len(content.key_frames(i)) + sum(min(len(f.frames), MAX_EVIDENCE_FRAMES) for f in s.faults)
    if not a.swings:
        n += len(content.overview_frames())
    n += sum(min(len(c.viewpoint_frames), MAX_THUMBS) for c in content.chat)
    n += len({x.frame for x in content.annotations})
    return n


def build_figures(content: ReportContent, progress=None, cancel=None) -> ReportFigures:
    """Render every image of the report. progress(done, total); cancel.is_set() raises ExportCancelled."""
    steps = Steps(count_steps(content), progress, cancel)
    a = content.analysis
    T = content.motion.num_frames
    source = frame_source(content.motion, content.video_path)
    try:
        steps.check()
        probe = source.background(0)
        img_h, img_w = probe.shape[:2]
        clip_box = crop_box(source, np.flatnonzero(content.motion.present), img_w, img_h)
        chart = _figure(timeline_chart(a, width=CHART_WIDTH), "Timeline of the clip", png=True)
        steps.step()

        swings = []
        for i, s in enumerate(a.swings):
            lead = "left" if s.handedness == "right" else "right"
            box = crop_box(source, range(s.start, s.end + 1), img_w, img_h)
            keys = []
            for name, f in content.key_frames(i):
                img = render_frame(content, source, f, width=KEY_FRAME_WIDTH, box=box, lead=lead,
                                   label=pretty_name(name))
                keys.append(_figure(img, frame_label(content, f, pretty_name(name)), f))
                steps.step()
            evidence = []
            for fault in s.faults:
                figs = []
                for f in [f for f in fault.frames if 0 <= f < T][:MAX_EVIDENCE_FRAMES]:
                    img = render_frame(content, source, f, width=KEY_FRAME_WIDTH, box=box, lead=lead,
                                       label=frame_label(content, f))
                    figs.append(_figure(img, f"{pretty_name(fault.name)}: {frame_label(content, f)}", f))
                    steps.step()
                evidence.append(figs)
            margin = int(0.3 * a.fps)
            lo, hi = max(0, s.start - margin), min(T - 1, s.end + margin)
            swing_chart = _figure(timeline_chart(a, lo, hi, width=CHART_WIDTH, swing_indices=[i]),
                                  f"Swing {i + 1}: phases and key curves", png=True)
            steps.step()
            swings.append(SwingFigures(keys, swing_chart, evidence))

        overview = []
        if not a.swings:
            for f in content.overview_frames():
                img = render_frame(content, source, f, width=KEY_FRAME_WIDTH, box=clip_box, angles=False,
                                   label=frame_label(content, f))
                overview.append(_figure(img, frame_label(content, f), f))
                steps.step()

        thumbs = []
        for item in content.chat:
            figs = []
            for f in [f for f in item.viewpoint_frames if 0 <= f < T][:MAX_THUMBS]:
                img = render_frame(content, source, f, width=THUMB_WIDTH, box=clip_box, angles=False,
                                   annotations=False, label=f"f{f}")
                figs.append(_figure(img, frame_label(content, f), f))
                steps.step()
            thumbs.append(figs)

        annotated = []
        for f in sorted({x.frame for x in content.annotations}):
            img = render_frame(content, source, f, width=NOTE_FRAME_WIDTH, angles=False,
                               label=frame_label(content, f, content.moment_at(f)))
            annotated.append(_figure(img, frame_label(content, f), f))
            steps.step()
    finally:
        source.close()
    steps.finish()
    return ReportFigures(chart, overview, swings, thumbs, annotated)
