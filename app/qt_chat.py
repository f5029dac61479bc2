"""The chat pane: model state, history per clip, the answer streaming in, viewpoint-frame chips, stop button."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (QFrame, QHBoxLayout, QLabel, QLineEdit, QListWidget, QListView, QPushButton,
                               QScrollArea, QSizePolicy, QVBoxLayout, QWidget)

from app.chat import ChatModel
from app.playback import PlaybackClock
from app.session import Session
from app.store import ChatRecord

STATE_STYLE = {"loading": ("#ffd24c", "Loading model"), "untrained": ("#ff8a4c", "Untrained model"),
               "ready": ("#54d68a", "Model ready"), "unavailable": ("#8a909c", "Model unavailable"),
               "error": ("#ff5c5c", "Model error")}
MAX_CHIPS = 8
CHIPS_PER_ROW = 3
RECENT_MESSAGES = 12     # shown when a clip opens; earlier ones on request (opening stays fast with long chats)


def chip_frames(frames: list[int], scores: list[float]) -> list[int]:
    """The viewpoint frames shown as chips: the MAX_CHIPS highest-scoring ones, in time order."""
    def score(f: int) -> float:
        return scores[f] if 0 <= f < len(scores) else 0.0
    return sorted(sorted(frames, key=score, reverse=True)[:MAX_CHIPS])


def chip_text(frame: int, capture_fps: float) -> str:
    """'0.50s · #30': the frame's real time (at the rate the clip was recorded) and its number."""
    return f"{frame / capture_fps:.2f}s · #{frame}"


class Bubble(QFrame):
    """One message; an assistant message carries its viewpoint frames as chips that seek the player. The chips'
    times follow the clip's recorded rate (`relabel`), which may arrive after the message is shown."""

    chip_clicked = Signal(int, object)   # frame, the record the chip belongs to

    def __init__(self, record: ChatRecord | None, role: str, capture_fps: float, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("userBubble" if role == "user" else "botBubble")
        self.text = QLabel(record.text if record else "")
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(self.text)
        if role == "user":
            self.text.setAlignment(Qt.AlignRight)
        self.chips: list[QPushButton] = []
        self.chip_frames: list[int] = []
        if record is not None and record.viewpoint_frames:
            shown = chip_frames(record.viewpoint_frames, record.frame_scores)
            more = len(record.viewpoint_frames) - len(shown)
            caption = QLabel(f"looked at {len(record.viewpoint_frames)} frames"
                             + (f" (the {len(shown)} it weighed most):" if more else ":"))
            caption.setObjectName("dim")
            layout.addWidget(caption)
            row = None
            for i, f in enumerate(shown):
                if i % CHIPS_PER_ROW == 0:
                    row = QHBoxLayout()
                    row.setSpacing(4)
                    layout.addLayout(row)
                chip = QPushButton(chip_text(f, capture_fps))
                chip.setObjectName("chip")
                chip.setCursor(Qt.PointingHandCursor)
                chip.setToolTip(f"Go to frame {f}")
                chip.clicked.connect(lambda _=False, f=f: self.chip_clicked.emit(f, record))
                row.addWidget(chip)
                self.chips.append(chip)
                self.chip_frames.append(f)
            row.addStretch(1)

    def relabel(self, capture_fps: float) -> None:
        for chip, f in zip(self.chips, self.chip_frames):
            chip.setText(chip_text(f, capture_fps))


class ChatView(QWidget):
    def __init__(self, chat: ChatModel, session: Session, clock: PlaybackClock, controller, parent=None) -> None:
        super().__init__(parent)
        self.chat, self.session, self.clock, self.controller = chat, session, clock, controller
        self.state_dot = QLabel("●")
        self.state_label = QLabel("")
        self.state_label.setObjectName("dim")
        self.state_label.setWordWrap(True)
        self.clear_button = QPushButton("Clear")
        self.clear_button.setToolTip("Delete this clip's conversation")
        self.clear_button.clicked.connect(self.controller.clear_chat)
        header = QHBoxLayout()
        header.addWidget(self.state_dot)
        header.addWidget(self.state_label, 1)
        header.addWidget(self.clear_button)

        self.messages = QWidget()
        self.messages_layout = QVBoxLayout(self.messages)
        self.messages_layout.setContentsMargins(4, 4, 4, 4)
        self.messages_layout.setSpacing(6)
        self.earlier_button = QPushButton()
        self.earlier_button.setFlat(True)
        self.earlier_button.clicked.connect(self.show_earlier)
        self.earlier_button.hide()
        self.messages_layout.addWidget(self.earlier_button)
        self.messages_layout.addStretch(1)
        self._earlier: list[ChatRecord] = []      # messages of this clip not built yet (older than the recent ones)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(self.messages)
        self.scroll.setFrameShape(QFrame.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.bubbles: list[Bubble] = []
        self.streaming_bubble: Bubble | None = None

        self.suggestions = QListWidget()
        self.suggestions.setObjectName("suggestions")
        self.suggestions.setFlow(QListView.LeftToRight)
        self.suggestions.setWrapping(True)
        self.suggestions.setResizeMode(QListView.Adjust)
        self.suggestions.setSpacing(3)
        self.suggestions.setMaximumHeight(128)
        self.suggestions.setVerticalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.suggestions.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Fixed)
        self.suggestions.itemClicked.connect(lambda item: self.ask(item.text()))

        self.input = QLineEdit()
        self.input.setPlaceholderText("Ask about this swing...")
        self.input.returnPressed.connect(lambda: self.ask(self.input.text()))
        self.ask_button = QPushButton("Ask")
        self.ask_button.setObjectName("primary")
        self.ask_button.clicked.connect(lambda: self.ask(self.input.text()))
        self.stop_button = QPushButton("Stop")
        self.stop_button.setObjectName("danger")
        self.stop_button.clicked.connect(self.controller.stop_answer)
        row = QHBoxLayout()
        row.addWidget(self.input, 1)
        row.addWidget(self.ask_button)
        row.addWidget(self.stop_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(header)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(self.suggestions)
        layout.addLayout(row)

        self._subscriptions = [
            (chat.events.model_state, self._on_model_state_change), (chat.events.history, self._on_history_change),
            (chat.events.message_added, self._on_message_added), (chat.events.streaming, self._on_streaming_change),
            (chat.events.partial, self._on_partial_change), (chat.events.suggestions, self._on_suggestions_change),
            (session.events.clip, self._on_clip_change), (session.events.motion, self._on_clip_change),
            (clock.events.capture_fps, self._on_capture_fps_change),
        ]
        for signal, slot in self._subscriptions:
            signal.connect(slot)
        self._on_model_state_change(*chat.model_state)
        self._on_history_change(chat.history)
        self._on_suggestions_change(chat.suggestions)
        self._on_streaming_change(chat.streaming)

    # ---- actions --------------------------------------------------------------------------------------------
    def ask(self, question: str) -> None:
        if self.controller.ask(question):
            self.input.clear()

    def _on_chip(self, frame: int, record: ChatRecord) -> None:
        self.clock.seek(frame, time.perf_counter())
        self.chat.set_highlight(record.viewpoint_frames, record.frame_scores)

    # ---- model events ----------------------------------------------------------------------------------------
    def _on_model_state_change(self, state: str, message: str) -> None:
        colour, title = STATE_STYLE[state]
        self.state_dot.setStyleSheet(f"color: {colour}; font-size: 14px;")
        self.state_label.setText(f"<b>{title}</b>" + (f" — {message}" if message and message != title + "." else ""))
        self._update_enabled()

    def _on_history_change(self, records: list) -> None:
        self.messages.setUpdatesEnabled(False)
        for bubble in self.bubbles:
            bubble.deleteLater()
        self.bubbles = []
        self._earlier = records[:-RECENT_MESSAGES] if len(records) > RECENT_MESSAGES else []
        for record in records[len(self._earlier):]:
            self._append(record)
        self._show_earlier_button()
        self.messages.setUpdatesEnabled(True)

    def show_earlier(self) -> None:
        """Build the clip's earlier messages above the recent ones."""
        self.messages.setUpdatesEnabled(False)
        earlier = [self._bubble(record) for record in self._earlier]
        for i, bubble in enumerate(earlier):
            self.messages_layout.insertWidget(1 + i, bubble)
        self.bubbles = earlier + self.bubbles
        self._earlier = []
        self._show_earlier_button()
        self.messages.setUpdatesEnabled(True)

    def _show_earlier_button(self) -> None:
        n = len(self._earlier)
        self.earlier_button.setText(f"Show {n} earlier message{'s' if n != 1 else ''}")
        self.earlier_button.setVisible(n > 0)

    def _on_message_added(self, record: ChatRecord) -> None:
        if record.role == "assistant" and self.streaming_bubble is not None:
            self._drop_streaming_bubble()
        self._append(record)

    def _on_streaming_change(self, on: bool) -> None:
        if on:
            self.streaming_bubble = Bubble(None, "assistant", self.clock.capture_fps)
            self.streaming_bubble.text.setText("…")
            self.messages_layout.insertWidget(self.messages_layout.count() - 1, self.streaming_bubble)
            self._scroll_to_end()
        elif self.streaming_bubble is not None:
            self._drop_streaming_bubble()
        self._update_enabled()

    def _on_partial_change(self, text: str) -> None:
        if self.streaming_bubble is not None:
            self.streaming_bubble.text.setText(text + " ▍")
            self._scroll_to_end()

    def _on_suggestions_change(self, questions) -> None:
        self.suggestions.clear()
        self.suggestions.addItems(list(questions))

    def _on_clip_change(self, _value) -> None:
        self._update_enabled()

    def _on_capture_fps_change(self, capture_fps: float) -> None:
        for bubble in self.bubbles:
            bubble.relabel(capture_fps)

    # ---- helpers -----------------------------------------------------------------------------------------------
    def _bubble(self, record: ChatRecord) -> Bubble:
        bubble = Bubble(record, record.role, self.clock.capture_fps)
        bubble.chip_clicked.connect(self._on_chip)
        return bubble

    def _append(self, record: ChatRecord) -> None:
        bubble = self._bubble(record)
        self.messages_layout.insertWidget(self.messages_layout.count() - 1, bubble)
        self.bubbles.append(bubble)
        self._scroll_to_end()

    def _drop_streaming_bubble(self) -> None:
        self.streaming_bubble.deleteLater()
        self.streaming_bubble = None

    def _update_enabled(self) -> None:
        has_clip = self.session.clip is not None
        can = self.chat.can_ask and has_clip
        for w in (self.input, self.ask_button, self.suggestions):
            w.setEnabled(can)
        self.stop_button.setVisible(self.chat.streaming)
        self.ask_button.setVisible(not self.chat.streaming)
        self.input.setPlaceholderText("Ask about this swing..." if can else
                                      "Open a clip to ask about it" if not has_clip else
                                      "The model is not available" if not self.chat.streaming else "Answering...")

    def _scroll_to_end(self) -> None:
        QTimer.singleShot(0, lambda: self.scroll.verticalScrollBar().setValue(
            self.scroll.verticalScrollBar().maximum()))

    def close(self) -> bool:
        for signal, slot in self._subscriptions:
            signal.disconnect(slot)
        return super().close()
