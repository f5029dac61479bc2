"""A library survives crashes: writers killed with SIGKILL, hot rollback journals, locks held by another process;
only a database that is really damaged is moved aside (backed up unchanged, the coach told where)."""

import os
import pathlib
import signal
import sqlite3
import subprocess
import sys

import pytest

from app.crash_check import crash_rounds
from app.store import ChatRecord, Store, StoreError

REPO = pathlib.Path(__file__).parents[2]
pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL (POSIX)")


def _child(code: str, root: pathlib.Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", code, str(root)], cwd=REPO, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def _kill(child: subprocess.Popen) -> None:
    os.kill(child.pid, signal.SIGKILL)
    child.wait()


@pytest.mark.slow
def test_writers_killed_at_random_points_lose_no_committed_row(tmp_path):
    rounds = crash_rounds(tmp_path / "lib", rounds=20, seed=16)
    assert {r.phase for r in rounds} == {"open", "write"}          # kills while opening and while writing
    assert sum(r.reported for r in rounds) > 100 and sum(r.wal_left for r in rounds) > 0
    assert [r.lost for r in rounds] == [0] * 20                     # every reported commit is there
    assert not any(r.moved_aside for r in rounds)
    assert all(r.unreported <= 1 for r in rounds)                   # at most the commit the kill cut off


HOLD_TRANSACTION = """
import pathlib, sys, time
from app.store import ChatRecord, Store
store = Store(sys.argv[1])
store._db.execute("PRAGMA journal_mode = DELETE")   # as libraries were written before WAL
store._db.execute("PRAGMA cache_size = 5")          # spill pages into the file before the commit
clip = store.add_clip(pathlib.Path(sys.argv[1]) / "a.mp4")
store.add_chat(clip.id, ChatRecord("user", "kept"))
store._db.execute("BEGIN IMMEDIATE")
for i in range(300):
    store._db.execute("INSERT INTO chat (clip_id, role, text, created_at) VALUES (?, 'user', ?, '')",
                      (clip.id, "never committed " * 50))
print("mid-transaction", flush=True)
time.sleep(60)
"""


def test_a_hot_rollback_journal_is_rolled_back_not_moved_aside(tmp_path):
    root = tmp_path / "lib"
    child = _child(HOLD_TRANSACTION, root)
    assert child.stdout.readline().strip() == "mid-transaction", child.stderr.read()
    _kill(child)
    journal = root / "library.sqlite3-journal"
    assert journal.exists() and journal.stat().st_size > 0
    with pytest.raises(sqlite3.Error):   # why a read-only check declared such libraries corrupt
        sqlite3.connect(f"file:{root / 'library.sqlite3'}?mode=ro", uri=True).execute("PRAGMA quick_check")
    store = Store(root)
    assert store.notice is None and store.backup is None and not list(root.glob("*.bak*"))
    [clip] = store.clips()
    assert [r.text for r in store.chat(clip.id)] == ["kept"]
    assert not journal.exists()
    assert store._db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


HOLD_LOCK = """
import sys, time
from app.store import ChatRecord, Store
store = Store(sys.argv[1])
clip = store.add_clip(sys.argv[1] + "/a.mp4")
store._db.execute("PRAGMA journal_mode = DELETE")
store._db.execute("BEGIN EXCLUSIVE")                 # no reader or writer gets in until the commit
store._db.execute("INSERT INTO chat (clip_id, role, text, created_at) VALUES (?, 'user', 'written', '')", (clip.id,))
print("locked", flush=True)
time.sleep(float(sys.argv[2]) if len(sys.argv) > 2 else 0.5)
store._db.execute("COMMIT")
print("committed", flush=True)
time.sleep(60)
"""


def test_a_lock_held_by_another_process_is_waited_for(tmp_path):
    root = tmp_path / "lib"
    child = _child(HOLD_LOCK, root)
    try:
        assert child.stdout.readline().strip() == "locked", child.stderr.read()
        store = Store(root)                              # waits for the commit (busy timeout), then opens
        [clip] = store.clips()
        assert [r.text for r in store.chat(clip.id)] == ["written"]
        assert store.notice is None and not list(root.glob("*.bak*"))
        store.close()
    finally:
        _kill(child)


def test_a_lock_held_too_long_says_so_and_moves_nothing(tmp_path):
    root = tmp_path / "lib"
    child = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(root), "60"], cwd=REPO, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "locked", child.stderr.read()
        with pytest.raises(StoreError, match="locked by another program"):
            Store(root, busy_timeout_s=0.3)
        assert (root / "library.sqlite3").exists() and not list(root.glob("*.bak*"))
    finally:
        _kill(child)
    store = Store(root)                                  # the uncommitted row went with the killed process
    assert store.notice is None and len(store.clips()) == 1


def test_a_write_that_waits_too_long_raises_a_store_error(tmp_path):
    root = tmp_path / "lib"
    store = Store(root, busy_timeout_s=0.2)
    clip = store.add_clip(root / "a.mp4")
    other = sqlite3.connect(root / "library.sqlite3", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")                     # another window in the middle of a write
    with pytest.raises(StoreError, match="locked by another program"):
        store.add_chat(clip.id, ChatRecord("user", "hello"))
    other.execute("ROLLBACK")
    assert store.add_chat(clip.id, ChatRecord("user", "hello")).id is not None   # nothing left half-done
    assert not store._db.in_transaction


def test_a_really_damaged_database_is_backed_up_unchanged_and_what_is_readable_comes_back(tmp_path):
    root = tmp_path / "lib"
    store = Store(root)
    clip = store.add_clip(root / "a.mp4")
    answers = [f"answer {i} " * 40 for i in range(200)]
    for text in answers:
        store.add_chat(clip.id, ChatRecord("assistant", text))
    store.set_setting("samples_seeded", "yes")
    store.close()
    path = root / "library.sqlite3"
    data = bytearray(path.read_bytes())
    page = 4096
    data[20 * page:22 * page] = b"\x07" * (2 * page)     # two of the chat's pages overwritten (a disk fault)
    path.write_bytes(bytes(data))
    fresh = Store(root)
    assert fresh.backup is not None and fresh.backup.name.startswith("library.corrupt-")
    assert fresh.backup.read_bytes() == bytes(data)      # kept exactly as it was
    assert "damaged" in fresh.notice and str(fresh.backup) in fresh.notice
    [again] = fresh.clips()                              # the clip and the chat turns off the damaged pages
    texts = [r.text for r in fresh.chat(again.id)]
    assert 150 < len(texts) < 200 and set(texts) <= set(answers)
    assert f"1 clip, {len(texts)} chat turns" in fresh.notice
    assert fresh.setting("samples_seeded") == "yes"
    assert fresh._db.execute("PRAGMA quick_check").fetchone()[0] == "ok"


def test_a_file_that_is_not_a_database_is_backed_up_and_a_new_library_started(tmp_path):
    (tmp_path / "library.sqlite3").write_bytes(b"this is not sqlite" * 100)
    store = Store(tmp_path)
    assert "damaged" in store.notice and "new, empty library" in store.notice and str(store.backup) in store.notice
    assert store.backup.read_bytes() == b"this is not sqlite" * 100 and store.clips() == []
