"""File > Export report...: the report content of the open clip, the dialog writing a real PDF and HTML from the
bundled sample clip's motion and analysis, cancel leaving no file, and errors reported with the fields kept."""

import datetime as dt
import pathlib
import shutil
import subprocess

import pytest

from app import controller as controller_module
from app import report_export
from app.store import AnnotationRecord, ChatRecord, ClipRecord, Store

ROOT = pathlib.Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "assets" / "samples" / "sample_golf_swing.mp4"


@pytest.fixture(scope="session")
def sample_motion():
    """The sample clip's motion (MediaPipe, ~3 s on one core) and analysis, estimated once for these tests."""
    from llamo_engine.analysis import analyze
    from llamo_engine.motion.estimator import estimate_motion
    motion = estimate_motion(SAMPLE)
    return motion, analyze(motion, sport="golf")


@pytest.fixture
def opened(qtbot, monkeypatch, tmp_path, sample_motion):
    """A controller with the sample clip open (its motion already estimated), a chat turn and annotations."""
    monkeypatch.setattr(controller_module, "SAMPLES_DIR", tmp_path / "no-samples")
    c = controller_module.Controller(Store())
    motion, analysis = sample_motion
    clip = c.store.add_clip(SAMPLE, sport="golf", athlete="Jamie Rivera")
    clip = c.store.update_clip(clip.id, recorded_at="2025-05-17", notes="Keep the hips back through impact.")
    c.session.set_clip(clip)
    c.session.set_motion(motion)
    c.session.set_analysis(analysis)
    top = analysis.swings[0].events["top"]
    c.store.add_chat(clip.id, ChatRecord("user", "Which frame is the top?"))
    c.store.add_chat(clip.id, ChatRecord("assistant", f"The top is at frame {top}.", [top - 2, top], [0.2, 0.9]))
    c.chat.set_history(c.store.chat(clip.id))
    c.annotations.set_items([])
    c.add_frame_note(top, "great turn")
    c.annotations.set_tool("angle")
    c.annotations.set_label("lead arm")
    for x, y in ((0.45, 0.3), (0.5, 0.5), (0.62, 0.55)):
        c.annotate_at(top, x, y)
    c.annotations.set_tool(None)
    yield c
    c.shutdown()


def test_report_content_takes_the_clip_record_chat_and_annotations(sample_motion):
    motion, analysis = sample_motion
    clip = ClipRecord(1, str(SAMPLE), "sample", athlete="Ann", recorded_at="2025-05-01", notes="head still")
    chat = [ChatRecord("user", "When is impact?"), ChatRecord("assistant", "Frame 70.", [60, 70]),
            ChatRecord("user", "unanswered")]
    marks = [AnnotationRecord(50, "line", [(0.1, 0.1), (0.5, 0.5)], "plane"),
             AnnotationRecord(motion.num_frames + 5, "note", [], "past the motion")]
    content = report_export.report_content(clip, motion, analysis, chat, marks)
    assert (content.athlete, content.date, content.notes) == ("Ann", dt.date(2025, 5, 1), "head still")
    assert [(c.question, c.answer, c.viewpoint_frames) for c in content.chat] == [("When is impact?", "Frame 70.",
                                                                                   [60, 70])]
    assert [(a.frame, a.text) for a in content.annotations] == [(50, "plane")]     # only analysed frames
    assert content.video_path == str(SAMPLE)
    other = report_export.report_content(clip, motion, analysis, [], [], athlete="Bo", date=dt.date(2024, 1, 2))
    assert (other.athlete, other.date) == ("Bo", dt.date(2024, 1, 2))
    paths = report_export.output_paths("/r/sample report.pdf", ["pdf", "csv"])
    assert paths == {"pdf": pathlib.Path("/r/sample report.pdf"), "csv": pathlib.Path("/r/sample report.csv"),
                     "json": pathlib.Path("/r/sample report.analysis.json")}


def open_dialog(qtbot, controller):
    from app.qt_export_dialog import ExportDialog
    dialog = ExportDialog(controller, controller.report_content())
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.figures is not None, timeout=30000)
    return dialog


def test_export_dialog_writes_a_real_pdf_and_html(qtbot, opened, tmp_path):
    dialog = open_dialog(qtbot, opened)
    assert dialog.athlete.text() == "Jamie Rivera" and dialog.date.date().toString("yyyy-MM-dd") == "2025-05-17"
    assert "1 question(s)" in dialog.includes.text() and "2 annotation(s)" in dialog.includes.text()
    preview = dialog.preview.toPlainText()
    assert "Jamie Rivera" in preview and "Which frame is the top?" in preview and "great turn" in preview
    dialog.athlete.setText("J. Rivera")                                   # the preview follows the fields
    assert "J. Rivera" in dialog.preview.toPlainText()
    assert [k for k, b in dialog.outputs.items() if b.isChecked()] == ["pdf", "html"]
    out = tmp_path / "reports"
    dialog.base.setText(str(out / "rivera"))
    messages = []
    opened.session.events.message.connect(lambda level, text: messages.append((level, text)))
    with qtbot.waitSignal(dialog.finished, timeout=60000):
        dialog.export_button.click()
    assert sorted(p.name for p in out.iterdir()) == ["rivera.html", "rivera.pdf"]   # no staging folder left
    assert messages[-1][0] == "info" and "rivera.pdf" in messages[-1][1]
    html = (out / "rivera.html").read_text()
    assert "J. Rivera" in html and "data:image/jpeg;base64," in html and "lead arm" in html
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(out / "rivera.pdf"), "-"], capture_output=True, text=True).stdout
        assert "J. Rivera" in text and "Which frame is the top?" in text and "great turn" in text
    assert (out / "rivera.pdf").read_bytes().startswith(b"%PDF")


def test_cancel_leaves_no_file(qtbot, opened, tmp_path):
    dialog = open_dialog(qtbot, opened)
    for key in ("video", "csv"):
        dialog.outputs[key].setChecked(True)
    out = tmp_path / "cancelled"
    out.mkdir()
    (out / "rivera.pdf").write_bytes(b"an older report")                 # never half-replaced
    dialog.base.setText(str(out / "rivera"))
    dialog.export()
    job = dialog._export_job
    job.progressed.connect(lambda *_: dialog.cancel_button.click())      # cancel once it has started writing
    assert dialog.cancel_button.text() == "Cancel export" and not dialog.export_button.isEnabled()
    qtbot.waitUntil(lambda: dialog._export_job is None, timeout=60000)
    assert sorted(p.name for p in out.iterdir()) == ["rivera.pdf"]
    assert (out / "rivera.pdf").read_bytes() == b"an older report"
    assert dialog.status.text() == "Export cancelled; no file was written." and not dialog.written
    assert dialog.export_button.isEnabled() and dialog.base.text() == str(out / "rivera")   # fields kept


def test_export_errors_go_to_the_message_bar_and_keep_the_fields(qtbot, opened, tmp_path):
    dialog = open_dialog(qtbot, opened)
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    dialog.base.setText(str(blocker / "sub" / "rivera"))                  # a folder inside a file
    dialog.athlete.setText("Sam")
    messages = []
    opened.session.events.message.connect(lambda level, text: messages.append((level, text)))
    dialog.export()
    qtbot.waitUntil(lambda: dialog._export_job is None, timeout=30000)
    assert messages and messages[-1][0] == "error" and "choose another folder" in messages[-1][1]
    assert "Export failed" in dialog.status.text()
    assert dialog.athlete.text() == "Sam" and dialog.export_button.isEnabled() and not dialog.written


def test_export_needs_an_analysis(qtbot, monkeypatch, tmp_path):
    monkeypatch.setattr(controller_module, "SAMPLES_DIR", tmp_path / "no-samples")
    c = controller_module.Controller(Store())
    messages = []
    c.session.events.message.connect(lambda level, text: messages.append((level, text)))
    assert c.report_content() is None and "analysis" in messages[-1][1]
    c.shutdown()
