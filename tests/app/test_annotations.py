"""Coach annotations: the model's drawing flow, the store (round trip, migration from schema 1), the controller,
the canvas by its drawing data (and its pixels), and the annotation panel."""

import sqlite3

import numpy as np
import pytest

from app import controller as controller_module
from app.annotation_shapes import angle_arc, marks
from app.annotations import AnnotationsModel, angle_degrees, describe
from app.playback import PlaybackClock
from app.session import Session
from app.store import SCHEMA_VERSION, AnnotationRecord, ChatRecord, ClipRecord, Store

# The schema a version-1 library has on disk (before annotations): what users upgrading have.
SCHEMA_V1 = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE clips (id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE, title TEXT NOT NULL,
    athlete TEXT NOT NULL DEFAULT '', sport TEXT NOT NULL DEFAULT 'auto', recorded_at TEXT NOT NULL,
    added_at TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'new', error TEXT NOT NULL DEFAULT '', fps REAL,
    num_frames INTEGER, thumbnail BLOB, motion_file TEXT, analysis_json TEXT, notes TEXT NOT NULL DEFAULT '');
CREATE TABLE chat (id INTEGER PRIMARY KEY, clip_id INTEGER NOT NULL REFERENCES clips(id) ON DELETE CASCADE,
    role TEXT NOT NULL, text TEXT NOT NULL, viewpoint_frames TEXT NOT NULL DEFAULT '[]',
    frame_scores TEXT NOT NULL DEFAULT '[]', created_at TEXT NOT NULL);
CREATE INDEX chat_clip ON chat(clip_id, id);
INSERT INTO meta VALUES ('schema_version', '1');
INSERT INTO meta VALUES ('setting.samples_seeded', 'sample_golf_swing.mp4');
INSERT INTO clips (path, title, athlete, sport, recorded_at, added_at, status, notes)
    VALUES ('/clips/a.mp4', 'a', 'Ann', 'golf', '2025-05-01', '2025-05-02T10:00:00', 'ready', 'hips back');
INSERT INTO chat (clip_id, role, text, viewpoint_frames, created_at)
    VALUES (1, 'user', 'When is impact?', '[]', '2025-05-02T10:01:00'),
           (1, 'assistant', 'Frame 70.', '[60, 70]', '2025-05-02T10:01:05');
"""


# ---- model ---------------------------------------------------------------------------------------------------------
def test_tools_collect_clicks_until_the_shape_is_complete():
    model = AnnotationsModel()
    pending = []
    model.events.pending.connect(pending.append)
    assert model.add_point(0.5, 0.5) is None and model.pending == []        # no tool: clicks do nothing
    model.set_tool("angle")
    assert model.add_point(0.2, 0.2) is None and model.add_point(0.5, 0.5) is None
    assert model.pending == [(0.2, 0.2), (0.5, 0.5)]
    assert model.add_point(0.8, 1.4) == ("angle", [(0.2, 0.2), (0.5, 0.5), (0.8, 1.0)])   # clamped into the frame
    assert model.pending == [] and pending[-1] == []
    model.set_tool("line")
    model.add_point(0.1, 0.1)
    model.set_tool("note")                                  # changing the tool drops the half-drawn shape
    assert model.pending == []
    assert model.add_point(0.3, 0.4) == ("note", [(0.3, 0.4)])
    with pytest.raises(ValueError, match="tool"):
        model.set_tool("circle")


def test_angle_is_measured_in_frame_pixels():
    right = [(0.2, 0.5), (0.5, 0.5), (0.5, 0.2)]
    assert angle_degrees(right) == pytest.approx(90.0)
    # the same normalised points on a frame twice as wide as tall: arms (-0.6, 0) and (0, -0.3) are still 90°,
    # but a diagonal is not 45° any more
    assert angle_degrees(right, 2.0, 1.0) == pytest.approx(90.0)
    diagonal = [(0.8, 0.5), (0.5, 0.5), (0.8, 0.2)]
    assert angle_degrees(diagonal) == pytest.approx(45.0)
    assert angle_degrees(diagonal, 2.0, 1.0) == pytest.approx(np.degrees(np.arctan2(0.3, 0.6)))
    assert describe(AnnotationRecord(3, "angle", right, "knee flex")) == "angle 90°  knee flex"
    with pytest.raises(ValueError, match="points"):
        AnnotationRecord(3, "line", [(0.1, 0.1)])
    with pytest.raises(ValueError, match="kind"):
        AnnotationRecord(3, "circle", [])


# ---- store ---------------------------------------------------------------------------------------------------------
def test_annotations_round_trip_through_the_store(tmp_path, golf_npz):
    store = Store(tmp_path / "lib")
    clip = store.add_clip(golf_npz)
    line = store.add_annotation(clip.id, AnnotationRecord(40, "line", [(0.1, 0.2), (0.7, 0.9)], "shaft plane"))
    angle = store.add_annotation(clip.id, AnnotationRecord(12, "angle", [(0.4, 0.3), (0.5, 0.6), (0.7, 0.6)]))
    store.add_annotation(clip.id, AnnotationRecord(12, "note", [], "hips back"))
    store.update_annotation(angle.id, "knee flex")
    store.close()
    again = Store(tmp_path / "lib")
    got = again.annotations(clip.id)
    assert [(a.frame, a.kind, a.text) for a in got] == [(12, "angle", "knee flex"), (12, "note", "hips back"),
                                                        (40, "line", "shaft plane")]
    assert got[2].points == [(0.1, 0.2), (0.7, 0.9)] and got[2].id == line.id and got[2].created_at
    assert got[2].to_annotation(first_frame=10).frame == 30               # the report counts motion rows
    again.remove_annotation(line.id)
    assert len(again.annotations(clip.id)) == 2
    again.remove_clip(clip.id)                                            # a clip's annotations go with it
    assert again._db.execute("SELECT count(*) FROM annotations").fetchone()[0] == 0


def test_a_version_1_library_is_upgraded_keeping_its_data(tmp_path):
    db = sqlite3.connect(tmp_path / "library.sqlite3")
    db.executescript(SCHEMA_V1)
    db.commit()
    db.close()
    store = Store(tmp_path)
    assert store.notice is None and store.migrated_from == 1
    assert store._db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0] == str(SCHEMA_VERSION)
    [clip] = store.clips()
    assert (clip.title, clip.athlete, clip.notes, clip.status) == ("a", "Ann", "hips back", "ready")
    assert [r.text for r in store.chat(clip.id)] == ["When is impact?", "Frame 70."]
    assert store.chat(clip.id)[1].viewpoint_frames == [60, 70]
    assert store.setting("samples_seeded") == "sample_golf_swing.mp4"
    saved = store.add_annotation(clip.id, AnnotationRecord(5, "note", [(0.5, 0.5)], "look here"))
    assert store.annotations(clip.id) == [saved]
    [backup] = tmp_path.glob("library.v1-*.bak")                          # the old file, kept as it was
    old = sqlite3.connect(backup)
    assert old.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0] == "1"
    assert old.execute("SELECT count(*) FROM chat").fetchone()[0] == 2
    store.close()
    reopened = Store(tmp_path)                                            # upgraded once, not again
    assert reopened.migrated_from is None and len(reopened.annotations(clip.id)) == 1
    assert len(list(tmp_path.glob("library.v1-*.bak"))) == 1


def test_a_newer_library_with_annotations_is_kept_aside(tmp_path, golf_npz):
    store = Store(tmp_path)
    clip = store.add_clip(golf_npz)
    store.add_annotation(clip.id, AnnotationRecord(1, "note", [], "x"))
    store._db.execute("UPDATE meta SET value=? WHERE key='schema_version'", (str(SCHEMA_VERSION + 1),))
    store._db.commit()
    store.close()
    fresh = Store(tmp_path)
    assert "newer version" in fresh.notice and fresh.clips() == []
    [backup] = tmp_path.glob(f"library.v{SCHEMA_VERSION + 1}-*.bak")
    assert sqlite3.connect(backup).execute("SELECT count(*) FROM annotations").fetchone()[0] == 1


# ---- controller ----------------------------------------------------------------------------------------------------
@pytest.fixture
def ctl(qtbot, monkeypatch, tmp_path):
    monkeypatch.setattr(controller_module, "SAMPLES_DIR", tmp_path / "no-samples")
    c = controller_module.Controller(Store())
    yield c
    c.shutdown()


def test_controller_saves_clicks_as_annotations(qtbot, ctl, golf_npz):
    [record] = ctl.add_paths([golf_npz])
    qtbot.waitUntil(lambda: ctl._job is None and not ctl._queue, timeout=20000)
    messages = []
    ctl.session.events.message.connect(lambda level, text: messages.append((level, text)))
    model = ctl.annotations
    model.set_tool("note")
    assert ctl.annotate_at(7, 0.5, 0.5) is None and "text" in messages[-1][1]   # a note needs its text
    assert model.items == [] and ctl.store.annotations(record.id) == []
    model.set_tool("line")
    model.set_label("shaft plane")
    assert ctl.annotate_at(7, 0.2, 0.3) is None
    saved = ctl.annotate_at(7, 0.6, 0.9)
    assert (saved.frame, saved.kind, saved.points, saved.text) == (7, "line", [(0.2, 0.3), (0.6, 0.9)],
                                                                   "shaft plane")
    assert model.items == [saved] and model.selected == saved.id and model.label == ""
    assert model.tool == "line"                                     # the tool stays on for the next mark
    note = ctl.add_frame_note(9, "  tempo is good ")
    assert ctl.store.annotations(record.id) == [saved, note] and note.text == "tempo is good"
    ctl.close_clip()
    assert model.items == []
    ctl.open_clip(record.id)                                        # saved with the clip
    assert [a.id for a in model.items] == [saved.id, note.id]
    ctl.remove_annotation(saved.id)
    assert [a.id for a in model.items] == [note.id] and [a.id for a in ctl.store.annotations(record.id)] == [note.id]


# ---- drawing -------------------------------------------------------------------------------------------------------
def _player_with_frames(qtbot, annotations):
    from app.frames import FrameCache
    from app.qt_player import PlayerView
    session, clock = Session(), PlaybackClock()
    view = PlayerView(session, clock, annotations)
    qtbot.addWidget(view)
    view.resize(500, 400)
    view.show()
    session.set_clip(ClipRecord(1, "/x.mp4", "x"))
    cache = FrameCache("/x.mp4", 4, 30.0, (200, 100))       # 2:1 frames, letterboxed in the canvas
    for i in range(4):
        cache.put(i, np.full((100, 200, 3), 40, np.uint8))
    session.set_video(cache)
    clock.set_length(4, 30.0)
    return view, session, clock


def test_canvas_draws_the_annotations_of_the_frame(qtbot):
    model = AnnotationsModel()
    view, session, clock = _player_with_frames(qtbot, model)
    canvas = view.canvas
    rect = canvas.image_rect()
    assert rect.width() == pytest.approx(2 * rect.height(), abs=2)
    line = AnnotationRecord(2, "line", [(0.25, 0.5), (0.75, 0.5)], "shaft", id=1)
    angle = AnnotationRecord(2, "angle", [(0.3, 0.8), (0.5, 0.8), (0.5, 0.2)], "knee", id=2)
    note = AnnotationRecord(3, "note", [], "tempo", id=3)
    model.set_items([line, angle, note])
    assert canvas.annotation_marks() == []                               # frame 0 has none
    clock.seek(2)
    drawn = {m.annotation_id: m for m in canvas.annotation_marks()}
    x0, y0, w, h = rect.x(), rect.y(), rect.width(), rect.height()
    assert drawn[1].segments == [pytest.approx((x0 + 0.25 * w, y0 + 0.5 * h, x0 + 0.75 * w, y0 + 0.5 * h))]
    assert drawn[1].label == "shaft"
    # the angle in pixels of the 2:1 frame: arms (-0.2 w, 0) and (0, -0.6 h) are perpendicular
    assert drawn[2].label == "90°  knee"
    assert abs(drawn[2].arc[4]) == pytest.approx(90.0)
    clock.seek(3)
    [frame_note] = canvas.annotation_marks()
    assert frame_note.segments == [] and frame_note.dots == [] and frame_note.label == "tempo"
    clock.seek(2)
    model.select(1)
    assert {m.annotation_id for m in canvas.annotation_marks() if m.selected} == {1}
    image = canvas.grab().toImage()
    mid = image.pixelColor(int(x0 + 0.4 * w), int(y0 + 0.5 * h))        # on the line, away from labels
    assert (mid.red(), mid.green(), mid.blue()) == (255, 70, 200)
    background = image.pixelColor(int(x0 + 0.1 * w), int(y0 + 0.1 * h))
    assert background.red() == 40


def test_clicks_on_the_frame_become_points_and_draw_a_rubber_band(qtbot):
    from PySide6.QtCore import QPoint, Qt
    model = AnnotationsModel()
    view, session, clock = _player_with_frames(qtbot, model)
    canvas = view.canvas
    clicks = []
    canvas.point_clicked.connect(lambda f, x, y: clicks.append((f, x, y)))
    rect = canvas.image_rect()
    inside = QPoint(int(rect.x() + 0.25 * rect.width()), int(rect.y() + 0.5 * rect.height()))
    qtbot.mouseClick(canvas, Qt.LeftButton, pos=inside)
    assert clicks == []                                                  # no tool: a click is only a click
    model.set_tool("angle")
    clock.seek(1)
    qtbot.mouseClick(canvas, Qt.LeftButton, pos=inside)
    [(frame, x, y)] = clicks
    assert frame == 1 and x == pytest.approx(0.25, abs=0.01) and y == pytest.approx(0.5, abs=0.01)
    qtbot.mouseClick(canvas, Qt.LeftButton, pos=QPoint(2, 2))            # in the letterbox: ignored
    assert len(clicks) == 1
    model.add_point(x, y)
    model.add_point(0.5, 0.5)
    canvas.hover = (0.5, 0.1)
    [band] = canvas.annotation_marks()
    assert band.pending and len(band.segments) == 2 and band.label == "90°"
    clock.seek(2)                                                        # a shape is drawn on one frame
    assert model.pending == []
    model.add_point(0.1, 0.1)
    qtbot.mouseClick(canvas, Qt.RightButton, pos=inside)                 # right click cancels
    assert model.pending == []


def test_angle_arc_spans_the_smaller_sweep():
    cx, cy, r, start, span = angle_arc((10.0, 0.0), (0.0, 0.0), (0.0, -10.0))   # right, then up on screen
    assert (cx, cy, start, span) == (0.0, 0.0, pytest.approx(0.0), pytest.approx(90.0))
    assert r == 10.0                                                     # short arms: a readable minimum
    assert angle_arc((100.0, 0.0), (0.0, 0.0), (0.0, 120.0))[2] == pytest.approx(35.0)   # a third of the arm
    assert angle_arc((0.0, -10.0), (0.0, 0.0), (10.0, 0.0))[4] == pytest.approx(-90.0)
    assert marks([], (0, 0, 100, 100)) == []


# ---- the panel -----------------------------------------------------------------------------------------------------
def test_annotation_panel_lists_seeks_and_deletes(qtbot, ctl, golf_npz):
    from app.qt_annotations import AnnotationsView
    [record] = ctl.add_paths([golf_npz])
    qtbot.waitUntil(lambda: ctl._job is None and not ctl._queue, timeout=20000)
    view = AnnotationsView(ctl.annotations, ctl.session, ctl.clock, ctl)
    qtbot.addWidget(view)
    assert view.list.count() == 0 and not view.empty.isHidden()
    view.tool_buttons["angle"].click()
    assert ctl.annotations.tool == "angle"
    view.tool_buttons["angle"].click()                                   # the active tool again: off
    assert ctl.annotations.tool is None
    view.label.setText("set up")
    view.label.textEdited.emit("set up")
    view.note_button.click()
    ctl.annotations.set_tool("angle")
    ctl.annotate_at(30, 0.3, 0.8)
    ctl.annotate_at(30, 0.5, 0.8)
    ctl.annotate_at(30, 0.5, 0.2)
    assert view.list.count() == 2 and view.empty.isHidden()
    assert view.list.item(0).text().startswith("f0 ·") and "note  set up" in view.list.item(0).text()
    assert "angle 90°" in view.list.item(1).text()
    view.list.itemClicked.emit(view.list.item(1))
    assert ctl.clock.frame == 30 and ctl.annotations.selected == ctl.annotations.items[1].id
    view.delete_button.click()
    assert view.list.count() == 1 and len(ctl.store.annotations(record.id)) == 1
    view.close()
    ctl.annotations.set_items([])                                        # disconnected: the list stays
    assert view.list.count() == 1


def test_labels_are_moved_apart_and_kept_in_the_frame():
    from app.annotation_shapes import place_boxes
    bounds = (0, 0, 200, 100)
    a, b, c = place_boxes([(50, 40, 60, 20), (60, 45, 60, 20), (190, -10, 60, 20)], bounds,
                          obstacles=[(0, 0, 10, 10)])
    assert a == (50, 40, 60, 20)
    assert b[1] + b[3] <= a[1] or b[1] >= a[1] + a[3]            # no longer overlapping the first
    assert c[0] + c[2] <= 200 and c[1] >= 0                      # pushed back inside the frame
    [d] = place_boxes([(0, 0, 20, 20)], bounds, obstacles=[(0, 0, 30, 30)])
    assert d[1] >= 30                                            # moved off an annotation's dot
