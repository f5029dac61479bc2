"""The controller: turns the coach's actions into model changes and background work.

It owns the models (library, session, playback clock, chat, annotations), the thread pool and the workers. Views call its
methods and subscribe to the models; nothing here draws. The GUI thread never waits on a worker.
"""

from __future__ import annotations

import json
import pathlib

from PySide6.QtCore import QObject, QThreadPool, Signal

from app import report_export, services
from app.annotations import AnnotationsModel
from app.chat import ChatModel
from app.chat_flow import ChatFlow
from app.library import Library
from app.playback import PlaybackClock
from app.session import Progress, Session
from app.store import AnnotationRecord, ChatRecord, ClipRecord, Store
from app.workers import Worker

SAMPLES_DIR = pathlib.Path(__file__).resolve().parents[1] / "assets" / "samples"
FIRST_SAMPLE = "sample_golf_swing"    # the clip a newcomer sees on first start (every panel has something to show)


class Controller(QObject):
    # Emitted (GUI thread) when background work settles; tests and the bench wait on these.
    clip_processed = Signal(int)      # clip id whose motion/analysis job finished (any outcome)
    video_loaded = Signal(int)
    engine_settled = Signal(str)      # model state after loading
    answer_settled = Signal(str)      # "done", "failed", "cancelled"

    def __init__(self, store: Store, pool: QThreadPool | None = None) -> None:
        super().__init__()
        self.store = store
        self.library = Library(store)
        self.session = Session()
        self.clock = PlaybackClock()
        self.chat = ChatModel()
        self.annotations = AnnotationsModel()
        self.pool = pool or QThreadPool()
        self.pool.setMaxThreadCount(max(3, self.pool.maxThreadCount()))
        self.engine = None
        self._queue: list[int] = []            # clip ids waiting for motion + analysis
        self._job: Worker | None = None        # the running motion + analysis job
        self._job_clip: int | None = None
        self._video_job: Worker | None = None
        self._workers: set[Worker] = set()     # keep running workers alive
        self.flow = ChatFlow(self)             # questions: wait for motion, prepare, answer
        self.flow.settled.connect(self.answer_settled)
        if store.notice:
            self.session.report("warning", store.notice)

    # ---- start-up ------------------------------------------------------------------------------------------
    def start(self, paths=(), load_model: bool = True) -> None:
        """Seed the bundled samples (first start), load the model in the background, open clips."""
        seeded = self.add_samples()
        if load_model:
            self.load_model()
        else:
            self.chat.set_model_state("unavailable", "Model loading is turned off.")
        added = self.add_paths(paths) if paths else []
        if not added and self.session.clip is None and self.library.clips:
            first = next((r for r in seeded if pathlib.Path(r.path).stem == FIRST_SAMPLE), self.library.clips[0])
            self.open_clip(first.id)

    def add_samples(self) -> list[ClipRecord]:
        """Add the bundled sample clips once (a coach who removes them does not get them back)."""
        seeded = set(filter(None, (self.store.setting("samples_seeded") or "").split("\n")))
        new = [p for p in services.find_clips([SAMPLES_DIR]) if p.name not in seeded] if SAMPLES_DIR.exists() else []
        records = [self.library.add(p, sport=_sport_from_name(p.name), athlete="Sample")[0] for p in new]
        if new:
            self.store.set_setting("samples_seeded", "\n".join(sorted(seeded | {p.name for p in new})))
        return records

    # ---- library ---------------------------------------------------------------------------------------------
    def add_paths(self, paths) -> list[ClipRecord]:
        """Add dropped/opened files and folders; opens the first one; queues the rest for analysis."""
        paths = [pathlib.Path(p) for p in paths]
        clips = services.find_clips(paths)
        missing = [p for p in paths if not p.exists()]
        ignored = [p for p in paths if p.exists() and not p.is_dir() and p not in clips]
        if missing:
            self.session.report("error", "Not found: " + ", ".join(p.name for p in missing) + ". Check the path.")
        if ignored:
            self.session.report("error", "Not a video or motion file: " + ", ".join(p.name for p in ignored)
                                + f". Add {', '.join(services.CLIP_SUFFIXES)} files.")
        if not clips and not missing and not ignored:
            self.session.report("warning", "No clips found in " + ", ".join(p.name for p in paths) + ".")
        records = []
        for p in clips:
            record, _ = self.library.add(p, sport=_sport_from_name(p.name))
            records.append(record)
            if record.status != "ready" and record.id not in self._queue:
                self._queue.append(record.id)
        if records:
            self.open_clip(records[0].id)
        self._run_next_job()
        return records

    def remove_clip(self, clip_id: int) -> None:
        if self.session.clip is not None and self.session.clip.id == clip_id:
            self.close_clip()
        if self._job_clip == clip_id and self._job is not None:
            self._job.cancel()
        self._queue = [c for c in self._queue if c != clip_id]
        self.flow.forget(clip_id)
        self.library.remove(clip_id)

    def update_clip(self, clip_id: int, **fields) -> bool:
        """The coach edited a clip's details; a change of the sport or the capture rate re-analyses it and drops
        the chat's prepared clip. False (with a message) for a value the library refuses."""
        before = self.library.get(clip_id)
        try:
            record = self.library.update(clip_id, **fields)
        except ValueError as e:
            self.session.report("error", f"{e}.")
            return False
        if self.is_open(clip_id):
            self.session.set_clip(record)
            self.chat.set_sport(record.sport)
            self.clock.set_capture_fps(record.capture_fps)
        if before is not None and self.clip_settings(before) != self.clip_settings(record):
            self.flow.invalidate(clip_id)
            self._queue = [clip_id] + [c for c in self._queue if c != clip_id]   # the analysis depends on them
            self._run_next_job()
        return True

    @staticmethod
    def clip_settings(record: ClipRecord) -> tuple:
        """What a clip's analysis depends on (the sport override, the rate it was recorded at)."""
        return record.sport, record.capture_fps

    # ---- opening a clip ----------------------------------------------------------------------------------------
    def open_clip(self, clip_id: int) -> None:
        record = self.library.get(clip_id)
        if record is None or (self.session.clip is not None and self.session.clip.id == clip_id):
            return
        if self._video_job is not None:
            self._video_job.cancel()
        self.flow.stop()
        self.clock.set_length(0, record.fps or 30.0, record.capture_fps)   # known once it was analysed
        self.session.set_clip(record)
        self.chat.set_sport(record.sport)
        self.chat.set_history(self.store.chat(clip_id))
        self.annotations.set_items(self.store.annotations(clip_id))
        if services.is_video(record.path):
            self._start_video(record)
        if self._job_clip == clip_id:
            self.session.set_analysis_state("running")
        else:
            self._queue = [clip_id] + [c for c in self._queue if c != clip_id]
            self._run_next_job()

    def close_clip(self) -> None:
        self.flow.stop()
        self.clock.set_length(0, 30.0)
        self.session.set_clip(None)
        self.chat.set_history([])
        self.annotations.set_items([])

    def retry_analysis(self) -> None:
        clip = self.session.clip
        if clip is not None and self._job_clip != clip.id:
            self._queue = [clip.id] + [c for c in self._queue if c != clip.id]
            self._run_next_job()

    def cancel_analysis(self) -> None:
        if self._job is not None:
            self._job.cancel()

    def _start_video(self, record: ClipRecord) -> None:
        worker = Worker("video decoding", lambda task: services.decode_video(record.path, task))
        worker.succeeded.connect(lambda cache: self._on_video(record.id, cache))
        worker.failed.connect(lambda msg: self._on_video_failed(record.id, msg))
        worker.finished.connect(lambda: self.video_loaded.emit(record.id))
        self._video_job = worker
        self.launch(worker)

    def _on_video(self, clip_id: int, cache) -> None:
        if not self.is_open(clip_id):
            cache.close()
            return
        self.session.set_video(cache)
        if self.session.motion is None:
            self.clock.set_length(cache.num_frames, cache.fps, self.session.clip.capture_fps)

    def _on_video_failed(self, clip_id: int, message: str) -> None:
        if self.is_open(clip_id):
            self.session.report("error", message)

    # ---- motion + analysis jobs ----------------------------------------------------------------------------------
    def _run_next_job(self) -> None:
        if self._job is not None or not self._queue:
            return
        clip_id = self._queue.pop(0)
        record = self.library.get(clip_id)
        if record is None:
            return self._run_next_job()
        store = self.store

        def job(task):
            thumbnail = None
            if record.thumbnail is None and services.is_video(record.path):
                thumbnail = services.video_thumbnail(record.path)
            motion, estimated = services.load_or_estimate_motion(record, store, task)
            task.check()
            analysis, state, reason = services.analyze_keeping_motion(motion, record.sport, task)
            return motion, estimated, analysis, state, reason, thumbnail

        worker = Worker(f"analysis of {record.title}", job)
        worker.progressed.connect(lambda stage, d, t: self._on_job_progress(clip_id, stage, d, t))
        worker.succeeded.connect(lambda result: self._on_job_done(clip_id, *result))
        worker.failed.connect(lambda msg: self._on_job_failed(clip_id, msg))
        worker.was_cancelled.connect(lambda: self._on_job_cancelled(clip_id))
        worker.finished.connect(lambda: self._on_job_finished(clip_id))
        self._job, self._job_clip = worker, clip_id
        self.library.update(clip_id, status="analyzing", error="")
        if self.is_open(clip_id):
            self.session.set_analysis_state("running")
        self.launch(worker)

    def _on_job_progress(self, clip_id: int, stage: str, done: int, total: int) -> None:
        if self.is_open(clip_id):
            self.session.set_progress(Progress(stage, done, total))

    def _on_job_done(self, clip_id: int, motion, estimated: bool, analysis, state: str, reason: str,
                     thumbnail: bytes | None) -> None:
        playback_fps = float(motion.meta.get("playback_fps", motion.fps))   # the file's rate, not real time
        fields = dict(status="ready", error="", fps=playback_fps, num_frames=motion.num_frames)
        if thumbnail is not None:
            fields["thumbnail"] = thumbnail
        if estimated:
            fields["motion_file"] = str(self.store.motion_path(clip_id).relative_to(self.store.root))
        if analysis is not None:
            fields["analysis_json"] = _analysis_json(analysis)
        self.library.update(clip_id, **fields)
        if self.is_open(clip_id):
            self.session.set_motion(motion)
            if self.session.video is None or self.clock.num_frames == 0:
                self.clock.set_length(motion.num_frames, playback_fps, self.session.clip.capture_fps)
            self.session.set_analysis(analysis)
            self.session.set_analysis_state(state, reason)
            if analysis is not None and analysis.sport in ("golf", "baseball"):
                self.chat.set_sport(analysis.sport)
            if state == "failed":
                self.session.report("error", reason)

    def _on_job_failed(self, clip_id: int, message: str) -> None:
        self.library.update(clip_id, status="failed", error=message)
        if self.is_open(clip_id):
            self.session.set_analysis_state("failed", message)
            self.session.report("error", message)

    def _on_job_cancelled(self, clip_id: int) -> None:
        if self.library.get(clip_id) is not None:
            self.library.update(clip_id, status="new")
        if self.is_open(clip_id):
            self.session.set_analysis_state("cancelled", "Analysis cancelled. Press Analyse to run it again.")

    def _on_job_finished(self, clip_id: int) -> None:
        self._job, self._job_clip = None, None
        if self.is_open(clip_id):
            self.session.set_progress(None)
        self.flow.on_clip_processed(clip_id)
        self.clip_processed.emit(clip_id)
        self._run_next_job()

    # ---- the model ---------------------------------------------------------------------------------------------
    def load_model(self) -> None:
        self.chat.set_model_state("loading", "Loading the motion-language model...")
        worker = Worker("model loading", services.load_engine)
        worker.succeeded.connect(self._on_engine)
        worker.unavailable.connect(lambda msg: self._engine_settled("unavailable", msg))
        worker.failed.connect(lambda msg: self._engine_settled("error", msg))
        self.launch(worker)

    def _on_engine(self, engine) -> None:
        self.engine = engine
        if engine.is_trained:
            self._engine_settled("ready", "Model ready.")
        else:
            self._engine_settled("untrained", "The model's weights are untrained: answers are not coaching advice.")

    def _engine_settled(self, state: str, message: str) -> None:
        self.chat.set_model_state(state, message)
        self.engine_settled.emit(state)

    def ask(self, question: str) -> bool:
        """Ask about the open clip; False (with a message) when it cannot be asked now (see chat_flow)."""
        return self.flow.ask(question)

    def stop_answer(self) -> None:
        self.flow.stop()

    def add_chat(self, clip_id: int, record: ChatRecord) -> None:
        saved = self.store.add_chat(clip_id, record)
        if self.is_open(clip_id):
            self.chat.add(saved)

    def clear_chat(self) -> None:
        if self.session.clip is not None:
            self.store.clear_chat(self.session.clip.id)
            self.chat.set_history([])

    # ---- annotations ----------------------------------------------------------------------------------------------
    def annotate_at(self, frame: int, x: float, y: float) -> AnnotationRecord | None:
        """A click of the annotation tool on the video; saves the annotation when the click finishes one."""
        model = self.annotations
        if model.tool == "note" and not model.label.strip():
            self.session.report("warning", "Type the note's text in the Annotations panel first, then click on "
                                           "the video where it points.")
            return None
        done = model.add_point(x, y)
        if done is None:
            return None
        kind, points = done
        return self._save_annotation(AnnotationRecord(frame, kind, points, model.label.strip()))

    def add_frame_note(self, frame: int, text: str) -> AnnotationRecord | None:
        """A note on a whole frame (no point)."""
        if not text.strip():
            self.session.report("warning", "Type the note's text first.")
            return None
        return self._save_annotation(AnnotationRecord(frame, "note", [], text.strip()))

    def _save_annotation(self, record: AnnotationRecord) -> AnnotationRecord | None:
        clip = self.session.clip
        if clip is None:
            self.session.report("warning", "Open a clip before annotating.")
            return None
        saved = self.store.add_annotation(clip.id, record)
        self.annotations.add(saved)
        self.annotations.set_label("")
        self.annotations.select(saved.id)
        return saved

    def remove_annotation(self, annotation_id: int) -> None:
        self.store.remove_annotation(annotation_id)
        self.annotations.remove(annotation_id)

    # ---- report export --------------------------------------------------------------------------------------------
    def report_content(self, athlete: str | None = None, date=None):
        """The open clip's report content, or None (with a message) while it has no analysis."""
        clip, motion, analysis = self.session.clip, self.session.motion, self.session.analysis
        if clip is None or motion is None or analysis is None:
            self.session.report("warning", "Open a clip and wait for its analysis before exporting a report.")
            return None
        return report_export.report_content(clip, motion, analysis, self.chat.history, self.annotations.items,
                                            athlete=athlete, date=date)

    def build_preview(self, content, connect=None) -> Worker:
        """Render the report's figures in the background. `connect(worker)` is called before it starts, to
        connect the caller's slots (a fast worker could otherwise finish first)."""
        worker = Worker("report preview", lambda task: report_export.build_preview(content, task))
        worker.failed.connect(lambda msg: self.session.report("error", msg))
        if connect is not None:
            connect(worker)
        self.launch(worker)
        return worker

    def export_report(self, content, paths: dict, connect=None) -> Worker:
        """Write the report files in the background; the outcome is reported in the message bar.
        `connect(worker)` is called before it starts."""
        worker = Worker("report export", lambda task: report_export.run_export(content, paths, task))
        worker.succeeded.connect(lambda written: self.session.report(
            "info", "Report written: " + ", ".join(written)))
        worker.failed.connect(lambda msg: self.session.report("error", msg))
        worker.was_cancelled.connect(lambda: self.session.report("info", "Export cancelled; no file was written."))
        if connect is not None:
            connect(worker)
        self.launch(worker)
        return worker

    # ---- shutdown ----------------------------------------------------------------------------------------------
    def shutdown(self, wait_ms: int = 3000) -> None:
        """Cancel everything running and wait briefly for the workers (on quit)."""
        for worker in list(self._workers):
            worker.cancel()
        self.flow.stop()
        self.pool.waitForDone(wait_ms)
        self.session.set_video(None)

    # ---- helpers -------------------------------------------------------------------------------------------------
    def motion_coming(self, clip_id: int) -> bool:
        """True while the clip's motion + analysis job runs or waits in the queue."""
        return self._job_clip == clip_id or clip_id in self._queue

    def is_open(self, clip_id: int) -> bool:
        return self.session.clip is not None and self.session.clip.id == clip_id

    def launch(self, worker: Worker) -> None:
        self._workers.add(worker)
        worker.finished.connect(lambda: self._workers.discard(worker))
        worker.start(self.pool)


def _sport_from_name(name: str) -> str:
    """A sport hint from the file name; "auto" lets the analysis decide."""
    name = name.lower()
    return "baseball" if "baseball" in name else "golf" if "golf" in name else "auto"


def _analysis_json(analysis) -> str:
    return json.dumps(analysis.to_dict())

