"""The clip library: thumbnails, athlete, date, sport and status; the open clip's details (athlete, sport
override, the rate it was recorded at, date) and coach notes."""

from __future__ import annotations


from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (QComboBox, QFormLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem, QMenu,
                               QPlainTextEdit, QProgressBar, QPushButton, QHBoxLayout, QVBoxLayout, QWidget)

from app.library import Library
from app.session import Session
from app.store import SPORTS, ClipRecord

STATUS_TEXT = {"new": "not analysed", "analyzing": "analysing…", "ready": "ready", "failed": "failed"}
THUMB = QSize(72, 48)


def slow_motion_hint(analysis) -> tuple[str, float] | None:
    """(what to tell the coach, the suggested capture rate) when the analysis found the clip looks like slow motion."""
    if analysis is None or analysis.suggested_capture_fps is None:
        return None
    rate = float(analysis.suggested_capture_fps)
    note = next((n for n in analysis.notes if "slow motion" in n.lower()),
                f"this looks like slow motion recorded at about {rate:.0f} fps")
    return note[:1].upper() + note[1:] + ".", rate


def parse_capture_fps(text: str) -> float | str | None:
    """The "Recorded at" box: None when empty (real time), the rate, or the text itself when it is no number."""
    text = text.strip().lower().removesuffix("fps").strip()
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        return text


class LibraryView(QWidget):
    def __init__(self, library: Library, session: Session, controller, parent=None) -> None:
        super().__init__(parent)
        self.library, self.session, self.controller = library, session, controller
        title = QLabel("Clips")
        title.setObjectName("panelTitle")
        self.list = QListWidget()
        self.list.setIconSize(THUMB)
        self.list.setSpacing(2)
        self.list.setWordWrap(True)
        self.list.setTextElideMode(Qt.ElideRight)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.list.setContextMenuPolicy(Qt.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._on_context_menu)
        self.list.currentItemChanged.connect(self._on_current_item)
        self.hint = QLabel("Drop videos or folders here")
        self.hint.setObjectName("dim")
        self.hint.setAlignment(Qt.AlignCenter)

        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(controller.cancel_analysis)
        self.retry_button = QPushButton("Analyse")
        self.retry_button.clicked.connect(controller.retry_analysis)
        progress_row = QHBoxLayout()
        progress_row.addWidget(self.progress, 1)
        progress_row.addWidget(self.cancel_button)
        progress_row.addWidget(self.retry_button)

        self.athlete = QLineEdit()
        self.athlete.setPlaceholderText("Athlete name")
        self.athlete.editingFinished.connect(lambda: self._save(athlete=self.athlete.text().strip()))
        self.sport = QComboBox()
        self.sport.addItems(SPORTS)
        self.sport.activated.connect(lambda i: self._save(sport=self.sport.itemText(i)))
        self.capture_fps = QLineEdit()
        self.capture_fps.setPlaceholderText("real time")
        self.capture_fps.setToolTip("The frame rate the camera recorded at, for slow-motion clips (e.g. 240 for a "
                                    "clip recorded at 240 fps and played at 30). Empty: recorded in real time.")
        self.capture_fps.editingFinished.connect(self._save_capture_fps)
        self.slow_motion = QLabel()
        self.slow_motion.setObjectName("dim")
        self.slow_motion.setWordWrap(True)
        self.use_suggestion = QPushButton()
        self.use_suggestion.clicked.connect(self._use_suggestion)
        self._suggested: float | None = None
        capture_row = QHBoxLayout()
        capture_row.addWidget(self.capture_fps, 1)
        capture_row.addWidget(QLabel("fps"))
        capture_row.addWidget(self.use_suggestion)
        self.date = QLineEdit()
        self.date.setPlaceholderText("YYYY-MM-DD")
        self.date.editingFinished.connect(lambda: self._save(recorded_at=self.date.text().strip()))
        self.notes = QPlainTextEdit()
        self.notes.setPlaceholderText("Coach notes for this clip (saved automatically)")
        self._notes_timer = QTimer(self, singleShot=True, interval=600)
        self._notes_timer.timeout.connect(lambda: self._save(notes=self.notes.toPlainText()))
        self.notes.textChanged.connect(self._notes_timer.start)
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("Athlete", self.athlete)
        form.addRow("Sport", self.sport)
        form.addRow("Recorded at", capture_row)
        form.addRow("", self.slow_motion)
        form.addRow("Date", self.date)
        self.details = QWidget()
        details_layout = QVBoxLayout(self.details)
        details_layout.setContentsMargins(0, 0, 0, 0)
        details_layout.addLayout(form)
        details_layout.addWidget(self.notes, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(title)
        layout.addWidget(self.list, 3)
        layout.addWidget(self.hint)
        layout.addLayout(progress_row)
        layout.addWidget(self.details, 2)

        self._subscriptions = [
            (library.events.added, self._on_clip_added), (library.events.changed, self._on_clip_changed),
            (library.events.removed, self._on_clip_removed), (session.events.clip, self._on_open_clip_change),
            (session.events.progress, self._on_progress_change),
            (session.events.analysis_state, self._on_state_change),
            (session.events.analysis, self._on_analysis_change),
        ]
        for signal, slot in self._subscriptions:
            signal.connect(slot)
        for clip in library.clips:
            self._on_clip_added(clip)
        self._on_open_clip_change(session.clip)
        self._on_state_change(*session.analysis_state)
        self._on_analysis_change(session.analysis)

    # ---- list -----------------------------------------------------------------------------------------------------
    def item_for(self, clip_id: int) -> QListWidgetItem | None:
        for i in range(self.list.count()):
            if self.list.item(i).data(Qt.UserRole) == clip_id:
                return self.list.item(i)
        return None

    def _fill(self, item: QListWidgetItem, clip: ClipRecord) -> None:
        who = clip.athlete or "no athlete"
        item.setText(f"{clip.title}\n{who} · {clip.sport} · {clip.recorded_at}\n{STATUS_TEXT[clip.status]}")
        item.setToolTip(clip.path + (f"\n{clip.error}" if clip.error else ""))
        pix = QPixmap()
        if clip.thumbnail:
            pix.loadFromData(clip.thumbnail, "PNG")
        if pix.isNull():
            pix = QPixmap(THUMB)
            pix.fill(QColor("#2a2f38"))
        item.setIcon(QIcon(pix.scaled(THUMB, Qt.KeepAspectRatio, Qt.SmoothTransformation)))
        if clip.status == "failed":
            item.setForeground(QColor("#ff8a80"))
        else:
            item.setData(Qt.ForegroundRole, None)

    def _on_clip_added(self, clip: ClipRecord) -> None:
        item = QListWidgetItem()
        item.setData(Qt.UserRole, clip.id)
        self._fill(item, clip)
        self.list.addItem(item)
        self.hint.setVisible(False)

    def _on_clip_changed(self, clip: ClipRecord) -> None:
        item = self.item_for(clip.id)
        if item is not None:
            self._fill(item, clip)
        if self.session.clip is not None and self.session.clip.id == clip.id:
            self._show_details(clip)

    def _on_clip_removed(self, clip_id: int) -> None:
        item = self.item_for(clip_id)
        if item is not None:
            self.list.takeItem(self.list.row(item))
        self.hint.setVisible(self.list.count() == 0)

    def _on_current_item(self, item: QListWidgetItem | None, _previous) -> None:
        if item is not None:
            self.controller.open_clip(item.data(Qt.UserRole))

    def _on_context_menu(self, pos) -> None:
        item = self.list.itemAt(pos)
        if item is None:
            return
        clip_id = item.data(Qt.UserRole)
        menu = QMenu(self)
        menu.addAction("Remove from library", lambda: self.controller.remove_clip(clip_id))
        menu.exec(self.list.mapToGlobal(pos))

    # ---- open clip -----------------------------------------------------------------------------------------------
    def _on_open_clip_change(self, clip: ClipRecord | None) -> None:
        item = None if clip is None else self.item_for(clip.id)
        self.list.blockSignals(True)
        self.list.setCurrentItem(item)
        self.list.blockSignals(False)
        self.details.setEnabled(clip is not None)
        self._show_details(clip)

    def _show_details(self, clip: ClipRecord | None) -> None:
        for w in (self.athlete, self.sport, self.capture_fps, self.date, self.notes):
            w.blockSignals(True)
        self.athlete.setText("" if clip is None else clip.athlete)
        self.sport.setCurrentText("auto" if clip is None else clip.sport)
        self.capture_fps.setText("" if clip is None or clip.capture_fps is None else f"{clip.capture_fps:g}")
        self.date.setText("" if clip is None else clip.recorded_at)
        if clip is None or self.notes.toPlainText() != clip.notes:
            self.notes.setPlainText("" if clip is None else clip.notes)
        for w in (self.athlete, self.sport, self.capture_fps, self.date, self.notes):
            w.blockSignals(False)
        self._on_analysis_change(self.session.analysis)

    def _save_capture_fps(self) -> None:
        clip, value = self.session.clip, parse_capture_fps(self.capture_fps.text())
        if clip is None:
            return
        if isinstance(value, str):
            self.session.report("error", f"Recorded at {value!r} is not a frame rate; type the rate the camera "
                                         "recorded at (e.g. 240), or leave it empty for real time.")
            self._show_details(clip)
        elif value != clip.capture_fps and not self.controller.update_clip(clip.id, capture_fps=value):
            self._show_details(clip)      # refused (out of range): show what the library holds

    def _use_suggestion(self) -> None:
        clip = self.session.clip
        if clip is not None and self._suggested is not None:
            self.controller.update_clip(clip.id, capture_fps=self._suggested)

    def _on_analysis_change(self, analysis) -> None:
        """Show the analysis' slow-motion suggestion while the coach has not set a capture rate."""
        clip, hint = self.session.clip, slow_motion_hint(analysis)
        hint = None if clip is None or clip.capture_fps is not None else hint
        self._suggested = None if hint is None else hint[1]
        self.slow_motion.setText("" if hint is None else hint[0])
        self.slow_motion.setVisible(hint is not None)
        self.use_suggestion.setText("" if self._suggested is None else f"Use {self._suggested:g}")
        self.use_suggestion.setVisible(self._suggested is not None)

    def _save(self, **fields) -> None:
        clip = self.session.clip
        if clip is not None and any(getattr(clip, k) != v for k, v in fields.items()):
            self.controller.update_clip(clip.id, **fields)

    def _on_progress_change(self, progress) -> None:
        if progress is None:
            self.progress.setRange(0, 1)
            self.progress.setValue(0)
            self.progress.setFormat("")
        else:
            self.progress.setRange(0, max(1, progress.total))
            self.progress.setValue(progress.done)
            self.progress.setFormat(f"{progress.stage} %p%")

    def _on_state_change(self, state: str, message: str) -> None:
        running = state == "running"
        self.progress.setVisible(running)
        self.cancel_button.setVisible(running)
        self.retry_button.setVisible(state in ("failed", "cancelled"))

    def close(self) -> bool:
        self._notes_timer.stop()
        for signal, slot in self._subscriptions:
            signal.disconnect(slot)
        return super().close()
