"""The controller: clips in, motion and analysis out through workers; errors reported, nothing lost; chat
streaming and stopping (with a scripted engine, the real one is exercised by the end-to-end test)."""

import dataclasses
import threading

import numpy as np
import pytest

from app import controller as controller_module
from app.controller import Controller
from app.store import Store


@pytest.fixture
def ctl(qtbot, monkeypatch, tmp_path):
    monkeypatch.setattr(controller_module, "SAMPLES_DIR", tmp_path / "no-samples")
    c = Controller(Store())
    yield c
    c.shutdown()


def wait_processed(qtbot, c):
    qtbot.waitUntil(lambda: c._job is None and not c._queue, timeout=20000)


def test_motion_clip_is_analysed_in_the_background(qtbot, ctl, golf_npz, golf_swing):
    states = []
    ctl.session.events.analysis_state.connect(lambda s, m: states.append(s))
    [record] = ctl.add_paths([golf_npz])
    wait_processed(qtbot, ctl)
    assert states[0] == "running" and ctl.session.analysis_state[0] == "ready"
    assert ctl.session.motion.num_frames == golf_swing.motion.num_frames
    assert ctl.clock.num_frames == golf_swing.motion.num_frames
    assert ctl.session.analysis.sport == "golf" and ctl.session.analysis.swings
    assert ctl.library.get(record.id).status == "ready" and ctl.store.clip(record.id).analysis_json
    assert ctl.chat.suggestions[0] == "What is my tempo ratio?"


def test_folder_drop_adds_every_clip(qtbot, ctl, golf_npz):
    (golf_npz.parent / "notes.txt").write_text("not a clip")
    records = ctl.add_paths([golf_npz.parent])
    assert [r.title for r in records] == ["synth golf"]
    wait_processed(qtbot, ctl)


def test_bad_inputs_are_reported_and_nothing_is_lost(qtbot, ctl, golf_npz, tmp_path):
    messages = []
    ctl.session.events.message.connect(lambda level, text: messages.append((level, text)))
    ctl.add_paths([golf_npz])
    wait_processed(qtbot, ctl)
    ctl.add_paths([tmp_path / "missing.mp4"])
    assert messages[-1][0] == "error" and "missing.mp4" in messages[-1][1]
    txt = tmp_path / "readme.txt"
    txt.write_text("x")
    ctl.add_paths([txt])
    assert "Not a video" in messages[-1][1]
    broken = tmp_path / "broken.mp4"
    broken.write_bytes(b"\x00" * 1000)
    [bad] = ctl.add_paths([broken])
    wait_processed(qtbot, ctl)
    assert ctl.library.get(bad.id).status == "failed"
    assert ctl.session.analysis_state[0] == "failed" and "broken.mp4" in ctl.session.analysis_state[1]
    assert len(ctl.library.clips) == 2                  # the good clip is still there
    ctl.open_clip(ctl.library.clips[0].id)
    wait_processed(qtbot, ctl)
    assert ctl.session.analysis_state[0] == "ready"


def test_changing_the_sport_reanalyses(qtbot, ctl, golf_npz):
    [record] = ctl.add_paths([golf_npz])
    wait_processed(qtbot, ctl)
    first = ctl.session.analysis
    ctl.update_clip(record.id, sport="baseball")
    wait_processed(qtbot, ctl)
    assert ctl.session.analysis is not first and ctl.session.analysis.sport in ("baseball", "none")


def test_samples_are_added_once(qtbot, monkeypatch, tmp_path, golf_npz):
    monkeypatch.setattr(controller_module, "SAMPLES_DIR", golf_npz.parent)
    c = Controller(Store())
    c.start(load_model=False)
    assert [r.athlete for r in c.library.clips] == ["Sample"] and c.session.clip is not None
    wait_processed(qtbot, c)
    c.remove_clip(c.library.clips[0].id)
    c.shutdown()
    again = Controller(Store())
    again.start(load_model=False)
    assert again.library.clips == []          # removed by the coach: not re-added
    assert again.chat.model_state[0] == "unavailable"
    again.shutdown()


def test_first_start_opens_the_sample_swing(qtbot, monkeypatch, tmp_path, golf_npz):
    samples = tmp_path / "samples"
    samples.mkdir()
    for name in ("a_walk.npz", f"{controller_module.FIRST_SAMPLE}.npz", "z_other.npz"):
        (samples / name).write_bytes(golf_npz.read_bytes())
    monkeypatch.setattr(controller_module, "SAMPLES_DIR", samples)
    c = Controller(Store())
    c.start(load_model=False)
    assert len(c.library.clips) == 3
    assert c.session.clip.path.endswith(f"{controller_module.FIRST_SAMPLE}.npz")
    wait_processed(qtbot, c)
    c.shutdown()


# ---- chat with a scripted engine -------------------------------------------------------------------------------
@dataclasses.dataclass
class ScriptedAnswer:
    text: str
    viewpoint_frames: list
    frame_scores: np.ndarray
    cancelled: bool = False


class Gate:
    """Lets the scripted answer's pieces through: all of them (open), or `release(n)` at a time (held)."""

    def __init__(self):
        self._open = threading.Event()
        self._open.set()
        self._tokens = threading.Semaphore(0)

    def hold(self):
        self._open.clear()

    def release(self, n=1):
        self._tokens.release(n)

    def open(self):
        self._open.set()
        self._tokens.release(100)

    def wait(self, timeout=5):
        if not self._open.is_set():
            self._tokens.acquire(timeout=timeout)


class ScriptedStream:
    def __init__(self, pieces, cancel, gate):
        self.pieces, self.cancel_event, self.gate, self.answer = pieces, cancel, gate, None

    def __iter__(self):
        out = []
        for piece in self.pieces:
            self.gate.wait()
            if self.cancel_event.is_set():
                break
            out.append(piece)
            yield piece
        self.answer = ScriptedAnswer("".join(out), [3, 7], np.linspace(0, 1, 10), self.cancel_event.is_set())


class ScriptedEngine:
    """Answers with fixed pieces; `gate` lets a test hold generation mid-answer."""

    is_trained = False

    def __init__(self):
        self.gate = Gate()
        self.questions = []
        self.prepared = []

    def prepare(self, clip, motion=None, cancel=None, progress=None, **settings):
        self.prepared.append((clip, motion, settings))
        return {"clip": clip, "motion": motion, "settings": settings}

    def ask(self, prepared, question, history, cancel=None):
        self.questions.append((question, list(history)))
        return ScriptedStream(["Impact ", "is ", "frame 7."], cancel, self.gate)


def test_ask_streams_and_saves_the_answer(qtbot, ctl, golf_npz):
    [record] = ctl.add_paths([golf_npz])
    wait_processed(qtbot, ctl)
    engine = ctl.engine = ScriptedEngine()
    ctl.chat.set_model_state("untrained", "")
    partials = []
    ctl.chat.events.partial.connect(partials.append)
    with qtbot.waitSignal(ctl.answer_settled, timeout=10000) as blocker:
        assert ctl.ask("When is impact?")
    assert blocker.args == ["done"]
    assert partials[-1] == "Impact is frame 7."
    history = ctl.store.chat(record.id)
    assert [(r.role, r.text) for r in history] == [("user", "When is impact?"), ("assistant", "Impact is frame 7.")]
    assert ctl.chat.highlight[0] == [3, 7] and len(ctl.chat.highlight[1]) == 10
    with qtbot.waitSignal(ctl.answer_settled, timeout=10000):
        ctl.ask("And the top?")
    assert engine.questions[1][1] == [("When is impact?", "Impact is frame 7.")]   # history goes along


def test_stop_keeps_the_partial_answer(qtbot, ctl, golf_npz):
    [record] = ctl.add_paths([golf_npz])
    wait_processed(qtbot, ctl)
    engine = ctl.engine = ScriptedEngine()
    ctl.chat.set_model_state("ready", "")
    engine.gate.hold()
    ctl.ask("When is impact?")
    assert ctl.chat.streaming and not ctl.chat.can_ask
    engine.gate.release(1)                                  # one piece of the answer, then the coach stops
    qtbot.waitUntil(lambda: ctl.chat.partial == "Impact ", timeout=10000)
    ctl.stop_answer()
    engine.gate.open()
    qtbot.waitUntil(lambda: not ctl.chat.streaming, timeout=10000)
    texts = [r.text for r in ctl.store.chat(record.id)]
    assert texts == ["When is impact?", "Impact [stopped]"]
    assert [r.text for r in ctl.chat.history] == texts


def test_ask_refuses_when_not_ready(qtbot, ctl):
    messages = []
    ctl.session.events.message.connect(lambda level, text: messages.append(text))
    assert not ctl.ask("hello")
    assert "not ready" in messages[-1]


def test_a_reanalysis_drops_the_prepared_clip(qtbot, ctl, golf_npz):
    [record] = ctl.add_paths([golf_npz])
    wait_processed(qtbot, ctl)
    engine = ctl.engine = ScriptedEngine()
    ctl.chat.set_model_state("ready", "")
    for question in ("When is impact?", "And the top?"):
        with qtbot.waitSignal(ctl.answer_settled, timeout=10000):
            assert ctl.ask(question)
    assert len(engine.prepared) == 1 and ctl.flow.prepared_clips == [record.id]   # prepared once, kept
    for change in (dict(sport="baseball"), dict(capture_fps=240.0)):
        ctl.update_clip(record.id, **change)
        assert ctl.flow.prepared_clips == []                  # out of date the moment the setting changes
        wait_processed(qtbot, ctl)
        with qtbot.waitSignal(ctl.answer_settled, timeout=10000):
            assert ctl.ask("When is impact?")
        assert engine.prepared[-1][0] is ctl.session.motion   # prepared again, from the re-analysed clip
    assert len(engine.prepared) == 3
    ctl.update_clip(record.id, athlete="Ann")                 # not an analysis setting: nothing is redone
    assert ctl.flow.prepared_clips == [record.id] and not ctl.motion_coming(record.id)


def test_a_question_before_the_motion_waits_for_the_analysis_job(qtbot, ctl, golf_npz):
    engine = ctl.engine = ScriptedEngine()
    ctl.chat.set_model_state("ready", "")
    [record] = ctl.add_paths([golf_npz])
    assert ctl.session.motion is None and ctl.motion_coming(record.id)
    with qtbot.waitSignal(ctl.answer_settled, timeout=20000) as blocker:
        assert ctl.ask("When is impact?")
        assert engine.prepared == []                           # nothing is prepared before the motion exists
    assert blocker.args == ["done"]
    [(clip, motion, _)] = engine.prepared
    assert clip is ctl.session.motion and motion is None       # the app's own motion, prepared once
    assert [r.text for r in ctl.store.chat(record.id)] == ["When is impact?", "Impact is frame 7."]


def test_a_question_on_a_clip_whose_motion_fails_never_prepares_the_video(qtbot, ctl, tmp_path):
    engine = ctl.engine = ScriptedEngine()
    ctl.chat.set_model_state("ready", "")
    broken = tmp_path / "broken.mp4"
    broken.write_bytes(b"\x00" * 1000)
    messages = []
    ctl.session.events.message.connect(lambda level, text: messages.append((level, text)))
    ctl.add_paths([broken])
    with qtbot.waitSignal(ctl.answer_settled, timeout=20000) as blocker:
        assert ctl.ask("When is impact?")
    assert blocker.args == ["failed"] and engine.prepared == []   # no second estimation from the video
    assert "not answered" in messages[-1][1] and not ctl.chat.streaming
    assert not ctl.ask("When is impact?") and "no motion" in messages[-1][1]
