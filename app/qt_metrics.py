"""The metrics panel: each metric with value, unit, reference band and a colour; click a row to seek."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QListWidget, QListWidgetItem, QTableWidget, QTableWidgetItem, \
    QVBoxLayout, QWidget

from app import analysis_view
from app.playback import PlaybackClock
from app.session import Session

STATUS_COLOURS = {"good": QColor(84, 214, 138), "warn": QColor(255, 170, 60), "none": QColor(140, 146, 158)}
EMPTY_TEXT = {
    "none": "Metrics appear when the clip is analysed.",
    "running": "Analysing the swing...",
    "failed": "Analysis failed: {}",
    "unavailable": "Analysis unavailable: {}",
    "cancelled": "Analysis cancelled.",
    "ready": "No metrics for this clip.",
}


def _fmt(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:.2f}" if abs(value) < 10 else f"{value:.0f}"


class MetricsView(QWidget):
    def __init__(self, session: Session, clock: PlaybackClock, parent=None) -> None:
        super().__init__(parent)
        self.session, self.clock = session, clock
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["Metric", "Value", "Typical", ""])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.Stretch)
        for col in (1, 2, 3):
            header.setSectionResizeMode(col, QHeaderView.ResizeToContents)
        self.table.cellClicked.connect(self._on_row_clicked)
        self.empty = QLabel()
        self.empty.setObjectName("dim")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignCenter)
        self.faults = QListWidget()
        self.faults.setObjectName("faults")
        self.faults.setMaximumHeight(96)
        self.faults.setWordWrap(True)
        self.faults.itemClicked.connect(self._on_fault_clicked)
        self.title = QLabel("Metrics")
        self.title.setObjectName("panelTitle")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.title)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty, 1)
        layout.addWidget(self.faults)
        self._swing: int | None = None   # which swing the table shows (derived from the playhead, not state)
        self._subscriptions = [(session.events.analysis, self._on_analysis_change),
                               (session.events.analysis_state, self._on_state_change),
                               (clock.events.frame, self._on_frame_change)]
        for signal, slot in self._subscriptions:
            signal.connect(slot)
        self._on_analysis_change(session.analysis)

    def _on_frame_change(self, frame: int) -> None:
        if analysis_view.swing_at(self.session.analysis, frame) != self._swing:
            self._on_analysis_change(self.session.analysis)

    def _on_analysis_change(self, analysis) -> None:
        swing = self._swing = analysis_view.swing_at(analysis, self.clock.frame)
        n = 0 if analysis is None else len(analysis.swings)
        self.title.setText("Metrics" if swing is None else
                           f"Metrics · swing {swing + 1} of {n} ({analysis.swings[swing].handedness}-handed)")
        rows = analysis_view.metric_rows(analysis, swing)
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            name = QTableWidgetItem(analysis_view.pretty(row.name))
            name.setData(Qt.UserRole, row.frame)
            tip = f"{row.definition}\nconfidence {row.confidence:.0%}"
            if row.frame is not None:
                tip += f"; click to go to frame {row.frame}"
            name.setToolTip(tip)
            unit = "" if row.unit in ("ratio", "") else row.unit
            value = QTableWidgetItem(f"{_fmt(row.value)} {unit}".strip())
            value.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
            band = QTableWidgetItem("" if row.band is None else f"{_fmt(row.band[0])}-{_fmt(row.band[1])}")
            band.setForeground(QBrush(QColor(150, 156, 168)))
            dot = QTableWidgetItem("●")
            dot.setForeground(QBrush(STATUS_COLOURS[row.status]))
            dot.setToolTip({"good": "inside the typical range", "warn": "outside the typical range",
                            "none": "no reference range"}[row.status])
            if row.confidence < 0.5:
                for item in (name, value):
                    item.setForeground(QBrush(QColor(130, 135, 145)))
            for c, item in enumerate((name, value, band, dot)):
                self.table.setItem(r, c, item)
        self.faults.clear()
        for fault in analysis_view.faults(analysis, swing):
            item = QListWidgetItem(f"⚠ {analysis_view.pretty(fault.name)} ({fault.severity}): {fault.description}")
            item.setData(Qt.UserRole, fault.frames[0] if fault.frames else None)
            item.setToolTip(f"from {fault.metric}; frames {', '.join(map(str, fault.frames))}")
            self.faults.addItem(item)
        self.faults.setVisible(self.faults.count() > 0)
        self._on_state_change(*self.session.analysis_state)

    def _on_state_change(self, state: str, message: str) -> None:
        has_rows = self.table.rowCount() > 0
        self.table.setVisible(has_rows)
        self.empty.setVisible(not has_rows)
        self.empty.setText(EMPTY_TEXT.get(state, "").format(message))

    def _on_fault_clicked(self, item: QListWidgetItem) -> None:
        frame = item.data(Qt.UserRole)
        if frame is not None:
            self.clock.seek(int(frame), time.perf_counter())

    def _on_row_clicked(self, row: int, _col: int) -> None:
        frame = self.table.item(row, 0).data(Qt.UserRole)
        if frame is not None:
            self.clock.seek(int(frame), time.perf_counter())

    def close(self) -> bool:
        for signal, slot in self._subscriptions:
            signal.disconnect(slot)
        return super().close()
