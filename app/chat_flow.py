"""A question's way from the coach to the saved answer (no widgets): wait for the clip's motion, prepare the clip
for the engine, stream the answer. One question at a time.

- The motion comes from the app's own analysis job (the controller's queue); a question asked before it exists
  waits for that job instead of estimating the motion a second time.
- The engine's prepared clip is made in its own worker and kept here on the GUI thread (received by signal), one
  per clip and clip settings (sport, capture rate): a re-analysis with other settings drops it (`invalidate`), and
  a prepared clip made under settings that changed meanwhile is never kept.
- Stopping keeps the partial answer, marked "[stopped]".
"""

from __future__ import annotations

import dataclasses
import time
from collections import OrderedDict

from PySide6.QtCore import QObject, Signal

from app import services
from app.store import ChatRecord
from app.workers import Worker

MAX_PREPARED = 4     # prepared clips kept (each holds the clip's features and the prompt's key/value cache)


@dataclasses.dataclass
class Question:
    clip_id: int
    text: str
    history: list[tuple[str, str]]
    stage: str = "motion"              # "motion" (waiting for the analysis job), "prepare", "answer"


class ChatFlow(QObject):
    settled = Signal(str)              # "done", "failed", "cancelled"

    def __init__(self, controller) -> None:
        super().__init__()
        self.c = controller
        self.question: Question | None = None
        self._worker: Worker | None = None
        self._prepared: OrderedDict[int, tuple[object, object]] = OrderedDict()   # clip id -> (settings, prepared)

    # ---- the coach's actions ------------------------------------------------------------------------------------
    def ask(self, text: str) -> bool:
        """Ask about the open clip; False (with a message) when it cannot be asked now."""
        c = self.c
        text, clip = text.strip(), c.session.clip
        if not text:
            return False
        if not c.chat.can_ask or c.engine is None:
            c.session.report("warning", "The model is not ready: " + c.chat.model_state[1])
            return False
        if clip is None:
            c.session.report("warning", "Open a clip before asking about it.")
            return False
        if c.session.motion is None and not c.motion_coming(clip.id):
            record = c.library.get(clip.id)      # the library's record carries the last job's outcome
            if record.status == "failed":
                c.session.report("warning", f"This clip has no motion to ask about ({record.error}). "
                                            "Fix that and press Analyse, then ask again.")
                return False
            c.retry_analysis()
        self.question = Question(clip.id, text, _turns(c.chat.history))
        c.add_chat(clip.id, ChatRecord("user", text))
        c.chat.set_streaming(True)
        self._advance()
        return True

    def stop(self) -> None:
        if self.question is None:
            return
        if self._worker is not None:
            self._worker.cancel()       # its was_cancelled finishes the question
        else:
            self._finish("cancelled")

    # ---- what the controller tells the flow ---------------------------------------------------------------------
    def on_clip_processed(self, clip_id: int) -> None:
        """The analysis job of a clip settled: a question waiting for that clip's motion goes on, or fails."""
        q = self.question
        if q is None or q.stage != "motion" or q.clip_id != clip_id:
            return
        if self.c.motion_coming(clip_id):     # queued again (the coach changed a setting): keep waiting
            return
        if self.c.session.motion is not None and self.c.is_open(clip_id):
            self._advance()
        else:
            state, message = self.c.session.analysis_state
            self._fail(f"The question was not answered: the clip's motion is missing ({message or state}).")

    def invalidate(self, clip_id: int) -> None:
        """The clip's analysis settings changed: its prepared clip is out of date."""
        self._prepared.pop(clip_id, None)

    def forget(self, clip_id: int) -> None:
        """The clip left the library (or was closed): drop its prepared clip and stop a question about it."""
        self.invalidate(clip_id)
        if self.question is not None and self.question.clip_id == clip_id:
            self.stop()

    @property
    def prepared_clips(self) -> list[int]:
        return list(self._prepared)

    # ---- stages ---------------------------------------------------------------------------------------------------
    def _advance(self) -> None:
        q, c = self.question, self.c
        if c.session.motion is None:
            q.stage = "motion"
            return
        record = c.library.get(q.clip_id)
        settings = c.clip_settings(record)
        kept = self._prepared.get(q.clip_id)
        if kept is not None and kept[0] == settings:
            self._prepared.move_to_end(q.clip_id)
            self._start_answer(kept[1])
        else:
            self._start_prepare(record, settings)

    def _start_prepare(self, record, settings) -> None:
        self.question.stage = "prepare"
        engine, motion = self.c.engine, self.c.session.motion
        worker = Worker("clip preparation", lambda task: services.prepare(engine, record, motion, task))
        worker.succeeded.connect(lambda prepared: self._on_prepared(worker, record.id, settings, prepared))
        self._connect_endings(worker, partial=False)
        self._run(worker)

    def _on_prepared(self, worker: Worker, clip_id: int, settings, prepared) -> None:
        record = self.c.library.get(clip_id)
        if record is not None and self.c.clip_settings(record) == settings:
            self._prepared[clip_id] = (settings, prepared)
            while len(self._prepared) > MAX_PREPARED:
                self._prepared.popitem(last=False)
        if worker is self._worker:
            self._start_answer(prepared)

    def _start_answer(self, prepared) -> None:
        q = self.question
        q.stage = "answer"
        engine = self.c.engine

        def job(task):
            t0 = time.perf_counter()
            return services.ask(engine, prepared, q.text, q.history, task), time.perf_counter() - t0

        worker = Worker("answer generation", job)
        worker.streamed.connect(lambda piece: worker is self._worker and self.c.chat.append_partial(piece))
        worker.succeeded.connect(lambda result: self._on_answer(worker, *result))
        self._connect_endings(worker, partial=True)
        self._run(worker)

    def _on_answer(self, worker: Worker, answer, seconds: float) -> None:
        if worker is not self._worker:
            return
        record = ChatRecord("assistant", answer.text, list(answer.viewpoint_frames), list(answer.frame_scores))
        self._save(record)
        self._finish("done")

    # ---- endings --------------------------------------------------------------------------------------------------
    def _connect_endings(self, worker: Worker, partial: bool) -> None:
        worker.failed.connect(lambda msg: worker is self._worker and self._fail(msg))
        worker.unavailable.connect(lambda msg: worker is self._worker and self._fail(msg))
        worker.was_cancelled.connect(lambda: worker is self._worker and self._on_cancelled(partial))

    def _on_cancelled(self, partial: bool) -> None:
        text = self.c.chat.partial.strip()
        if partial and text:
            self._save(ChatRecord("assistant", text + " [stopped]"))
        self._finish("cancelled")

    def _fail(self, message: str) -> None:
        self.c.session.report("error", message)
        self._finish("failed")

    def _save(self, record: ChatRecord) -> None:
        if self.c.library.get(self.question.clip_id) is not None:
            self.c.add_chat(self.question.clip_id, record)

    def _finish(self, outcome: str) -> None:
        self.question, self._worker = None, None
        self.c.chat.set_streaming(False)      # before settled: a next question may follow at once
        self.settled.emit(outcome)

    def _run(self, worker: Worker) -> None:
        self._worker = worker
        self.c.launch(worker)


def _turns(records: list[ChatRecord]) -> list[tuple[str, str]]:
    """(question, answer) pairs of a chat history (a question without an answer is left out)."""
    turns = []
    for question, answer in zip(records, records[1:]):
        if question.role == "user" and answer.role == "assistant":
            turns.append((question.text, answer.text))
    return turns
