"""The clip library on disk: a versioned SQLite database plus motion files, in the user's data directory.

Clips, their analyses (as JSON), chat histories, coach notes and annotations survive restarts, crashes and a
second window. The database runs in WAL mode: a write is one short transaction taken up front (BEGIN IMMEDIATE),
a second process's write waits its turn (`BUSY_TIMEOUT_S`) instead of failing, and readers never block writers.
What a crash leaves behind (a hot rollback journal, a leftover -wal/-shm, a lock another process still holds) is
SQLite's to recover: the library is opened writable so it can, and only a database that then fails to open or
fails `PRAGMA quick_check` is declared damaged. A damaged database, or one written by a newer version, is moved
aside to a timestamped backup (`Store.backup`) and reported (`Store.notice`), never wiped; one written by an older
version is copied to a backup and upgraded in place (`MIGRATIONS`), keeping its data. No Qt here.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
import math
import os
import pathlib
import random
import sqlite3
import threading
import time

import platformdirs

from app.store_salvage import salvage
from llamo_engine.report.content import Annotation

SCHEMA_VERSION = 3
DB_NAME = "library.sqlite3"
BUSY_TIMEOUT_S = 10.0   # how long a write waits for another window's transaction before giving up
# NORMAL in WAL mode: a killed process loses nothing it committed (the WAL is in the OS's cache); only a power
# cut can lose the last commits (never corrupts). FULL adds an fsync per commit (see `python -m app.crash_check`).
SYNCHRONOUS = "NORMAL"
MAX_CAPTURE_FPS = 100_000.0   # high-speed cameras; anything above is a typo

# Version 2: coach annotations (a note, line or angle on one video frame; points normalised to the frame).
_ANNOTATIONS = (
    """CREATE TABLE annotations (
    id INTEGER PRIMARY KEY,
    clip_id INTEGER NOT NULL REFERENCES clips(id) ON DELETE CASCADE,
    frame INTEGER NOT NULL,
    kind TEXT NOT NULL,
    points TEXT NOT NULL DEFAULT '[]',
    text TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
)""",
    "CREATE INDEX annotations_clip ON annotations(clip_id, frame, id)",
)
# Version 3: the rate a clip was recorded at (slow motion: recorded at 240, played at 30); NULL = as played.
_CAPTURE_FPS = ("ALTER TABLE clips ADD COLUMN capture_fps REAL",)
# from version -> the statements that bring a database of that version to the next one
MIGRATIONS = {1: _ANNOTATIONS, 2: _CAPTURE_FPS}

_SCHEMA = (
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    """CREATE TABLE clips (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    athlete TEXT NOT NULL DEFAULT '',
    sport TEXT NOT NULL DEFAULT 'auto',
    recorded_at TEXT NOT NULL,
    added_at TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'new',
    error TEXT NOT NULL DEFAULT '',
    fps REAL,
    num_frames INTEGER,
    thumbnail BLOB,
    motion_file TEXT,
    analysis_json TEXT,
    notes TEXT NOT NULL DEFAULT '',
    capture_fps REAL
)""",
    """CREATE TABLE chat (
    id INTEGER PRIMARY KEY,
    clip_id INTEGER NOT NULL REFERENCES clips(id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    text TEXT NOT NULL,
    viewpoint_frames TEXT NOT NULL DEFAULT '[]',
    frame_scores TEXT NOT NULL DEFAULT '[]',
    created_at TEXT NOT NULL
)""",
    "CREATE INDEX chat_clip ON chat(clip_id, id)",
) + _ANNOTATIONS

_SALVAGE_NAMES = {"clips": "clips", "chat": "chat turns", "annotations": "annotations"}

CLIP_STATUSES = ("new", "analyzing", "ready", "failed")
SPORTS = ("auto", "golf", "baseball")   # "auto": the analysis detects the sport


def data_dir() -> pathlib.Path:
    """LLAMO_DATA_DIR if set (tests, portable installs), else the platform's user data directory."""
    path = pathlib.Path(os.environ.get("LLAMO_DATA_DIR") or platformdirs.user_data_dir("llamo-coach"))
    path.mkdir(parents=True, exist_ok=True)
    return path


@dataclasses.dataclass
class ClipRecord:
    id: int
    path: str
    title: str
    athlete: str = ""
    sport: str = "auto"
    recorded_at: str = ""     # ISO date the clip was recorded (file time when unknown)
    added_at: str = ""
    status: str = "new"       # one of CLIP_STATUSES
    error: str = ""           # the last failure, in words the coach can act on
    fps: float | None = None
    num_frames: int | None = None
    thumbnail: bytes | None = None   # PNG
    motion_file: str | None = None   # .npz of the estimated MotionSequence, relative to the data dir
    analysis_json: str | None = None
    notes: str = ""
    capture_fps: float | None = None   # the rate it was recorded at (240 for slow motion played at 30)


@dataclasses.dataclass
class ChatRecord:
    role: str                      # "user" or "assistant"
    text: str
    viewpoint_frames: list = dataclasses.field(default_factory=list)   # frame indices the model looked at
    frame_scores: list = dataclasses.field(default_factory=list)       # (T,) Cross Talker scores
    created_at: str = ""
    id: int | None = None


@dataclasses.dataclass
class AnnotationRecord:
    """A coach's mark on one video frame (the playback clock's frame): a note (pinned to one point, or to the
    frame), a line (2 points) or an angle (3 points a, vertex, b). Points are (x, y) in [0, 1] of the frame,
    origin top-left. Checked like the report's `Annotation` (ValueError on a bad kind or point count)."""

    frame: int
    kind: str
    points: list = dataclasses.field(default_factory=list)
    text: str = ""
    created_at: str = ""
    id: int | None = None

    def __post_init__(self) -> None:
        mark = self.to_annotation()
        self.frame, self.points = mark.frame, list(mark.points)

    def to_annotation(self, first_frame: int = 0) -> Annotation:
        """The report's Annotation; its frame is the motion row (video frame - motion.meta["first_frame"])."""
        return Annotation(frame=int(self.frame) - first_frame, kind=self.kind, points=list(self.points),
                          text=self.text)


class StoreError(RuntimeError):
    """The library could not be opened or written; the message says what to do."""


def _is_damage(e: sqlite3.Error) -> bool:
    """True for "file is not a database" and "database disk image is malformed"; a lock, a read-only folder or
    an I/O error is no damage (the file is fine; the situation around it is not)."""
    return (getattr(e, "sqlite_errorcode", 0) & 0xFF) in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)


def _is_busy(e: sqlite3.Error) -> bool:
    return (getattr(e, "sqlite_errorcode", 0) & 0xFF) in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)


class Store:
    def __init__(self, root: str | os.PathLike | None = None, busy_timeout_s: float = BUSY_TIMEOUT_S) -> None:
        self.notice: str | None = None          # set when a database had to be moved aside
        self.backup: pathlib.Path | None = None  # where it went
        self.salvaged: dict[str, int] | None = None   # rows copied from a damaged database into the new one
        self.migrated_from: int | None = None   # the schema version an older database was upgraded from
        self.busy_timeout_s = busy_timeout_s
        self._lock = threading.RLock()           # one write transaction at a time on this connection
        try:
            self.root = pathlib.Path(root) if root is not None else data_dir()
            self.root.mkdir(parents=True, exist_ok=True)
            (self.root / "motion").mkdir(exist_ok=True)
            self.path = self.root / DB_NAME
            self._db = self._open()
        except sqlite3.Error as e:
            if _is_busy(e):
                raise StoreError(self._busy_message(e)) from e
            raise StoreError(f"The clip library {self.path} could not be opened ({e}); free disk space or set "
                             "LLAMO_DATA_DIR to a writable folder and start again.") from e
        except OSError as e:
            raise StoreError(f"The clip library could not be opened ({e}); set LLAMO_DATA_DIR to a writable "
                             "folder and start again.") from e

    def _busy_message(self, e: sqlite3.Error) -> str:
        return (f"The clip library {self.path} stayed locked by another program for {self.busy_timeout_s:g} s "
                f"({e}); close the other program (or the LLaMo Coach window stuck on it) and try again.")

    # ---- opening, versioning, recovery -------------------------------------------------------------------
    def _connect(self) -> sqlite3.Connection:
        """A writable connection in autocommit mode (transactions are explicit, see `_write`).

        Two windows switching a rollback-journal library to WAL at the same moment deadlock (each holds a read
        lock the other's switch needs), and SQLite answers one of them "locked" at once rather than waiting;
        that one lets go and tries again until the busy timeout."""
        deadline = time.monotonic() + self.busy_timeout_s
        while True:
            db = sqlite3.connect(self.path, timeout=self.busy_timeout_s, isolation_level=None,
                                 check_same_thread=False)
            try:
                db.execute("PRAGMA journal_mode = WAL")   # persistent; also rolls back a hot journal first
                db.execute(f"PRAGMA synchronous = {SYNCHRONOUS}")
                db.execute("PRAGMA foreign_keys = ON")
                return db
            except sqlite3.OperationalError as e:
                db.close()
                if not _is_busy(e) or time.monotonic() > deadline:
                    raise
            except BaseException:
                db.close()
                raise
            time.sleep(random.uniform(0.005, 0.05))

    def _open(self) -> sqlite3.Connection:
        db = None
        try:
            db = self._connect()   # writable, so SQLite can roll back a hot journal or replay a leftover WAL
            problem = self._check(db)
        except sqlite3.DatabaseError as e:
            if db is not None:
                db.close()
            if not _is_damage(e):
                raise   # locked, read-only, out of space, I/O: the file is fine, the caller says what to do
            db, problem = None, ("corrupt", f"The clip library database is damaged ({e}).")
        if problem is not None:
            if db is not None:
                db.close()
            self.backup = self._move_aside(problem[0])
            self.notice = f"{problem[1]} It was kept, unchanged, as {self.backup}; a new, empty library was started."
            db = self._connect()
        try:
            self._create_or_migrate(db)
            if problem is not None and problem[0] == "corrupt":
                self._salvage(db, problem[1])
        except BaseException:
            db.close()
            raise
        return db

    def _salvage(self, db: sqlite3.Connection, message: str) -> None:
        """Fill the new library with what can still be read from the damaged one; say what came back."""
        try:
            with self._write(db):
                self.salvaged = salvage(self.backup, db)
        except (OSError, sqlite3.Error):
            self.salvaged = None
        found = self.salvaged and {k: n for k, n in self.salvaged.items() if n and k != "settings"}
        if found:
            what = ", ".join(f"{n} {_SALVAGE_NAMES[k] if n != 1 else _SALVAGE_NAMES[k][:-1]}" for k, n in found.items())
            self.notice = (f"{message} It was kept, unchanged, as {self.backup}; a new library was started with "
                           f"what could still be read from it: {what}.")

    @staticmethod
    def _check(db: sqlite3.Connection) -> tuple[str, str] | None:
        """None if usable (or empty); else (backup tag, message). Raises sqlite3.DatabaseError when unreadable."""
        verdict = db.execute("PRAGMA quick_check").fetchone()[0]
        if verdict != "ok":
            return "corrupt", f"The clip library database is damaged (integrity check: {verdict})."
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if not tables:
            return None   # empty: a first start that stopped before its schema was committed
        row = db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone() if "meta" in tables else None
        if row is None or not str(row[0]).isdigit():
            return "corrupt", "The clip library database has no version."
        if int(row[0]) > SCHEMA_VERSION:
            return (f"v{row[0]}", f"The clip library was written by a newer version of LLaMo Coach "
                    f"(schema {row[0]}, this version reads {SCHEMA_VERSION}).")
        return None

    def _create_or_migrate(self, db: sqlite3.Connection) -> None:
        """Write the schema into an empty database, or bring an older one up to SCHEMA_VERSION (after copying it
        to a backup), each in one transaction. Re-checked under the write lock: a second window starting at the
        same moment finds the work done and does nothing."""
        version = self._version(db)
        if version is not None and version < SCHEMA_VERSION:
            self._backup_copy(db, version)   # outside the transaction: a backup cannot read past our own lock
        with self._write(db):
            version = self._version(db)
            if version is None:
                for statement in _SCHEMA:
                    db.execute(statement)
                db.execute("INSERT INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
            elif version < SCHEMA_VERSION:   # all steps or none: a failure leaves the old version to migrate again
                for v in range(version, SCHEMA_VERSION):
                    for statement in MIGRATIONS[v]:
                        db.execute(statement)
                db.execute("UPDATE meta SET value=? WHERE key='schema_version'", (str(SCHEMA_VERSION),))
                self.migrated_from = version

    @staticmethod
    def _version(db: sqlite3.Connection) -> int | None:
        if db.execute("SELECT count(*) FROM sqlite_master WHERE name='meta'").fetchone()[0] == 0:
            return None
        return int(db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0])

    def _backup_copy(self, db: sqlite3.Connection, version: int) -> None:
        """The old database as it was, written to a temporary file and renamed into place (never half-written)."""
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        final = self.path.with_name(f"{self.path.stem}.v{version}-{stamp}.bak")
        partial = final.with_name(f"{final.name}.{os.getpid()}.partial")
        target = sqlite3.connect(partial)
        try:
            db.backup(target)
        finally:
            target.close()
        os.replace(partial, final)

    def _move_aside(self, tag: str) -> pathlib.Path:
        """Rename the database and its -wal/-shm/-journal together (SQLite finds them by the new name)."""
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        backup = self.path.with_name(f"{self.path.stem}.{tag}-{stamp}.bak")
        os.replace(self.path, backup)
        for suffix in ("-wal", "-shm", "-journal"):
            side = self.path.with_name(self.path.name + suffix)
            if side.exists():
                os.replace(side, backup.with_name(backup.name + suffix))
        return backup

    @contextlib.contextmanager
    def _write(self, db: sqlite3.Connection | None = None):
        """One short write transaction, its write lock taken up front so a second window's write waits its turn
        (busy timeout) instead of failing halfway; committed on success, rolled back on any error."""
        db = db or self._db
        with self._lock:
            try:
                db.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as e:
                if _is_busy(e):
                    raise StoreError(self._busy_message(e)) from e
                raise
            try:
                yield db
            except BaseException:
                if db.in_transaction:
                    db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")

    def close(self) -> None:
        self._db.close()

    # ---- settings ----------------------------------------------------------------------------------------
    def setting(self, key: str, default: str | None = None) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key=?", ("setting." + key,)).fetchone()
        return default if row is None else row[0]

    def set_setting(self, key: str, value: str) -> None:
        with self._write() as db:
            db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", ("setting." + key, value))

    # ---- clips -------------------------------------------------------------------------------------------
    _FIELDS = [f.name for f in dataclasses.fields(ClipRecord)]

    def clips(self) -> list[ClipRecord]:
        rows = self._db.execute(f"SELECT {', '.join(self._FIELDS)} FROM clips ORDER BY id").fetchall()
        return [ClipRecord(*row) for row in rows]

    def clip(self, clip_id: int) -> ClipRecord | None:
        row = self._db.execute(f"SELECT {', '.join(self._FIELDS)} FROM clips WHERE id=?", (clip_id,)).fetchone()
        return None if row is None else ClipRecord(*row)

    def find(self, path: str | os.PathLike) -> ClipRecord | None:
        row = self._db.execute("SELECT id FROM clips WHERE path=?", (str(pathlib.Path(path).resolve()),)).fetchone()
        return None if row is None else self.clip(row[0])

    def add_clip(self, path: str | os.PathLike, sport: str = "auto", athlete: str = "") -> ClipRecord:
        """Add a clip by path (an existing entry for the same file, from this window or another, is returned
        unchanged)."""
        path = pathlib.Path(path).resolve()
        if sport not in SPORTS:
            raise ValueError(f"unknown sport {sport!r}; one of {SPORTS}")
        now = dt.datetime.now().isoformat(timespec="seconds")
        recorded = dt.datetime.fromtimestamp(path.stat().st_mtime).date().isoformat() if path.exists() else now[:10]
        with self._write() as db:   # look-up and insert under one lock: two windows adding one file get one row
            row = db.execute("SELECT id FROM clips WHERE path=?", (str(path),)).fetchone()
            if row is None:
                row = (db.execute(
                    "INSERT INTO clips (path, title, athlete, sport, recorded_at, added_at) VALUES (?, ?, ?, ?, ?, ?)",
                    (str(path), path.stem.replace("_", " "), athlete, sport, recorded, now)).lastrowid,)
        return self.clip(row[0])

    def update_clip(self, clip_id: int, **fields) -> ClipRecord:
        unknown = (set(fields) - set(self._FIELDS)) | ({"id"} & set(fields))
        if unknown:
            raise ValueError(f"cannot update clip fields {sorted(unknown)}")
        if "status" in fields and fields["status"] not in CLIP_STATUSES:
            raise ValueError(f"unknown clip status {fields['status']!r}; one of {CLIP_STATUSES}")
        if "sport" in fields and fields["sport"] not in SPORTS:
            raise ValueError(f"unknown sport {fields['sport']!r}; one of {SPORTS}")
        if fields.get("capture_fps") is not None:
            fields["capture_fps"] = _checked_capture_fps(fields["capture_fps"])
        if fields:
            sets = ", ".join(f"{k}=?" for k in fields)
            with self._write() as db:
                db.execute(f"UPDATE clips SET {sets} WHERE id=?", (*fields.values(), clip_id))
        return self.clip(clip_id)

    def set_sport(self, clip_id: int, sport: str) -> ClipRecord:
        """The coach's sport override ("auto": the analysis decides)."""
        return self.update_clip(clip_id, sport=sport)

    def set_capture_fps(self, clip_id: int, capture_fps: float | None) -> ClipRecord:
        """The rate the clip was recorded at (e.g. 240 for a slow-motion clip played at 30); None: as played."""
        return self.update_clip(clip_id, capture_fps=capture_fps)

    def remove_clip(self, clip_id: int) -> None:
        """Forget a clip (the video file itself is never touched)."""
        clip = self.clip(clip_id)
        with self._write() as db:
            db.execute("DELETE FROM clips WHERE id=?", (clip_id,))
        if clip is not None and clip.motion_file:
            (self.root / clip.motion_file).unlink(missing_ok=True)

    def motion_path(self, clip_id: int) -> pathlib.Path:
        return self.root / "motion" / f"clip{clip_id}.npz"

    # ---- chat --------------------------------------------------------------------------------------------
    def chat(self, clip_id: int) -> list[ChatRecord]:
        rows = self._db.execute("SELECT role, text, viewpoint_frames, frame_scores, created_at, id FROM chat "
                                "WHERE clip_id=? ORDER BY id", (clip_id,)).fetchall()
        return [ChatRecord(r[0], r[1], json.loads(r[2]), json.loads(r[3]), r[4], r[5]) for r in rows]

    def add_chat(self, clip_id: int, record: ChatRecord) -> ChatRecord:
        created = record.created_at or dt.datetime.now().isoformat(timespec="seconds")
        with self._write() as db:
            cur = db.execute(
                "INSERT INTO chat (clip_id, role, text, viewpoint_frames, frame_scores, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (clip_id, record.role, record.text, json.dumps([int(f) for f in record.viewpoint_frames]),
                 json.dumps([round(float(s), 5) for s in record.frame_scores]), created))
        return dataclasses.replace(record, created_at=created, id=cur.lastrowid)

    def clear_chat(self, clip_id: int) -> None:
        with self._write() as db:
            db.execute("DELETE FROM chat WHERE clip_id=?", (clip_id,))

    # ---- annotations -------------------------------------------------------------------------------------
    def annotations(self, clip_id: int) -> list[AnnotationRecord]:
        rows = self._db.execute("SELECT frame, kind, points, text, created_at, id FROM annotations "
                                "WHERE clip_id=? ORDER BY frame, id", (clip_id,)).fetchall()
        return [AnnotationRecord(r[0], r[1], [tuple(p) for p in json.loads(r[2])], r[3], r[4], r[5]) for r in rows]

    def add_annotation(self, clip_id: int, record: AnnotationRecord) -> AnnotationRecord:
        created = record.created_at or dt.datetime.now().isoformat(timespec="seconds")
        points = [(round(float(x), 5), round(float(y), 5)) for x, y in record.points]   # as stored
        with self._write() as db:
            cur = db.execute(
                "INSERT INTO annotations (clip_id, frame, kind, points, text, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                (clip_id, int(record.frame), record.kind, json.dumps(points), record.text, created))
        return dataclasses.replace(record, points=points, created_at=created, id=cur.lastrowid)

    def update_annotation(self, annotation_id: int, text: str) -> None:
        with self._write() as db:
            db.execute("UPDATE annotations SET text=? WHERE id=?", (text, annotation_id))

    def remove_annotation(self, annotation_id: int) -> None:
        with self._write() as db:
            db.execute("DELETE FROM annotations WHERE id=?", (annotation_id,))


def _checked_capture_fps(value) -> float:
    try:
        fps = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"capture frame rate {value!r} is not a number; give frames per second, e.g. 240") from None
    if not (math.isfinite(fps) and 0 < fps <= MAX_CAPTURE_FPS):
        raise ValueError(f"capture frame rate {value!r} is out of range; give frames per second above 0 and up to "
                         f"{MAX_CAPTURE_FPS:g}, or clear it")
    return fps
