"""Under a real X server (xvfb-run -a): draw an angle on the sample clip with real mouse clicks, see it on the
video and in the list, and open File > Export report... with its preview (screenshots kept in tmp_path)."""

import pathlib

import pytest
from PySide6.QtCore import QPoint, Qt

from app import controller as controller_module

pytestmark = pytest.mark.gui
ROOT = pathlib.Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "assets" / "samples" / "sample_golf_swing.mp4"


@pytest.fixture(scope="module")
def sample_motion():
    from llamo_engine.motion.estimator import estimate_motion
    return estimate_motion(SAMPLE)


@pytest.fixture
def window(qtbot, needs_display, monkeypatch, tmp_path, sample_motion):
    import vispy
    vispy.use("pyside6")
    from app.controller import Controller
    from app.qt_main_window import MainWindow
    from app.store import Store
    monkeypatch.setattr(controller_module, "SAMPLES_DIR", tmp_path / "no-samples")
    store = Store()
    clip = store.add_clip(SAMPLE, sport="golf", athlete="Jamie Rivera")
    sample_motion.save(store.motion_path(clip.id))          # the motion is cached: no estimation in the window
    store.update_clip(clip.id, motion_file=str(store.motion_path(clip.id).relative_to(store.root)))
    controller = Controller(store)
    w = MainWindow(controller)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    controller.start(load_model=False)
    qtbot.waitUntil(lambda: controller.session.analysis is not None and controller.session.video is not None
                    and controller.session.video.loaded == controller.session.video.num_frames, timeout=30000)
    yield w
    w.close()


def test_draw_an_angle_and_export_from_the_window(qtbot, window, tmp_path):
    c = window.controller
    top = c.session.analysis.swings[0].events["top"]
    c.clock.seek(top)
    assert window.export_action.isEnabled()
    window.annotations_view.tool_buttons["angle"].click()
    window.annotations_view.label.setText("lead arm")
    window.annotations_view.label.textEdited.emit("lead arm")
    canvas = window.player.canvas
    qtbot.wait(100)
    rect = canvas.image_rect()
    clicks = [(0.40, 0.30), (0.50, 0.48), (0.64, 0.52)]
    for x, y in clicks:
        qtbot.mouseClick(canvas, Qt.LeftButton, pos=QPoint(int(rect.x() + x * rect.width()),
                                                           int(rect.y() + y * rect.height())))
    [saved] = c.annotations.items
    assert saved.kind == "angle" and saved.frame == top and saved.text == "lead arm"
    assert c.store.annotations(c.session.clip.id) == [saved]
    [mark] = canvas.annotation_marks()
    assert mark.label.endswith("lead arm") and mark.label.split("°")[0].isdigit()
    assert window.annotations_view.list.count() == 1
    window.activateWindow()
    qtbot.waitActive(window)
    qtbot.wait(200)
    window.library_view.list.setFocus()
    qtbot.keyClick(window.windowHandle(), Qt.Key_Escape)   # Esc turns the tool off
    assert c.annotations.tool is None
    qtbot.wait(200)
    canvas.grab().toImage().save(str(tmp_path / "annotated_frame.png"))
    window.grab().toImage().save(str(tmp_path / "window_annotated.png"))

    window.export_action.trigger()
    dialog = window.export_dialog
    qtbot.waitUntil(lambda: dialog.figures is not None, timeout=30000)
    assert "lead arm" in dialog.preview.toPlainText()
    qtbot.wait(200)
    dialog.grab().toImage().save(str(tmp_path / "export_dialog.png"))
    dialog.base.setText(str(tmp_path / "out" / "report"))
    with qtbot.waitSignal(dialog.finished, timeout=60000):
        dialog.export_button.click()
    assert (tmp_path / "out" / "report.pdf").stat().st_size > 10000
    assert window.message_bar.level == "info" and "report.pdf" in window.message_bar.label.text()
