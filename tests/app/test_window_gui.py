"""The whole window under a real X server (xvfb-run -a): drop clips, analysis, 3D, timeline, shortcuts, chat.

The fast test drives a synthetic swing (motion file) with the model off; the slow end-to-end test drops the
shipped real clip, estimates its motion with MediaPipe, loads the real engine and asks a question.
"""

import pathlib

import numpy as np
import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

from app import controller as controller_module
from app.qt_chat import chip_frames

pytestmark = pytest.mark.gui
ROOT = pathlib.Path(__file__).resolve().parents[2]
SAMPLE_CLIP = ROOT / "assets" / "samples" / "sports2d_demo.mp4"


def drop(window, paths):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    event = QDropEvent(QPointF(100, 100), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    window.dropEvent(event)


def not_blank(image) -> bool:
    """More than a handful of distinct colours across a coarse grid of the screenshot."""
    colours = {image.pixel(x, y) for x in range(0, image.width(), 23) for y in range(0, image.height(), 23)}
    return len(colours) > 50


@pytest.fixture
def window(qtbot, needs_display, monkeypatch, tmp_path):
    import vispy
    vispy.use("pyside6")
    from app.controller import Controller
    from app.qt_main_window import MainWindow
    from app.store import Store
    monkeypatch.setattr(controller_module, "SAMPLES_DIR", tmp_path / "no-samples")
    controller = Controller(Store())
    w = MainWindow(controller)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.close()


def test_window_shows_a_swing_everywhere(qtbot, window, golf_npz, golf_swing, tmp_path):
    c = window.controller
    c.start(load_model=False)
    drop(window, [golf_npz])
    qtbot.waitUntil(lambda: c.session.analysis_state[0] == "ready", timeout=20000)
    analysis = c.session.analysis
    top = analysis.swings[0].events["top"]
    # keyboard: End, Home, Right, then seek to the top
    window.activateWindow()
    qtbot.waitActive(window)
    qtbot.wait(200)
    window.library_view.list.setFocus()     # shortcuts work wherever the focus is (except in text fields)
    qtbot.keyClick(window.windowHandle(), Qt.Key_End)   # through the window system, as a real key press
    qtbot.wait(50)
    assert c.clock.frame == c.clock.num_frames - 1
    focus = window.windowHandle()
    qtbot.keyClick(focus, Qt.Key_Home)
    qtbot.keyClick(focus, Qt.Key_Right)
    assert c.clock.frame == 1
    qtbot.keyClick(focus, Qt.Key_Space)
    assert c.clock.playing
    qtbot.keyClick(focus, Qt.Key_K)
    assert not c.clock.playing
    c.clock.seek(top)
    scene3d = window.view3d.scene3d
    from app.vispy_skeleton import BONES, to_view
    np.testing.assert_allclose(scene3d.bones.pos, to_view(golf_swing.motion.joints[top])[BONES.reshape(-1)],
                               atol=1e-5)
    assert scene3d.ghosts.visible and scene3d.trail.visible
    assert {m.frame for m in (line.mark for line in window.timeline.plots.event_items)} == \
        {f for f in analysis.swings[0].events.values() if f is not None}
    assert window.metrics.table.rowCount() == len(analysis.swings[0].metrics)
    window.view3d.set_camera("Down the line")
    qtbot.wait(300)
    image = window.grab().toImage()
    image.save(str(tmp_path / "window.png"))
    assert not_blank(image)


@pytest.mark.slow
def test_end_to_end_real_clip_and_real_engine(qtbot, window, tmp_path):
    """Drop the shipped real clip, wait for the motion, ask the real engine, see the viewpoint frames."""
    c = window.controller
    c.start(load_model=True)
    drop(window, [SAMPLE_CLIP])
    qtbot.waitUntil(lambda: c.session.analysis_state[0] in ("ready", "failed", "unavailable"), timeout=240000)
    assert c.session.motion is not None and c.session.video is not None
    assert window.view3d.scene3d.bones.visible and len(window.view3d.scene3d.bones.pos) == 42
    qtbot.waitUntil(lambda: c.chat.model_state[0] in ("ready", "untrained", "unavailable", "error"),
                    timeout=240000)
    assert c.chat.model_state[0] in ("ready", "untrained"), c.chat.model_state
    window.chat_view.input.setText("What is the athlete doing?")
    with qtbot.waitSignal(c.answer_settled, timeout=300000) as blocker:
        window.chat_view.ask_button.click()
    assert blocker.args == ["done"]
    answer = c.chat.history[-1]
    assert answer.role == "assistant" and answer.text and answer.viewpoint_frames
    chips = window.chat_view.bubbles[-1].chips
    assert chips and [v.value() for v in window.timeline.plots.viewpoint_items] == answer.viewpoint_frames
    assert window.view3d.scene3d.viewpoints.visible
    chips[0].click()   # the earliest of the frames the model weighed most
    assert c.clock.frame == chip_frames(answer.viewpoint_frames, answer.frame_scores)[0]
    qtbot.wait(300)
    image = window.grab().toImage()
    image.save(str(tmp_path / "end_to_end.png"))
    assert not_blank(image)
