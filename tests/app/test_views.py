"""Qt views in the model -> view style: change a model, assert on the widget (offscreen)."""


import numpy as np
import pytest

from app.chat import ChatModel
from app.playback import PlaybackClock
from app.session import Session
from app.store import ChatRecord, ClipRecord


@pytest.fixture
def analysed(golf_swing):
    from llamo_engine.analysis import analyze
    return golf_swing.motion, analyze(golf_swing.motion)


def test_player_follows_clock_and_drives_it(qtbot, tiny_motion):
    from app.qt_player import PlayerView
    session, clock = Session(), PlaybackClock()
    view = PlayerView(session, clock)
    qtbot.addWidget(view)
    assert not view.play_button.isEnabled()
    clock.set_length(10, 30.0)
    clock.seek(7)
    assert view.slider.value() == 7 and "#   7" in view.time_label.text()
    view.slider.setValue(3)                 # scrubbing moves the clock
    assert clock.frame == 3
    view.speed_box.setCurrentIndex(view.speed_box.findData(0.5))
    assert clock.speed == 0.5
    clock.set_speed(2.0)
    assert view.speed_box.currentData() == 2.0
    assert not view.overlay_box.isEnabled()           # no image landmarks in this motion
    view.close()
    clock.seek(1)                                      # disconnected: no error, no update
    assert view.slider.value() == 3


def test_player_canvas_paints_video_frames(qtbot):
    from app.frames import FrameCache
    from app.qt_player import PlayerView
    session, clock = Session(), PlaybackClock()
    view = PlayerView(session, clock)
    qtbot.addWidget(view)
    view.resize(400, 300)
    session.set_clip(ClipRecord(1, "/x.mp4", "x"))
    assert view.canvas.placeholder() == "Decoding video..."
    cache = FrameCache("/x.mp4", 3, 30.0, (64, 48))
    for i in range(3):
        cache.put(i, np.full((48, 64, 3), 80 * i, np.uint8))
    session.set_video(cache)
    clock.set_length(3, 30.0)
    clock.seek(2)
    image = view.canvas.grab().toImage()
    centre = image.pixelColor(image.width() // 2, image.height() // 2)
    assert centre.red() == 160                                  # frame 2's grey


def test_metrics_panel_shows_the_swing_and_seeks(qtbot, analysed):
    from app.qt_metrics import MetricsView
    motion, analysis = analysed
    session, clock = Session(), PlaybackClock()
    clock.set_length(motion.num_frames, motion.fps)
    view = MetricsView(session, clock)
    qtbot.addWidget(view)
    assert view.table.rowCount() == 0
    session.set_analysis_state("unavailable", "no engine")
    assert "unavailable" in view.empty.text()
    session.set_analysis(analysis)
    metrics = analysis.swings[0].metrics
    assert view.table.rowCount() == len(metrics)
    assert view.table.item(0, 0).text() == "Tempo ratio"
    assert view.table.item(0, 1).text() == f"{metrics['tempo_ratio'].value:.2f}"
    row = next(r for r in range(view.table.rowCount()) if view.table.item(r, 0).data(0x0100) is not None)
    view._on_row_clicked(row, 0)
    assert clock.frame == view.table.item(row, 0).data(0x0100)
    assert view.faults.count() == len(analysis.swings[0].faults)


def test_timeline_view_shows_curves_events_and_highlight(qtbot, analysed):
    from app.qt_timeline import TimelineView
    motion, analysis = analysed
    session, clock, chat = Session(), PlaybackClock(), ChatModel()
    view = TimelineView(session, clock, chat)
    qtbot.addWidget(view)
    clock.set_length(motion.num_frames, motion.fps)
    session.set_motion(motion)
    session.set_analysis(analysis)
    assert set(view.plots.curve_items) == {"pelvis_rotation", "thorax_rotation", "x_factor", "hand_speed"}
    assert len(view.plots.event_items) == sum(len(s.events) for s in analysis.swings)
    view.curve_menu.actions()[0].setChecked(False)          # unticking a curve updates the session
    assert "pelvis_rotation" not in session.curves and "pelvis_rotation" not in view.plots.curve_items
    view.zoom_box.setCurrentIndex(1)
    assert session.zoom == (analysis.swings[0].start, analysis.swings[0].end)
    clock.seek(120)
    assert view.plots.playheads[0].value() == 120
    chat.set_highlight([100, 150], list(np.linspace(0, 1, motion.num_frames)))
    assert [v.value() for v in view.plots.viewpoint_items] == [100, 150]
    view.plots.seek_requested.emit(77)
    assert clock.frame == 77


class _Controller:
    """Records what the chat view asks for (the controller's own tests cover the real one)."""

    def __init__(self, chat):
        self.chat, self.asked, self.stopped = chat, [], 0

    def ask(self, q):
        self.asked.append(q)
        return True

    def stop_answer(self):
        self.stopped += 1

    def clear_chat(self):
        self.chat.set_history([])


def test_chat_view_streams_and_chips_seek(qtbot):
    from app.qt_chat import ChatView
    session, clock, chat = Session(), PlaybackClock(), ChatModel()
    clock.set_length(300, 30.0)
    controller = _Controller(chat)
    view = ChatView(chat, session, clock, controller)
    qtbot.addWidget(view)
    assert not view.input.isEnabled() and "Loading" in view.state_label.text()
    chat.set_model_state("untrained", "weights untrained")
    session.set_clip(ClipRecord(1, "/a.mp4", "a"))
    assert view.input.isEnabled() and "Untrained" in view.state_label.text()
    view.input.setText("When is impact?")
    view.ask_button.click()
    assert controller.asked == ["When is impact?"] and view.input.text() == ""
    chat.add(ChatRecord("user", "When is impact?"))
    chat.set_streaming(True)
    assert view.stop_button.isVisibleTo(view) and not view.ask_button.isVisibleTo(view)
    chat.append_partial("Frame")
    chat.append_partial(" 179.")
    assert view.streaming_bubble.text.text().startswith("Frame 179.")
    view.stop_button.click()
    assert controller.stopped == 1
    chat.add(ChatRecord("assistant", "Frame 179.", [150, 179], [0.5] * 300))
    chat.set_streaming(False)
    assert view.streaming_bubble is None
    bubble = view.bubbles[-1]
    assert [c.text() for c in bubble.chips] == ["5.00s · #150", "5.97s · #179"]
    chat.set_highlight([], [])
    bubble.chips[1].click()
    assert clock.frame == 179 and chat.highlight[0] == [150, 179]
    view.suggestions.itemClicked.emit(view.suggestions.item(0))
    assert controller.asked[-1] == chat.suggestions[0]


def test_library_view_lists_and_edits(qtbot, golf_npz):
    from app.controller import Controller
    from app.qt_library import LibraryView
    from app.store import Store
    controller = Controller(Store())
    view = LibraryView(controller.library, controller.session, controller)
    qtbot.addWidget(view)
    [record] = controller.add_paths([golf_npz])
    assert view.list.count() == 1 and "synth golf" in view.list.item(0).text()
    assert view.list.currentItem() is view.list.item(0)
    view.athlete.setText("Ann")
    view.athlete.editingFinished.emit()
    assert controller.store.clip(record.id).athlete == "Ann" and "Ann" in view.list.item(0).text()
    view.notes.setPlainText("tempo drill")
    view._notes_timer.timeout.emit()
    assert controller.store.clip(record.id).notes == "tempo drill"
    qtbot.waitUntil(lambda: controller._job is None, timeout=10000)
    controller.remove_clip(record.id)
    assert view.list.count() == 0 and controller.session.clip is None
    controller.shutdown()


def test_chips_show_the_highest_scoring_viewpoint_frames_in_time_order():
    from app.qt_chat import MAX_CHIPS, chip_frames
    frames = list(range(0, 32, 2))                       # 16 viewpoint frames
    scores = [0.0] * 40
    for rank, f in enumerate([30, 2, 28, 4, 26, 6, 24, 8, 22]):
        scores[f] = 1.0 - 0.01 * rank
    shown = chip_frames(frames, scores)
    assert len(shown) == MAX_CHIPS == 8
    assert shown == sorted([30, 2, 28, 4, 26, 6, 24, 8])


def test_chips_follow_the_clip_frame_rate_when_a_60_fps_clip_is_reopened(qtbot, golf_npz, golf_swing, tmp_path):
    from app.controller import Controller
    from app.qt_chat import ChatView
    from app.store import Store
    assert golf_swing.motion.fps == 60.0
    other = tmp_path / "clips" / "other_30fps.npz"
    golf_swing.motion.resample(30.0).save(other)
    controller = Controller(Store())
    view = ChatView(controller.chat, controller.session, controller.clock, controller)
    qtbot.addWidget(view)
    clip60, clip30 = controller.add_paths([golf_npz, other])
    qtbot.waitUntil(lambda: not controller.motion_coming(clip60.id) and not controller.motion_coming(clip30.id),
                    timeout=20000)
    controller.store.add_chat(clip60.id, ChatRecord("user", "When is the top?"))
    controller.store.add_chat(clip60.id, ChatRecord("assistant", "Frame 90.", [30, 90], [0.5] * 245))
    controller.open_clip(clip30.id)
    controller.open_clip(clip60.id)                                  # reopened: the history comes from the library
    chips = lambda: [c.text() for c in view.bubbles[-1].chips]      # noqa: E731
    assert chips() == ["0.50s · #30", "1.50s · #90"]
    qtbot.waitUntil(lambda: controller.session.analysis is not None, timeout=20000)
    assert controller.clock.fps == 60.0 and chips() == ["0.50s · #30", "1.50s · #90"]
    controller.update_clip(clip60.id, capture_fps=240.0)             # slow motion: recorded at 240, played at 60
    assert controller.clock.fps == 60.0 and chips() == ["0.12s · #30", "0.38s · #90"]
    controller.shutdown()


def test_chips_relabel_when_the_clock_learns_the_rate(qtbot):
    from app.qt_chat import ChatView
    session, clock, chat = Session(), PlaybackClock(), ChatModel()
    view = ChatView(chat, session, clock, _Controller(chat))
    qtbot.addWidget(view)
    chat.set_history([ChatRecord("assistant", "Here.", [120], [1.0] * 200)])
    assert [c.text() for c in view.bubbles[0].chips] == ["4.00s · #120"]       # 30 fps until the clip is known
    clock.set_length(200, 120.0)
    assert [c.text() for c in view.bubbles[0].chips] == ["1.00s · #120"]


def test_library_view_sets_the_capture_rate_and_shows_the_slow_motion_hint(qtbot, golf_npz):
    import dataclasses

    from app.controller import Controller
    from app.qt_library import LibraryView, parse_capture_fps, slow_motion_hint
    from app.store import Store
    controller = Controller(Store())
    view = LibraryView(controller.library, controller.session, controller)
    qtbot.addWidget(view)
    messages = []
    controller.session.events.message.connect(lambda level, text: messages.append((level, text)))
    [record] = controller.add_paths([golf_npz])
    qtbot.waitUntil(lambda: controller.session.analysis is not None, timeout=20000)
    assert view.capture_fps.text() == "" and view.capture_fps.placeholderText() == "real time"
    view.capture_fps.setText("240")
    view.capture_fps.editingFinished.emit()
    assert controller.store.clip(record.id).capture_fps == 240.0 and controller.clock.capture_fps == 240.0
    assert controller.motion_coming(record.id)                       # a new capture rate re-analyses the clip
    view.capture_fps.setText("fast")
    view.capture_fps.editingFinished.emit()
    assert messages[-1][0] == "error" and "'fast' is not a frame rate" in messages[-1][1]
    assert view.capture_fps.text() == "240" and controller.store.clip(record.id).capture_fps == 240.0
    view.capture_fps.setText("")
    view.capture_fps.editingFinished.emit()
    assert controller.store.clip(record.id).capture_fps is None and controller.clock.capture_fps == 60.0
    qtbot.waitUntil(lambda: not controller.motion_coming(record.id) and controller.session.analysis is not None,
                    timeout=20000)
    assert parse_capture_fps(" 120 fps") == 120.0 and parse_capture_fps("") is None
    assert slow_motion_hint(controller.session.analysis) is None and not view.slow_motion.isVisibleTo(view)
    note = "the downswing lasts 2.00 s; this looks like slow motion recorded at about 240 fps"
    controller.session.set_analysis(dataclasses.replace(controller.session.analysis, notes=["swing 1: x", note],
                                                        suggested_capture_fps=240.0))
    assert slow_motion_hint(controller.session.analysis) == ("The" + note[3:] + ".", 240.0)
    assert view.slow_motion.isVisibleTo(view) and view.use_suggestion.text() == "Use 240"
    view.use_suggestion.click()
    assert controller.store.clip(record.id).capture_fps == 240.0 and not view.slow_motion.isVisibleTo(view)
    qtbot.waitUntil(lambda: not controller.motion_coming(record.id), timeout=20000)
    controller.shutdown()


def test_a_long_chat_opens_with_its_recent_messages_and_shows_the_earlier_ones_on_request(qtbot):
    from app.qt_chat import RECENT_MESSAGES, ChatView
    session, clock, chat = Session(), PlaybackClock(), ChatModel()
    view = ChatView(chat, session, clock, _Controller(chat))
    qtbot.addWidget(view)
    records = [ChatRecord("user" if i % 2 == 0 else "assistant", f"message {i}") for i in range(30)]
    chat.set_history(records)
    assert [b.text.text() for b in view.bubbles] == [f"message {i}" for i in range(30 - RECENT_MESSAGES, 30)]
    assert view.earlier_button.isVisibleTo(view) and view.earlier_button.text() == "Show 18 earlier messages"
    view.earlier_button.click()
    assert [b.text.text() for b in view.bubbles] == [f"message {i}" for i in range(30)]
    assert not view.earlier_button.isVisibleTo(view)
    layout = view.messages_layout
    assert [layout.itemAt(1 + i).widget() for i in range(30)] == view.bubbles     # on screen in time order
    chat.set_history(records[:3])
    assert len(view.bubbles) == 3 and not view.earlier_button.isVisibleTo(view)
