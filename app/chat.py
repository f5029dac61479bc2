"""The chat model (no Qt): the model's state, the history for the open clip, the answer streaming in, and the
latest answer's viewpoint frames and per-frame scores (which the timeline and 3D view highlight)."""

from __future__ import annotations

from psygnal import Signal, SignalGroup

from app.store import ChatRecord

# "loading": weights are being read; "untrained": a model runs but its weights are not trained (answers are not
# coaching); "ready"; "unavailable": no model can run (not installed / no weights); "error": loading failed.
MODEL_STATES = ("loading", "untrained", "ready", "unavailable", "error")

GOLF_QUESTIONS = (
    "What is my tempo ratio?",
    "How much did my hips turn at the top?",
    "Is there early extension in my downswing?",
    "Which frame is impact?",
    "What should I work on first?",
)
BASEBALL_QUESTIONS = (
    "What is my hip-shoulder separation at foot plant?",
    "Do my hips fire before my shoulders?",
    "Which frame is contact?",
    "How long is my stride?",
    "What should I work on first?",
)


class ChatEvents(SignalGroup):
    model_state = Signal(str, str)     # state, message
    history = Signal(list)             # the whole history was replaced (new clip)
    message_added = Signal(object)     # ChatRecord appended
    streaming = Signal(bool)           # an answer is being generated
    partial = Signal(str)              # the answer text so far
    highlight = Signal(object, object)  # viewpoint frames (list[int]), frame scores (list[float]) or ([], [])
    suggestions = Signal(tuple)


class ChatModel:
    def __init__(self) -> None:
        self.events = ChatEvents()
        self._model_state = ("loading", "Loading the motion-language model...")
        self._history: list[ChatRecord] = []
        self._streaming = False
        self._partial = ""
        self._highlight: tuple[list[int], list[float]] = ([], [])
        self._suggestions: tuple[str, ...] = GOLF_QUESTIONS

    @property
    def model_state(self) -> tuple[str, str]:
        return self._model_state

    def set_model_state(self, state: str, message: str = "") -> None:
        if state not in MODEL_STATES:
            raise ValueError(f"unknown model state {state!r}; one of {MODEL_STATES}")
        if (state, message) != self._model_state:
            self._model_state = (state, message)
            self.events.model_state.emit(state, message)

    @property
    def can_ask(self) -> bool:
        return self._model_state[0] in ("ready", "untrained") and not self._streaming

    @property
    def history(self) -> list[ChatRecord]:
        return list(self._history)

    def set_history(self, records: list[ChatRecord]) -> None:
        self._history = list(records)
        self.events.history.emit(self.history)
        last = next((r for r in reversed(self._history) if r.role == "assistant"), None)
        self.set_highlight([] if last is None else last.viewpoint_frames, [] if last is None else last.frame_scores)

    def add(self, record: ChatRecord) -> None:
        self._history.append(record)
        self.events.message_added.emit(record)
        if record.role == "assistant":
            self.set_highlight(record.viewpoint_frames, record.frame_scores)

    @property
    def streaming(self) -> bool:
        return self._streaming

    def set_streaming(self, on: bool) -> None:
        if on != self._streaming:
            self._streaming = on
            if on:
                self._partial = ""
            self.events.streaming.emit(on)

    @property
    def partial(self) -> str:
        return self._partial

    def append_partial(self, piece: str) -> None:
        self._partial += piece
        self.events.partial.emit(self._partial)

    @property
    def highlight(self) -> tuple[list[int], list[float]]:
        return self._highlight

    def set_highlight(self, frames, scores) -> None:
        value = ([int(f) for f in frames], [float(s) for s in scores])
        if value != self._highlight:
            self._highlight = value
            self.events.highlight.emit(*value)

    @property
    def suggestions(self) -> tuple[str, ...]:
        return self._suggestions

    def set_sport(self, sport: str) -> None:
        suggestions = BASEBALL_QUESTIONS if sport == "baseball" else GOLF_QUESTIONS
        if suggestions != self._suggestions:
            self._suggestions = suggestions
            self.events.suggestions.emit(suggestions)
