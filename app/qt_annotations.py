"""The annotation panel: the drawing tools (note, line, angle), the label for the next mark, and the open clip's
annotations (click one to go to its frame, Delete to remove it)."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QButtonGroup, QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem,
                               QPushButton, QVBoxLayout, QWidget)

from app.annotations import TOOLS, AnnotationsModel, describe
from app.playback import PlaybackClock
from app.session import Session
from app.store import AnnotationRecord

TOOL_TEXT = {"note": ("Note", "Pin a note on the frame: type its text, then click on the video"),
             "line": ("Line", "Draw a line: click its two ends on the video"),
             "angle": ("Angle", "Measure an angle: click a, the vertex, then b on the video")}


class AnnotationsView(QWidget):
    def __init__(self, annotations: AnnotationsModel, session: Session, clock: PlaybackClock, controller,
                 parent=None) -> None:
        super().__init__(parent)
        self.annotations, self.session, self.clock, self.controller = annotations, session, clock, controller
        title = QLabel("Annotations")
        title.setObjectName("panelTitle")
        self.tool_buttons: dict[str, QPushButton] = {}
        self._group = QButtonGroup(self)
        self._group.setExclusive(False)            # clicking the active tool turns drawing off
        tools = QHBoxLayout()
        tools.setContentsMargins(0, 0, 0, 0)
        tools.addWidget(title)
        tools.addStretch(1)
        for tool in TOOLS:
            text, tip = TOOL_TEXT[tool]
            button = QPushButton(text)
            button.setCheckable(True)
            button.setToolTip(tip)
            button.clicked.connect(lambda on, t=tool: self.annotations.set_tool(t if on else None))
            self._group.addButton(button)
            self.tool_buttons[tool] = button
            tools.addWidget(button)
        self.label = QLineEdit()
        self.label.setPlaceholderText("Label or note text for the next mark")
        self.label.setClearButtonEnabled(True)
        self.label.textEdited.connect(self.annotations.set_label)
        self.label.returnPressed.connect(self._add_frame_note)
        self.note_button = QPushButton("Note on frame")
        self.note_button.setToolTip("Add the text as a note on the current frame (Enter)")
        self.note_button.clicked.connect(self._add_frame_note)
        label_row = QHBoxLayout()
        label_row.setContentsMargins(0, 0, 0, 0)
        label_row.addWidget(self.label, 1)
        label_row.addWidget(self.note_button)
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.itemClicked.connect(self._on_item_clicked)
        self.list.currentItemChanged.connect(lambda item, _: self._on_item_clicked(item))
        self.delete_button = QPushButton("Delete")
        self.delete_button.setObjectName("danger")
        self.delete_button.setToolTip("Delete the selected annotation (Delete)")
        self.delete_button.clicked.connect(self.delete_selected)
        self._delete_key = QShortcut(QKeySequence.Delete, self.list, activated=self.delete_selected)
        self._delete_key.setContext(Qt.WidgetShortcut)
        self.empty = QLabel("No annotations on this clip. Pick Note, Line or Angle and click on the video.")
        self.empty.setObjectName("dim")
        self.empty.setWordWrap(True)
        bottom = QHBoxLayout()
        bottom.setContentsMargins(0, 0, 0, 0)
        bottom.addWidget(self.empty, 1)
        bottom.addStretch(0)          # keeps Delete small on the right when the hint is hidden
        bottom.addWidget(self.delete_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        layout.addLayout(tools)
        layout.addLayout(label_row)
        layout.addWidget(self.list, 1)
        layout.addLayout(bottom)

        self._subscriptions = [
            (annotations.events.items, self._on_items_change), (annotations.events.added, self._on_items_change),
            (annotations.events.changed, self._on_items_change), (annotations.events.removed, self._on_items_change),
            (annotations.events.selected, self._on_selected_change), (annotations.events.tool, self._on_tool_change),
            (annotations.events.label, self._on_label_change), (session.events.video, self._on_items_change),
            (session.events.clip, self._on_clip_change),
        ]
        for signal, slot in self._subscriptions:
            signal.connect(slot)
        self._on_items_change()
        self._on_tool_change(annotations.tool)
        self._on_label_change(annotations.label)
        self._on_clip_change(session.clip)

    # ---- actions ----------------------------------------------------------------------------------------------
    def _add_frame_note(self) -> None:
        self.controller.add_frame_note(self.clock.frame, self.label.text())

    def _on_item_clicked(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        record = self.annotations.get(item.data(Qt.UserRole))
        if record is not None:
            self.annotations.select(record.id)
            if self.clock.frame != record.frame:
                self.clock.seek(record.frame, time.perf_counter())

    def delete_selected(self) -> None:
        if self.annotations.selected is not None:
            self.controller.remove_annotation(self.annotations.selected)

    # ---- model events -----------------------------------------------------------------------------------------
    def item_text(self, record: AnnotationRecord) -> str:
        video = self.session.video
        w, h = video.source_size if video is not None else (1, 1)
        fps = self.clock.fps or 30.0
        return f"f{record.frame} · {record.frame / fps:.2f}s   {describe(record, w, h)}"

    def _on_items_change(self, _value=None) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        for record in self.annotations.items:
            item = QListWidgetItem(self.item_text(record))
            item.setData(Qt.UserRole, record.id)
            item.setToolTip(record.text or record.kind)
            self.list.addItem(item)
        self.list.blockSignals(False)
        self.empty.setVisible(not self.annotations.items)
        self.delete_button.setVisible(bool(self.annotations.items))
        self._on_selected_change(self.annotations.selected)

    def _on_selected_change(self, annotation_id) -> None:
        self.list.blockSignals(True)
        self.list.setCurrentRow(-1)
        for i in range(self.list.count()):
            if self.list.item(i).data(Qt.UserRole) == annotation_id:
                self.list.setCurrentRow(i)
        self.list.blockSignals(False)
        self.delete_button.setEnabled(annotation_id is not None)

    def _on_tool_change(self, tool) -> None:
        for name, button in self.tool_buttons.items():
            button.blockSignals(True)
            button.setChecked(name == tool)
            button.blockSignals(False)

    def _on_label_change(self, text: str) -> None:
        if self.label.text() != text:
            self.label.setText(text)

    def _on_clip_change(self, clip) -> None:
        for w in (*self.tool_buttons.values(), self.label, self.note_button):
            w.setEnabled(clip is not None)

    def close(self) -> bool:
        for signal, slot in self._subscriptions:
            signal.disconnect(slot)
        return super().close()
