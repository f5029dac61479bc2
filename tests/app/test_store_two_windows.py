"""Two windows on one library (a second `main.py`, e.g. a double click): both read and write at once, each sees
the other's committed rows, and no "database is locked" reaches the coach."""

import json
import pathlib
import sqlite3
import subprocess
import sys
import time

from app.store import Store
from tests.app.test_store import SCHEMA_V2

REPO = pathlib.Path(__file__).parents[2]
WRITES = 150

WINDOW = """
import json, os, pathlib, sys, time
from app.store import AnnotationRecord, ChatRecord, Store
root, me, other, n = pathlib.Path(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])

def wait_until(done, what):
    deadline = time.monotonic() + 60
    while not done():
        if time.monotonic() > deadline:
            sys.exit(f"{me}: {what} never happened")
        time.sleep(0.002)

def theirs():
    return [r for r in store.chat(clip.id) if r.text.startswith(other + " ")]

wait_until((root / "go").exists, "the start signal")
store = Store(root)                                   # both open (and upgrade) the same library at once
clip = store.add_clip(root / "shared.mp4", sport="golf")
mine = [store.add_chat(clip.id, ChatRecord("user", f"{me} hello")).id]
wait_until(lambda: theirs(), "seeing the other window's first row")   # read while the other writes
for i in range(n):
    mine.append(store.add_chat(clip.id, ChatRecord("assistant", f"{me} {i} " + "words " * 100, [i], [0.5])).id)
    store.update_clip(clip.id, notes=f"{me} note {i}")
    store.add_annotation(clip.id, AnnotationRecord(i, "note", [(0.5, 0.5)], f"{me} {i}"))
    theirs()                                          # and read between the writes
partial = root / f"{me}.json.partial"
partial.write_text(json.dumps(mine))
os.replace(partial, root / f"{me}.json")
wait_until((root / f"{other}.json").exists, "the other window finishing")
missing = set(json.loads((root / f"{other}.json").read_text())) - {r.id for r in store.chat(clip.id)}
print(json.dumps({"clip": clip.id, "migrated_from": store.migrated_from, "missing_theirs": len(missing),
                  "notice": store.notice}))
"""


def test_two_processes_read_and_write_one_library_at_once(tmp_path):
    root = tmp_path / "lib"
    root.mkdir()
    old = sqlite3.connect(root / "library.sqlite3")     # an older library: both windows want to upgrade it
    old.executescript(SCHEMA_V2)
    old.close()
    windows = [subprocess.Popen([sys.executable, "-c", WINDOW, str(root), me, other, str(WRITES)], cwd=REPO,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
               for me, other in (("A", "B"), ("B", "A"))]
    time.sleep(0.3)
    (root / "go").touch()
    outputs = [w.communicate(timeout=120) for w in windows]
    for w, (out, err) in zip(windows, outputs):
        assert w.returncode == 0 and err == "", err                # no "database is locked", no traceback
    reports = [json.loads(out) for out, _ in outputs]
    assert [r["missing_theirs"] for r in reports] == [0, 0]        # each sees every row the other committed
    assert reports[0]["clip"] == reports[1]["clip"]                # one file added twice is one clip
    assert sorted(r["migrated_from"] for r in reports if r["migrated_from"]) == [2]   # upgraded exactly once
    assert [r["notice"] for r in reports] == [None, None]

    store = Store(root)
    clips = store.clips()
    assert len(clips) == 2 and not list(root.glob("*.corrupt-*"))   # the old clip and the shared one
    shared = store.find(root / "shared.mp4")
    assert len(store.chat(shared.id)) == 2 * (WRITES + 1) and len(store.annotations(shared.id)) == 2 * WRITES
    assert shared.notes in (f"A note {WRITES - 1}", f"B note {WRITES - 1}")
    assert len(list(root.glob("library.v2-*.bak"))) >= 1
