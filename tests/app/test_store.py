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
