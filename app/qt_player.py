"""The video player: the frame at the playhead with the skeleton overlay and the coach's annotations, transport
controls and scrubbing. With an annotation tool on, clicks on the frame become `point_clicked(frame, x, y)`
(x, y in [0, 1] of the frame); the controller turns them into annotations."""

from __future__ import annotations

import time

from PySide6.QtCore import QLineF, QPointF, QRectF, QSizeF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter, QPen
from PySide6.QtWidgets import (QCheckBox, QComboBox, QHBoxLayout, QLabel, QPushButton, QSlider, QStyle,
                               QVBoxLayout, QWidget)

from app import analysis_view, annotation_shapes, frames, overlay, services
from app.annotations import TOOL_HINTS, AnnotationsModel
from app.playback import SPEEDS, PlaybackClock
from app.session import Session

LEFT_PEN, RIGHT_PEN = QColor(90, 165, 255), QColor(255, 115, 76)
NOTE_COLOUR = QColor(255, 70, 200)      # the report draws annotations in the same magenta


class VideoCanvas(QWidget):
    """Paints the current frame (letterboxed) and the overlay; reads everything from the models at paint time.

    The frame is converted to a display-size 32-bit image once per (frame, size) and blitted unscaled, so a
    repaint for any other reason (a tooltip, a resize of a neighbour) costs a blit, not a rescale.
    """

    point_clicked = Signal(int, float, float)   # frame, x, y in [0, 1] of the frame (an annotation tool is on)

    def __init__(self, session: Session, clock: PlaybackClock, annotations: AnnotationsModel | None = None,
                 parent=None) -> None:
        super().__init__(parent)
        self.session, self.clock, self.annotations = session, clock, annotations
        self.hover: tuple[float, float] | None = None   # the cursor in frame coordinates while drawing
        self.setMinimumSize(240, 160)
        self.setAttribute(Qt.WA_OpaquePaintEvent)
        self.painted = 0      # paint count (the bench reads it)
        self.converted = 0    # frames converted to display size (a repaint of the same frame converts nothing)
        self._pens = {True: _pen(LEFT_PEN), False: _pen(RIGHT_PEN)}
        self._key = None
        self._image: QImage | None = None
        self._pixels = None   # (h, w, 4) BGRA buffer the QImage points into

    def frame_rect(self, w: int, h: int) -> QRectF:
        scale = min(self.width() / w, self.height() / h)
        return QRectF((self.width() - w * scale) / 2, (self.height() - h * scale) / 2, w * scale, h * scale)

    def placeholder(self) -> str:
        clip, video = self.session.clip, self.session.video
        if clip is None:
            return "Drop swing clips here, or File > Open"
        if video is None:
            return "Decoding video..." if services.is_video(clip.path) else "Motion-only clip: see the 3D view"
        return ""

    def display_image(self, target: QRectF) -> QImage | None:
        """The current frame at the size of `target` (converted once per frame and size)."""
        video, frame = self.session.video, self.clock.frame
        if video is None or video.loaded == 0:
            return None
        w, h = max(1, round(target.width())), max(1, round(target.height()))
        smooth = not self.clock.playing                         # fast while playing, area-averaged when paused
        key = (id(video), min(frame, video.loaded - 1), w, h, smooth)
        if key != self._key:
            self._pixels = frames.display_frame(video.get(frame), w, h, smooth)      # (h, w, 4)
            self._image = QImage(self._pixels.data, w, h, self._pixels.strides[0], QImage.Format_RGB32)
            self._key = key
            self.converted += 1
        return self._image

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        video = self.session.video
        rgb = None if video is None else video.get(self.clock.frame)
        if rgb is None:
            p.fillRect(self.rect(), BACKGROUND)
            p.setPen(QColor("#8a909c"))
            p.drawText(self.rect(), Qt.AlignCenter, self.placeholder())
            p.end()
            return
        target = self.frame_rect(rgb.shape[1], rgb.shape[0])
        image = self.display_image(target)
        top_left = QPointF(round(target.x()), round(target.y()))
        _fill_letterbox(p, self.rect(), QRectF(top_left, QSizeF(image.width(), image.height())))
        p.drawImage(top_left, image)
        motion = self.session.motion
        if self.session.overlay and motion is not None and motion.landmarks_image is not None:
            self._paint_skeleton(p, motion, top_left, image)
        if self.annotations is not None:
            self._paint_annotations(p, QRectF(top_left, QSizeF(image.width(), image.height())))
        p.end()
        self.painted += 1

    def _paint_skeleton(self, p: QPainter, motion, top_left: QPointF, image: QImage) -> None:
        t = overlay.motion_index(motion, self.clock.frame)
        if t is not None:
            p.setRenderHint(QPainter.Antialiasing, True)
            x0, y0 = top_left.x(), top_left.y()
            lines = {True: [], False: []}
            for x1, y1, x2, y2, left in overlay.segments(motion.landmarks_image[t], image.width(),
                                                        image.height()):
                lines[left].append(QLineF(x0 + x1, y0 + y1, x0 + x2, y0 + y2))
            for left, batch in lines.items():
                if batch:
                    p.setPen(self._pens[left])
                    p.drawLines(batch)

    # ---- annotations ---------------------------------------------------------------------------------------------
    def image_rect(self) -> QRectF | None:
        """Where the current frame is shown (None when no frame is)."""
        video = self.session.video
        rgb = None if video is None else video.get(self.clock.frame)
        if rgb is None:
            return None
        target = self.frame_rect(rgb.shape[1], rgb.shape[0])
        return QRectF(round(target.x()), round(target.y()), max(1, round(target.width())),
                      max(1, round(target.height())))

    def annotation_marks(self, rect: QRectF | None = None) -> list[annotation_shapes.Mark]:
        """The annotation marks of the current frame, in widget pixels (what paintEvent draws)."""
        rect = rect if rect is not None else self.image_rect()
        if self.annotations is None or rect is None:
            return []
        model = self.annotations
        return annotation_shapes.marks(model.on_frame(self.clock.frame), (rect.x(), rect.y(), rect.width(),
                                                                          rect.height()),
                                       selected=model.selected, tool=model.tool, pending=model.pending,
                                       hover=self.hover)

    def _paint_annotations(self, p: QPainter, rect: QRectF) -> None:
        p.setRenderHint(QPainter.Antialiasing, True)
        font = QFont(p.font())
        font.setBold(True)
        font.setPointSizeF(max(9.0, font.pointSizeF()))
        p.setFont(font)
        metrics = QFontMetricsF(font)
        drawn = self.annotation_marks(rect)
        for mark in drawn:
            outline = QPen(QColor(255, 255, 255) if mark.selected else QColor(0, 0, 0, 170), 6.0 if mark.selected
                           else 5.0, Qt.SolidLine, Qt.RoundCap)
            pen = QPen(NOTE_COLOUR, 3.0, Qt.DashLine if mark.pending else Qt.SolidLine, Qt.RoundCap)
            for x1, y1, x2, y2 in mark.segments:
                for q in (outline, pen):
                    p.setPen(q)
                    p.drawLine(QLineF(x1, y1, x2, y2))
            if mark.arc is not None:
                cx, cy, r, start, span = mark.arc
                p.setPen(QPen(NOTE_COLOUR, 2.5))
                p.drawArc(QRectF(cx - r, cy - r, 2 * r, 2 * r), int(start * 16), int(span * 16))
            p.setPen(QPen(QColor(0, 0, 0), 1.5))
            p.setBrush(NOTE_COLOUR)
            for x, y in mark.dots:
                p.drawEllipse(QPointF(x, y), 5.0, 5.0)
            p.setBrush(Qt.NoBrush)
        labelled = [m for m in drawn if m.label]
        boxes = [annotation_shapes.label_box(m.anchor, metrics.horizontalAdvance(m.label) + 12, metrics.height() + 6)
                 for m in labelled]
        bounds = (rect.x(), rect.y(), rect.width(), rect.height())
        dots = [(x - 6, y - 6, 12, 12) for m in drawn for x, y in m.dots]
        for mark, box in zip(labelled, annotation_shapes.place_boxes(boxes, bounds, obstacles=dots)):
            self._paint_label(p, mark.label, QRectF(*box), QColor(150, 20, 110, 225), mark.selected)
        tool = self.annotations.tool
        if tool is not None:
            text = TOOL_HINTS[tool] + "  (right-click or Esc cancels)"
            w, h = metrics.horizontalAdvance(text) + 12, metrics.height() + 6
            self._paint_label(p, text, QRectF(rect.x() + 6, rect.bottom() - h - 8, min(w, rect.width() - 12), h),
                              QColor(20, 22, 28, 200), False)

    @staticmethod
    def _paint_label(p: QPainter, text: str, box: QRectF, fill: QColor, selected: bool) -> None:
        p.setPen(QPen(QColor(255, 255, 255), 1.5) if selected else Qt.NoPen)
        p.setBrush(fill)
        p.drawRoundedRect(box, 4, 4)
        p.setBrush(Qt.NoBrush)
        p.setPen(QColor(255, 255, 255))
        p.drawText(box, Qt.AlignCenter, text)

    def frame_point(self, pos: QPointF) -> tuple[float, float] | None:
        """A widget position as (x, y) in [0, 1] of the frame; None outside the frame."""
        rect = self.image_rect()
        if rect is None or not rect.adjusted(-1, -1, 1, 1).contains(pos):
            return None
        return (min(max((pos.x() - rect.x()) / rect.width(), 0.0), 1.0),
                min(max((pos.y() - rect.y()) / rect.height(), 0.0), 1.0))

    def mousePressEvent(self, event) -> None:
        model = self.annotations
        if model is None or model.tool is None:
            return super().mousePressEvent(event)
        if event.button() == Qt.RightButton:
            model.set_pending([])
        elif event.button() == Qt.LeftButton:
            point = self.frame_point(event.position())
            if point is not None:
                self.point_clicked.emit(self.clock.frame, *point)
        event.accept()

    def mouseMoveEvent(self, event) -> None:
        if self.annotations is not None and self.annotations.tool is not None and self.annotations.pending:
            self.hover = self.frame_point(event.position())
            self.update()
        super().mouseMoveEvent(event)

    def _on_tool_change(self, tool) -> None:
        self.setMouseTracking(tool is not None)
        self.setCursor(Qt.CrossCursor if tool is not None else Qt.ArrowCursor)
        self.hover = None
        self.update()


BACKGROUND = QColor("#0f1115")


def _fill_letterbox(p: QPainter, area, image_rect: QRectF) -> None:
    """Paint only the bars around the image (the image covers the rest)."""
    w, h = area.width(), area.height()
    x0, y0, x1, y1 = image_rect.left(), image_rect.top(), image_rect.right(), image_rect.bottom()
    for rect in (QRectF(0, 0, w, y0), QRectF(0, y1, w, h - y1), QRectF(0, y0, x0, y1 - y0),
                 QRectF(x1, y0, w - x1, y1 - y0)):
        if rect.width() > 0 and rect.height() > 0:
            p.fillRect(rect, BACKGROUND)


def _pen(colour: QColor) -> QPen:
    pen = QPen(colour)
    pen.setWidthF(3.0)
    pen.setCapStyle(Qt.RoundCap)
    return pen


class PlayerView(QWidget):
    def __init__(self, session: Session, clock: PlaybackClock, annotations: AnnotationsModel | None = None,
                 parent=None) -> None:
        super().__init__(parent)
        self.session, self.clock, self.annotations = session, clock, annotations
        self._drawing_frame = -1      # the frame the pending shape was started on
        self.canvas = VideoCanvas(session, clock, annotations)
        style = self.style()
        self.play_button = QPushButton(style.standardIcon(QStyle.SP_MediaPlay), "")
        self.play_button.setToolTip("Play / pause (Space, K)")
        self.play_button.clicked.connect(lambda: self.clock.toggle(time.perf_counter()))
        self.back_button = QPushButton(style.standardIcon(QStyle.SP_MediaSeekBackward), "")
        self.back_button.setToolTip("Previous frame (Left)")
        self.back_button.clicked.connect(lambda: self.clock.step(-1))
        self.forward_button = QPushButton(style.standardIcon(QStyle.SP_MediaSeekForward), "")
        self.forward_button.setToolTip("Next frame (Right)")
        self.forward_button.clicked.connect(lambda: self.clock.step(1))
        self.slider = QSlider(Qt.Horizontal)
        self.slider.setToolTip("Scrub (frame-accurate)")
        self.slider.valueChanged.connect(lambda v: self.clock.seek(v, time.perf_counter()))
        self.time_label = QLabel("")
        self.time_label.setObjectName("mono")
        self.speed_box = QComboBox()
        self.speed_box.setToolTip("Playback speed (J slower, L faster)")
        for s in SPEEDS:
            self.speed_box.addItem(f"{s:g}x", s)
        self.speed_box.currentIndexChanged.connect(
            lambda i: self.clock.set_speed(self.speed_box.itemData(i), time.perf_counter()))
        self.loop_button = QPushButton("Loop swing")
        self.loop_button.setCheckable(True)
        self.loop_button.setToolTip("Loop the swing under the playhead (or the zoomed range)")
        self.loop_button.toggled.connect(self._on_loop_toggled)
        self.overlay_box = QCheckBox("Skeleton")
        self.overlay_box.setToolTip("Draw the estimated skeleton over the video")
        self.overlay_box.toggled.connect(self.session.set_overlay)

        scrub = QHBoxLayout()
        scrub.setContentsMargins(8, 4, 8, 0)
        scrub.addWidget(self.slider, 1)
        controls = QHBoxLayout()
        controls.setContentsMargins(6, 2, 6, 4)
        for w in (self.back_button, self.play_button, self.forward_button):
            controls.addWidget(w)
        controls.addWidget(self.time_label)
        controls.addStretch(1)
        controls.addWidget(self.speed_box)
        controls.addWidget(self.loop_button)
        controls.addWidget(self.overlay_box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.canvas, 1)
        layout.addLayout(scrub)
        layout.addLayout(controls)

        self._subscriptions = [
            (clock.events.frame, self._on_frame_change), (clock.events.playing, self._on_playing_change),
            (clock.events.speed, self._on_speed_change), (clock.events.length, self._on_length_change),
            (clock.events.loop, self._on_loop_change), (session.events.video, self._on_video_change),
            (session.events.motion, self._on_motion_change), (session.events.overlay, self._on_overlay_change),
            (session.events.clip, self._on_video_change),
        ]
        if annotations is not None:
            redraw = self._on_annotations_change
            self._subscriptions += [
                (annotations.events.items, redraw), (annotations.events.added, redraw),
                (annotations.events.changed, redraw), (annotations.events.removed, redraw),
                (annotations.events.pending, redraw), (annotations.events.selected, redraw),
                (annotations.events.tool, self.canvas._on_tool_change),
            ]
        for signal, slot in self._subscriptions:
            signal.connect(slot)
        self._on_length_change(clock.num_frames, clock.fps)
        self._on_speed_change(clock.speed)
        self._on_overlay_change(session.overlay)
        self._on_motion_change(session.motion)

    # ---- model events ----------------------------------------------------------------------------------------
    def _on_frame_change(self, frame: int) -> None:
        self.slider.blockSignals(True)
        self.slider.setValue(frame)
        self.slider.blockSignals(False)
        n, time_of = self.clock.num_frames, self.clock.time_of     # real seconds (slow motion: the recorded rate)
        self.time_label.setText(f"{time_of(frame):5.2f} / {time_of(max(n - 1, 0)):.2f} s   #{frame:>4}")
        if self.annotations is not None and self.annotations.pending and frame != self._drawing_frame:
            self.annotations.set_pending([])        # a shape is drawn on one frame
        self.canvas.update()

    def _on_annotations_change(self, _value=None) -> None:
        if self.annotations is not None and self.annotations.pending:
            self._drawing_frame = self.clock.frame
        self.canvas.update()

    def _on_playing_change(self, playing: bool) -> None:
        icon = QStyle.SP_MediaPause if playing else QStyle.SP_MediaPlay
        self.play_button.setIcon(self.style().standardIcon(icon))

    def _on_speed_change(self, speed: float) -> None:
        self.speed_box.blockSignals(True)
        self.speed_box.setCurrentIndex(max(0, self.speed_box.findData(speed)))
        self.speed_box.blockSignals(False)

    def _on_length_change(self, num_frames: int, fps: float) -> None:
        self.slider.blockSignals(True)
        self.slider.setRange(0, max(0, num_frames - 1))
        self.slider.blockSignals(False)
        for w in (self.play_button, self.back_button, self.forward_button, self.slider, self.loop_button):
            w.setEnabled(num_frames > 1)
        self._on_frame_change(self.clock.frame)

    def _on_loop_change(self, loop) -> None:
        self.loop_button.blockSignals(True)
        self.loop_button.setChecked(loop is not None)
        self.loop_button.blockSignals(False)

    def _on_video_change(self, _value) -> None:
        self.canvas.update()

    def _on_motion_change(self, motion) -> None:
        has = motion is not None and motion.landmarks_image is not None
        self.overlay_box.setEnabled(has)
        self.overlay_box.setToolTip("Draw the estimated skeleton over the video" if has else
                                    "No image landmarks for this clip yet")
        self.canvas.update()

    def _on_overlay_change(self, on: bool) -> None:
        self.overlay_box.blockSignals(True)
        self.overlay_box.setChecked(on)
        self.overlay_box.blockSignals(False)
        self.canvas.update()

    def _on_loop_toggled(self, on: bool) -> None:
        if not on:
            self.clock.set_loop(None)
            return
        rng = self.session.zoom
        if rng is None:
            analysis = self.session.analysis
            swing = analysis_view.swing_at(analysis, self.clock.frame)
            rng = analysis_view.swings(analysis)[swing] if swing is not None else (0, self.clock.num_frames - 1)
        self.clock.set_loop(rng)

    def close(self) -> bool:
        for signal, slot in self._subscriptions:
            signal.disconnect(slot)
        return super().close()
