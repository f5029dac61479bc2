"""The timeline panel: curve picker, swing zoom and the pyqtgraph plots, following the clock and the chat."""

from __future__ import annotations

import time

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QToolButton, QMenu, QVBoxLayout, QWidget

from app import analysis_view
from app.chat import ChatModel
from app.pg_timeline import TimelinePlots
from app.playback import PlaybackClock
from app.session import Session

STATE_TEXT = {
    "none": "",
    "running": "Analysing...",
    "failed": "Analysis failed",
    "unavailable": "Analysis unavailable",
    "cancelled": "Analysis cancelled",
}


class TimelineView(QWidget):
    def __init__(self, session: Session, clock: PlaybackClock, chat: ChatModel, parent=None) -> None:
        super().__init__(parent)
        self.session, self.clock, self.chat = session, clock, chat
        self.plots = TimelinePlots()
        self.curve_button = QToolButton()
        self.curve_button.setText("Curves")
        self.curve_button.setPopupMode(QToolButton.InstantPopup)
        self.curve_menu = QMenu(self)
        self.curve_button.setMenu(self.curve_menu)
        self.zoom_box = QComboBox()
        self.zoom_box.setMinimumContentsLength(12)
        self.zoom_box.currentIndexChanged.connect(self._on_zoom_picked)
        self.info = QLabel("")
        self.info.setObjectName("dim")

        bar = QHBoxLayout()
        bar.setContentsMargins(6, 4, 6, 0)
        title = QLabel("Timeline")
        title.setObjectName("panelTitle")
        bar.addWidget(title)
        bar.addWidget(self.info, 1)
        bar.addWidget(self.curve_button)
        bar.addWidget(self.zoom_box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(bar)
        layout.addWidget(self.plots, 1)

        self.plots.seek_requested.connect(lambda f: self.clock.seek(f, time.perf_counter()))
        self._subscriptions = [
            (clock.events.frame, self._on_frame_change), (clock.events.length, self._on_length_change),
            (session.events.analysis, self._on_analysis_change), (session.events.curves, self._on_curves_change),
            (session.events.zoom, self._on_zoom_change), (session.events.analysis_state, self._on_state_change),
            (session.events.motion, self._on_motion_change), (chat.events.highlight, self._on_highlight_change),
        ]
        for signal, slot in self._subscriptions:
            signal.connect(slot)
        self._on_length_change(clock.num_frames, clock.fps)
        self._on_analysis_change(session.analysis)
        self._on_state_change(*session.analysis_state)
        self._on_highlight_change(*chat.highlight)

    # ---- model events --------------------------------------------------------------------------------------------
    def _on_frame_change(self, frame: int) -> None:
        self.plots.set_playhead(frame)
        self.info.setText(f"frame {frame}  ·  {self.clock.time_of(frame):.2f} s")   # real seconds

    def _on_length_change(self, num_frames: int, fps: float) -> None:
        self.plots.set_length(num_frames)
        self.plots.set_playhead(self.clock.frame)
        self._apply_zoom()

    def _on_motion_change(self, motion) -> None:
        self._on_state_change(*self.session.analysis_state)

    def _on_analysis_change(self, analysis) -> None:
        self.plots.set_bands(analysis_view.swings(analysis), analysis_view.phases(analysis))
        self.plots.set_events(analysis_view.events(analysis))
        self._rebuild_curve_menu()
        self._on_curves_change(self.session.curves)
        self.zoom_box.blockSignals(True)
        self.zoom_box.clear()
        self.zoom_box.addItem("Whole clip", None)
        for i, rng in enumerate(analysis_view.swings(analysis)):
            self.zoom_box.addItem(f"Swing {i + 1}", rng)
        self.zoom_box.blockSignals(False)
        self._on_zoom_change(self.session.zoom)

    def _on_curves_change(self, names) -> None:
        analysis = self.session.analysis
        curves = {} if analysis is None else {n: analysis.curves[n] for n in names if n in analysis.curves}
        self.plots.set_curves(curves)
        for action in self.curve_menu.actions():
            action.blockSignals(True)
            action.setChecked(action.data() in names)
            action.blockSignals(False)

    def _on_zoom_change(self, frames) -> None:
        index = max(0, self.zoom_box.findData(frames)) if frames is not None else 0
        self.zoom_box.blockSignals(True)
        self.zoom_box.setCurrentIndex(index)
        self.zoom_box.blockSignals(False)
        self._apply_zoom()

    def _on_state_change(self, state: str, message: str) -> None:
        if state == "ready":
            text = "" if self.session.analysis is None or self.session.analysis.swings else "No swing found"
        else:
            text = STATE_TEXT.get(state, "")
            if state == "none" and self.session.clip is not None and self.session.motion is None:
                text = "Waiting for motion"
        self.plots.set_message(text)

    def _on_highlight_change(self, frames, scores) -> None:
        self.plots.set_scores(scores, frames)

    # ---- user actions ------------------------------------------------------------------------------------------
    def _rebuild_curve_menu(self) -> None:
        self.curve_menu.clear()
        names = analysis_view.curve_names(self.session.analysis)
        for name in names:
            action = self.curve_menu.addAction(analysis_view.pretty(name))
            action.setCheckable(True)
            action.setData(name)
            action.toggled.connect(self._on_curve_toggled)
        self.curve_button.setEnabled(bool(names))

    def _on_curve_toggled(self, _checked: bool) -> None:
        self.session.set_curves(a.data() for a in self.curve_menu.actions() if a.isChecked())

    def _on_zoom_picked(self, index: int) -> None:
        self.session.set_zoom(self.zoom_box.itemData(index))

    def _apply_zoom(self) -> None:
        self.plots.show_range(self.session.zoom)

    def close(self) -> bool:
        for signal, slot in self._subscriptions:
            signal.disconnect(slot)
        return super().close()
