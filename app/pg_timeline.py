"""The pyqtgraph side of the timeline: plots and items, driven by plain calls and testable by item data.

Two stacked plots share the frame axis: metric curves with swing/phase bands and event markers on top, the Cross
Talker's per-frame scores for the latest answer (with its viewpoint frames) below. A playhead crosses both.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import QGraphicsItem, QLabel

from app.analysis_view import GHOST_EVENTS, PHASE_COLOURS, EventMark, curve_unit, pretty
from app.label_layout import Label, place_labels, short_name

CURVE_COLOURS = ("#5aa9ff", "#ff8a4c", "#54d68a", "#e06bd4", "#ffd24c", "#9aa4ff", "#4cd6d6")
PLAYHEAD = "#ffffff"
VIEWPOINT = "#ffb627"
LABEL_ROW_PX = 19          # height of one row of event labels
LABEL_PAD_PX = 8           # the label box's padding around its text
CACHED = QGraphicsItem.DeviceCoordinateCache


def cache(item) -> None:
    """Keep a pixmap of a static item: moving the playhead over it then blits the pixmap instead of repainting
    (axes replaying their text, bands, curves); the pixmap is redrawn when the item or the zoom changes."""
    item.setCacheMode(CACHED)


class TimelinePlots(pg.GraphicsLayoutWidget):
    """Curves, bands, event markers, frame scores and the playhead. Emits `seek_requested(frame)`."""

    seek_requested = Signal(int)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setBackground("#15181d")
        self.ci.layout.setSpacing(0)
        self.curves_plot = self.addPlot(row=0, col=0)
        self.scores_plot = self.addPlot(row=1, col=0)
        self.ci.layout.setRowStretchFactor(0, 4)
        self.ci.layout.setRowStretchFactor(1, 1)
        for plot in (self.curves_plot, self.scores_plot):
            plot.showGrid(x=True, y=True, alpha=0.12)
            plot.setMenuEnabled(False)
            plot.getViewBox().setMouseEnabled(x=True, y=False)
            plot.getAxis("left").setWidth(44)
        self.scores_plot.setXLink(self.curves_plot)
        self.scores_plot.setYRange(0, 1.05)
        self.scores_plot.setLabel("left", "focus")
        self.scores_plot.setLabel("bottom", "frame")
        self.curves_plot.getAxis("bottom").setStyle(showValues=False)
        self.legend = self.curves_plot.addLegend(offset=(6, 2), labelTextColor="#c8ccd4", brush=(21, 24, 29, 200),
                                                 colCount=4)
        self.scores_plot.showAxis("right")
        self.scores_plot.getAxis("right").setWidth(44)
        self.scores_plot.getAxis("right").setStyle(showValues=False)
        # Curves in degrees use the left axis; other units (m/s, deg/s, m) a second view box on the right axis.
        self.right_box = pg.ViewBox()
        self.curves_plot.showAxis("right")
        self.curves_plot.scene().addItem(self.right_box)
        self.curves_plot.getAxis("right").linkToView(self.right_box)
        self.curves_plot.getAxis("right").setWidth(44)
        self.right_box.setXLink(self.curves_plot)
        self.right_box.setMouseEnabled(x=False, y=False)
        self.curves_plot.getViewBox().sigResized.connect(self._sync_right_box)
        self.curves_plot.setLabel("left", "deg")
        for plot in (self.curves_plot, self.scores_plot):
            for name in ("left", "right", "bottom", "top"):
                cache(plot.getAxis(name))
        cache(self.legend)
        self.curves_plot.getViewBox().sigXRangeChanged.connect(lambda *_: self._layout_event_labels())
        self.curves_plot.getViewBox().sigResized.connect(lambda *_: self._layout_event_labels())

        self.playheads = []
        for plot in (self.curves_plot, self.scores_plot):
            line = pg.InfiniteLine(angle=90, movable=True, pen=pg.mkPen(PLAYHEAD, width=2),
                                   hoverPen=pg.mkPen("#ffd24c", width=3))
            line.setZValue(100)
            line.sigDragged.connect(self._on_playhead_dragged)
            plot.addItem(line, ignoreBounds=True)
            self.playheads.append(line)
        self.curve_items: dict[str, pg.PlotDataItem] = {}
        self.swing_items: list[pg.LinearRegionItem] = []
        self.phase_items: list[pg.LinearRegionItem] = []
        self.event_items: list[pg.InfiniteLine] = []
        self.score_item = pg.PlotDataItem(pen=pg.mkPen("#8fa3c0", width=1), fillLevel=0,
                                          brush=pg.mkBrush(120, 150, 200, 70))
        self.scores_plot.addItem(self.score_item)
        self.viewpoint_items: list[pg.InfiniteLine] = []
        self.viewpoint_dots = pg.ScatterPlotItem(size=9, brush=pg.mkBrush(VIEWPOINT), pen=pg.mkPen("#000000"))
        self.scores_plot.addItem(self.viewpoint_dots)
        self.message = QLabel("", self)
        self.message.setAlignment(Qt.AlignCenter)
        self.message.setStyleSheet("color: #9097a3; font-size: 13px; background: transparent;")
        self.message.setAttribute(Qt.WA_TransparentForMouseEvents)
        self.scores_hint = pg.TextItem("ask a question to see the frames the model looks at", color="#6f7682",
                                       anchor=(0.5, 0.5))
        self.scores_hint.setParentItem(self.scores_plot.getViewBox())
        self.scores_plot.getViewBox().sigResized.connect(self._place_scores_hint)
        self.scene().sigMouseClicked.connect(self._on_click)
        self._num_frames = 0

    # ---- inputs ----------------------------------------------------------------------------------------------
    def set_length(self, num_frames: int) -> None:
        self._num_frames = num_frames
        for line in self.playheads:
            line.setBounds((0, max(0, num_frames - 1)))
        self.show_range(None)

    def set_playhead(self, frame: int) -> None:
        for line in self.playheads:
            line.blockSignals(True)     # no seek_requested echo while the clock moves the line
            line.setValue(frame)
            line.blockSignals(False)

    def set_curves(self, curves: dict[str, np.ndarray]) -> None:
        """Replace the plotted curves: {name: (T,) values}. Degrees on the left axis, other units on the right."""
        for item in self.curve_items.values():
            box = item.getViewBox()
            if box is not None:
                box.removeItem(item)
        self.legend.clear()
        self.curve_items = {}
        right_units = []
        for i, (name, values) in enumerate(curves.items()):
            values = np.asarray(values, dtype=np.float64)                      # (T,)
            unit = curve_unit(name)
            label = pretty(name) + (f" ({unit})" if unit else "")
            item = pg.PlotDataItem(np.arange(len(values)), values, connect="finite",
                                   pen=pg.mkPen(CURVE_COLOURS[i % len(CURVE_COLOURS)], width=2))
            cache(item.curve)
            if unit == "deg":
                self.curves_plot.addItem(item)
            else:
                self.right_box.addItem(item)
                right_units.append(unit)
            self.legend.addItem(item, label)
            self.curve_items[name] = item
        self.curves_plot.setLabel("right", " / ".join(dict.fromkeys(u for u in right_units if u)))
        self.curves_plot.enableAutoRange(axis="y")
        self.right_box.enableAutoRange(axis="y")

    def set_bands(self, swings: list[tuple[int, int]], phases: list[tuple[str, int, int]]) -> None:
        for item in self.swing_items + self.phase_items:
            self.curves_plot.removeItem(item)
        self.swing_items, self.phase_items = [], []
        for a, b in swings:
            region = pg.LinearRegionItem((a, b), movable=False, brush=pg.mkBrush(255, 255, 255, 14),
                                         pen=pg.mkPen(255, 255, 255, 60))
            region.setZValue(-20)
            cache(region)
            self.curves_plot.addItem(region, ignoreBounds=True)
            self.swing_items.append(region)
        for i, (label, a, b) in enumerate(phases):
            region = pg.LinearRegionItem((a, b), movable=False, brush=pg.mkBrush(*PHASE_COLOURS[i % 4]),
                                         pen=pg.mkPen(None))
            region.setZValue(-10)
            region.setToolTip(label)
            cache(region)
            self.curves_plot.addItem(region, ignoreBounds=True)
            self.phase_items.append(region)

    def set_events(self, marks: list[EventMark]) -> None:
        """Dashed markers at the events; their labels are laid out so they never overlap (see label_layout)."""
        for item in self.event_items:
            self.curves_plot.removeItem(item)
        self.event_items = []
        for mark in marks:
            line = pg.InfiniteLine(mark.frame, angle=90, movable=False, pen=pg.mkPen("#c8ccd4", width=1,
                                                                                   style=pg.QtCore.Qt.DashLine),
                                   label=pretty(mark.name), labelOpts=dict(
                                       position=0.05, color="#dfe3ea", rotateAxis=None, fill=(21, 24, 29, 215),
                                       anchors=[(0.5, 1), (0.5, 1)]))
            line.setZValue(50)
            line.setToolTip(f"{pretty(mark.name)} · frame {mark.frame}")
            line.mark = mark
            self.curves_plot.addItem(line, ignoreBounds=True)
            self.event_items.append(line)
        self._layout_event_labels()

    def _layout_event_labels(self) -> None:
        """Stagger the event labels over a few rows at the bottom of the curves plot; shorten or hide a label
        that would overlap another (important events keep theirs)."""
        if not self.event_items:
            return
        box = self.curves_plot.getViewBox()
        (x0, x1), _ = box.viewRange()
        width, height = box.width(), box.height()
        if width <= 0 or height <= 0 or x1 <= x0:
            return
        metrics = QFontMetricsF(self.event_items[0].label.textItem.font())
        labels = []
        for line in self.event_items:
            text = pretty(line.mark.name)
            labels.append(Label(x=(line.mark.frame - x0) / (x1 - x0) * width,
                                full_width=metrics.horizontalAdvance(text) + LABEL_PAD_PX,
                                short_width=metrics.horizontalAdvance(short_name(text)) + LABEL_PAD_PX,
                                priority=0 if line.mark.name in GHOST_EVENTS else 1))
        rows = int(max(1, min(3, height * 0.5 // LABEL_ROW_PX)))
        for line, placed in zip(self.event_items, place_labels(labels, rows, left=0.0, right=width)):
            label = line.label
            label.setVisible(placed.row is not None)
            if placed.row is None:
                continue
            text = pretty(line.mark.name)
            label.setFormat(short_name(text) if placed.short else text)
            label.setPosition((4 + placed.row * LABEL_ROW_PX + LABEL_ROW_PX) / height)

    def set_scores(self, scores, viewpoints) -> None:
        """The latest answer's (T,) per-frame scores and its viewpoint frames (empty lists clear them)."""
        for item in self.viewpoint_items:
            self.scores_plot.removeItem(item)
        self.viewpoint_items = []
        scores = np.asarray(scores, dtype=np.float64)                         # (T,)
        if scores.size:
            peak = scores.max() if scores.max() > 0 else 1.0
            self.score_item.setData(np.arange(len(scores)), scores / peak)
        else:
            self.score_item.setData([], [])
        frames = [int(f) for f in viewpoints]
        for f in frames:
            line = pg.InfiniteLine(f, angle=90, movable=False, pen=pg.mkPen(VIEWPOINT, width=2))
            self.scores_plot.addItem(line, ignoreBounds=True)
            self.viewpoint_items.append(line)
        ys = [float(scores[f] / (scores.max() or 1.0)) if f < scores.size else 0.5 for f in frames]
        self.viewpoint_dots.setData(frames, ys)
        self.scores_hint.setVisible(not scores.size and not frames)

    def _place_scores_hint(self) -> None:
        rect = self.scores_plot.getViewBox().boundingRect()
        self.scores_hint.setPos(rect.center())

    def set_message(self, text: str) -> None:
        """A line shown in the middle of the curves plot ('analysis unavailable', ...); '' hides it."""
        self.message.setText(text)
        self.message.setVisible(bool(text))
        self._place_message()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._place_message()

    def _place_message(self) -> None:
        if not hasattr(self, "message"):   # resize events arrive while the base class is still constructing
            return
        rect = self.curves_plot.getViewBox().sceneBoundingRect().toRect()
        self.message.setGeometry(rect if rect.width() > 0 else self.rect())

    def _sync_right_box(self) -> None:
        self.right_box.setGeometry(self.curves_plot.getViewBox().sceneBoundingRect())

    def show_range(self, frames: tuple[int, int] | None) -> None:
        """Zoom the frame axis to [start, end] (None: the whole clip)."""
        lo, hi = frames if frames is not None else (0, max(1, self._num_frames - 1))
        pad = max(2, int(0.03 * (hi - lo)))
        self.curves_plot.setXRange(lo - pad, hi + pad, padding=0)

    # ---- mouse ---------------------------------------------------------------------------------------------------
    def _on_playhead_dragged(self, line) -> None:
        self.seek_requested.emit(int(round(line.value())))

    def _on_click(self, event) -> None:
        if event.button() != pg.QtCore.Qt.LeftButton:
            return
        for plot in (self.curves_plot, self.scores_plot):
            if plot.sceneBoundingRect().contains(event.scenePos()):
                x = plot.getViewBox().mapSceneToView(event.scenePos()).x()
                if self._num_frames:
                    self.seek_requested.emit(int(np.clip(round(x), 0, self._num_frames - 1)))
                return
