"""Annotated MP4 export: every frame of the clip with the skeleton overlay, the phase label, the swing events
(a banner on the event frames and ticks on a timeline strip) and the coach annotations burned in, at the
clip's frame rate and frame count (OpenCV VideoWriter, mp4v). Written to a temporary file, renamed at the end.

Without a video (mocap, synthetic motion) the skeleton is drawn on a plain background, one frame per motion row.
"""

from __future__ import annotations

import os
import pathlib

import cv2
import numpy as np

from llamo_engine.atomic import atomic_path
from llamo_engine.report import draw
from llamo_engine.report.chart import PHASE_COLORS, event_label
from llamo_engine.report.content import ReportContent, phase_spans
from llamo_engine.report.frames import VideoFrames, draw_annotations, draw_skeleton, frame_source
from llamo_engine.report.jobs import Steps

EVENT_HOLD_S = 0.4   # an event's banner stays up this long after the event frame
STRIP_H = 26         # height of the timeline strip at the bottom (pixels at 720 rows)


class VideoExportError(Exception):
    """The MP4 could not be written; the message says what to do."""


def _timeline_strip(content: ReportContent, width: int, height: int, num_frames: int, offset: int) -> np.ndarray:
    """(height, width, 3) strip: phases coloured, event ticks; the playhead is added per frame."""
    strip = np.full((height, width, 3), 40, np.uint8)
    x_of = lambda row: (row + offset) / max(num_frames - 1, 1) * (width - 1)  # noqa: E731
    for s in content.analysis.swings:
        for a, b, label in phase_spans(content.sport, s.events):
            strip[:, int(x_of(a)):max(int(x_of(b)), int(x_of(a)) + 1)] = PHASE_COLORS.get(label, (120, 120, 120))
        for name, f in s.events.items():
            if f is not None:
                x = int(round(x_of(f)))
                strip[:, max(0, x - 1):x + 1] = (20, 20, 20)
    return strip


def write_annotated_video(content: ReportContent, path: str | os.PathLike, progress=None, cancel=None) -> int:
    """Write the annotated MP4 to `path`; returns the number of frames written. progress(done, total) per frame;
    cancel (threading.Event) stops it and leaves `path` untouched (raises ExportCancelled)."""
    path = pathlib.Path(path)
    source = frame_source(content.motion, content.video_path)
    try:
        if isinstance(source, VideoFrames):
            num_frames, fps, offset = source.reader.num_frames, source.reader.fps, source.offset
        else:
            num_frames, fps, offset = content.motion.num_frames, content.motion.fps, 0
        width, height = source.width, source.height
        scale = height / 720
        strip = _timeline_strip(content, width, max(8, int(STRIP_H * scale)), num_frames, offset)
        events = {f: name for s in content.analysis.swings for name, f in s.events.items() if f is not None}
        hold = int(round(EVENT_HOLD_S * content.motion.fps))
        steps = Steps(num_frames, progress, cancel)
        with atomic_path(path) as tmp:
            writer = cv2.VideoWriter(tmp, cv2.VideoWriter_fourcc(*"mp4v"), fps, (width, height))
            try:
                if not writer.isOpened():
                    raise VideoExportError(f"{path}: cannot write an MP4 video here; check the folder is writable")
                for index in range(num_frames):
                    steps.check()
                    img = source.video_frame(index)
                    row = source.row_of(index)
                    texts = []
                    if row is not None:
                        draw_skeleton(img, source.pose(row), scale)
                        texts += draw_annotations(img, content.annotations_on(row), scale)
                        moment = content.phase_at(row)
                        recent = [events[f] for f in range(row - hold, row + 1) if f in events]
                        if moment:
                            texts.append({"text": moment.upper(), "xy": (int(16 * scale), int(16 * scale)),
                                          "size": int(26 * scale), "bold": True, "box": (0, 0, 0), "box_alpha": 0.55})
                        if recent:
                            texts.append({"text": event_label(recent[-1]).upper(),
                                          "xy": (width - int(16 * scale), int(16 * scale)), "anchor": "rt",
                                          "size": int(26 * scale), "bold": True, "color": (20, 20, 20),
                                          "box": (255, 210, 60), "box_alpha": 0.9})
                    texts.append({"text": f"{index / fps:5.2f} s  f{index}", "size": int(16 * scale),
                                  "xy": (width - int(12 * scale), height - strip.shape[0] - int(10 * scale)),
                                  "anchor": "rb", "box": (0, 0, 0), "box_alpha": 0.5})
                    draw.draw_texts(img, texts)
                    img[-strip.shape[0]:] = strip
                    x = int(round(index / max(num_frames - 1, 1) * (width - 1)))
                    img[-strip.shape[0]:, max(0, x - 2):x + 2] = (255, 255, 255)
                    writer.write(cv2.cvtColor(img, cv2.COLOR_RGB2BGR))
                    steps.step()
            finally:
                writer.release()
    finally:
        source.close()
    return num_frames
