"""The SQLite library: round trips, persistence, and a corrupt or newer database moved aside, never wiped."""

import sqlite3

import pytest

from app.store import SCHEMA_VERSION, ChatRecord, Store


def test_clips_chat_and_notes_survive_a_restart(tmp_path, golf_npz):
    store = Store(tmp_path / "lib")
    clip = store.add_clip(golf_npz, sport="golf", athlete="Ann")
    assert store.add_clip(golf_npz).id == clip.id            # the same file is not added twice
    store.update_clip(clip.id, notes="work on tempo", status="ready", thumbnail=b"\x89PNG")
    store.add_chat(clip.id, ChatRecord("user", "When is impact?"))
    store.add_chat(clip.id, ChatRecord("assistant", "Frame 179.", [170, 179], [0.1, 0.9]))
    store.close()

    again = Store(tmp_path / "lib")
    [c] = again.clips()
    assert (c.athlete, c.sport, c.notes, c.status, c.thumbnail) == ("Ann", "golf", "work on tempo", "ready",
                                                                    b"\x89PNG")
    chat = again.chat(c.id)
    assert [r.role for r in chat] == ["user", "assistant"]
    assert chat[1].viewpoint_frames == [170, 179] and chat[1].frame_scores == [0.1, 0.9]
    again.remove_clip(c.id)
    assert again.clips() == [] and again.chat(c.id) == []
    assert again.notice is None


def test_bad_updates_are_refused(tmp_path, golf_npz):
    store = Store(tmp_path)
    clip = store.add_clip(golf_npz)
    with pytest.raises(ValueError, match="status"):
        store.update_clip(clip.id, status="weird")
    with pytest.raises(ValueError, match="fields"):
        store.update_clip(clip.id, id=5)
    with pytest.raises(ValueError, match="sport"):
        store.add_clip(golf_npz.with_name("other.npz"), sport="tennis")


def test_corrupt_database_is_backed_up_and_reported(tmp_path):
    (tmp_path / "library.sqlite3").write_bytes(b"this is not sqlite" * 100)
    store = Store(tmp_path)
    assert store.notice is not None and ("damaged" in store.notice or "could not be read" in store.notice)
    backups = list(tmp_path.glob("library.corrupt-*.bak"))
    assert len(backups) == 1 and backups[0].read_bytes().startswith(b"this is not sqlite")
    assert store.clips() == []


def test_newer_database_is_kept_aside(tmp_path, golf_npz):
    store = Store(tmp_path)
    store.add_clip(golf_npz)
    store._db.execute("UPDATE meta SET value=? WHERE key='schema_version'", (str(SCHEMA_VERSION + 1),))
    store._db.commit()
    store.close()
    fresh = Store(tmp_path)
    assert "newer version" in fresh.notice and fresh.clips() == []
    [backup] = tmp_path.glob(f"library.v{SCHEMA_VERSION + 1}-*.bak")
    old = sqlite3.connect(backup)
    assert old.execute("SELECT count(*) FROM clips").fetchone()[0] == 1   # nothing was lost


def test_settings(tmp_path):
    store = Store(tmp_path)
    assert store.setting("x", "d") == "d"
    store.set_setting("x", "1")
    assert Store(tmp_path).setting("x") == "1"


def test_unwritable_location_says_what_to_do(tmp_path):
    from app.store import StoreError
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreError, match="LLAMO_DATA_DIR"):
        Store(blocker / "lib")


SCHEMA_V2 = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE clips (id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE, title TEXT NOT NULL,
    athlete TEXT NOT NULL DEFAULT '', sport TEXT NOT NULL DEFAULT 'auto', recorded_at TEXT NOT NULL,
    added_at TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'new', error TEXT NOT NULL DEFAULT '', fps REAL,
    num_frames INTEGER, thumbnail BLOB, motion_file TEXT, analysis_json TEXT, notes TEXT NOT NULL DEFAULT '');
CREATE TABLE chat (id INTEGER PRIMARY KEY, clip_id INTEGER NOT NULL REFERENCES clips(id) ON DELETE CASCADE,
    role TEXT NOT NULL, text TEXT NOT NULL, viewpoint_frames TEXT NOT NULL DEFAULT '[]',
    frame_scores TEXT NOT NULL DEFAULT '[]', created_at TEXT NOT NULL);
CREATE INDEX chat_clip ON chat(clip_id, id);
CREATE TABLE annotations (id INTEGER PRIMARY KEY, clip_id INTEGER NOT NULL REFERENCES clips(id) ON DELETE CASCADE,
    frame INTEGER NOT NULL, kind TEXT NOT NULL, points TEXT NOT NULL DEFAULT '[]', text TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL);
CREATE INDEX annotations_clip ON annotations(clip_id, frame, id);
INSERT INTO meta VALUES ('schema_version', '2');
INSERT INTO clips (path, title, sport, recorded_at, added_at, status, fps, notes)
    VALUES ('/clips/slowmo.mp4', 'slowmo', 'golf', '2025-05-01', '2025-05-01T10:00:00', 'ready', 30.0, 'tempo');
INSERT INTO chat (clip_id, role, text, created_at) VALUES (1, 'user', 'When is impact?', '2025-05-01T10:01:00');
"""


def test_a_version_2_library_gains_the_capture_frame_rate_keeping_its_data(tmp_path):
    old = sqlite3.connect(tmp_path / "library.sqlite3")
    old.executescript(SCHEMA_V2)
    old.close()
    store = Store(tmp_path)
    assert store.notice is None and store.migrated_from == 2 and SCHEMA_VERSION == 3
    [clip] = store.clips()
    assert (clip.title, clip.sport, clip.fps, clip.notes, clip.capture_fps) == ("slowmo", "golf", 30.0, "tempo", None)
    assert [r.text for r in store.chat(clip.id)] == ["When is impact?"]
    assert store.set_capture_fps(clip.id, 240).capture_fps == 240.0
    [backup] = tmp_path.glob("library.v2-*.bak")                          # the old file, as it was
    assert sqlite3.connect(backup).execute("SELECT value FROM meta").fetchone()[0] == "2"
    store.close()
    again = Store(tmp_path)
    assert again.migrated_from is None and again.clip(clip.id).capture_fps == 240.0
    assert again.set_capture_fps(clip.id, None).capture_fps is None      # cleared: the clip's own rate


def test_capture_frame_rate_and_sport_are_checked(tmp_path):
    store = Store(tmp_path)
    clip = store.add_clip(tmp_path / "a.mp4")
    assert clip.capture_fps is None
    assert store.set_capture_fps(clip.id, "119.88").capture_fps == pytest.approx(119.88)
    for bad in (0, -30, float("nan"), float("inf"), 1e9, "fast"):
        with pytest.raises(ValueError, match="capture frame rate"):
            store.set_capture_fps(clip.id, bad)
    assert store.clip(clip.id).capture_fps == pytest.approx(119.88)      # a refused value changes nothing
    assert store.set_sport(clip.id, "baseball").sport == "baseball"
    with pytest.raises(ValueError, match="sport"):
        store.update_clip(clip.id, sport="tennis")


def test_the_library_runs_in_wal_mode_with_a_busy_timeout(tmp_path):
    store = Store(tmp_path)
    assert store._db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store._db.execute("PRAGMA synchronous").fetchone()[0] == 1        # NORMAL
    assert store._db.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
    assert store._db.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_an_empty_file_left_by_a_first_start_is_a_new_library(tmp_path):
    (tmp_path / "library.sqlite3").write_bytes(b"")                          # killed before the schema commit
    store = Store(tmp_path)
    assert store.notice is None and not list(tmp_path.glob("*.bak")) and store.clips() == []
