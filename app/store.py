"""The clip library on disk: a versioned SQLite database plus motion files, in the user's data directory.

Clips, their analyses (as JSON), chat histories, coach notes and annotations survive restarts. A database that is
corrupt or was written by a newer version is moved aside to a timestamped backup and reported (`Store.notice`),
never silently wiped; one written by an older version is copied to a backup and upgraded in place (`MIGRATIONS`),
keeping its data. No Qt here.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import pathlib
import sqlite3

import platformdirs

from llamo_engine.report.content import Annotation

SCHEMA_VERSION = 2
DB_NAME = "library.sqlite3"

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
# from version -> the statements that bring a database of that version to the next one
MIGRATIONS = {1: _ANNOTATIONS}

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE clips (
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
    notes TEXT NOT NULL DEFAULT ''
);
CREATE TABLE chat (
    id INTEGER PRIMARY KEY,
    clip_id INTEGER NOT NULL REFERENCES clips(id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    text TEXT NOT NULL,
    viewpoint_frames TEXT NOT NULL DEFAULT '[]',
    frame_scores TEXT NOT NULL DEFAULT '[]',
    created_at TEXT NOT NULL
);
CREATE INDEX chat_clip ON chat(clip_id, id);
""" + "".join(statement + ";\n" for statement in _ANNOTATIONS)

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


class Store:
    def __init__(self, root: str | os.PathLike | None = None) -> None:
        self.notice: str | None = None   # set when a database had to be moved aside
        self.migrated_from: int | None = None   # the schema version an older database was upgraded from
        try:
            self.root = pathlib.Path(root) if root is not None else data_dir()
            self.root.mkdir(parents=True, exist_ok=True)
            (self.root / "motion").mkdir(exist_ok=True)
            self.path = self.root / DB_NAME
            self._db = self._open()
        except (OSError, sqlite3.Error) as e:
            raise StoreError(f"The clip library could not be opened ({e}); set LLAMO_DATA_DIR to a writable "
                             "folder and start again.") from e

    # ---- opening, versioning, recovery -------------------------------------------------------------------
    def _open(self) -> sqlite3.Connection:
        if self.path.exists():
            problem = self._check(self.path)
            if problem is not None:
                backup = self._move_aside(problem[0])
                self.notice = f"{problem[1]} It was kept as {backup.name} in {self.root}; a new, empty library was started."
        db = sqlite3.connect(self.path, check_same_thread=False)
        db.execute("PRAGMA foreign_keys = ON")
        if db.execute("SELECT count(*) FROM sqlite_master WHERE name='meta'").fetchone()[0] == 0:
            with db:
                db.executescript(_SCHEMA)
                db.execute("INSERT INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
        else:
            self._migrate(db)
        return db

    def _migrate(self, db: sqlite3.Connection) -> None:
        """Bring an older database up to SCHEMA_VERSION in one transaction, after copying it to a backup."""
        version = int(db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0])
        if version >= SCHEMA_VERSION:
            return
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        backup_path = self.path.with_name(f"{self.path.stem}.v{version}-{stamp}.bak")
        backup = sqlite3.connect(backup_path)
        try:
            db.backup(backup)
        finally:
            backup.close()
        with db:   # all steps or none: a failure leaves the old version, which the next start migrates again
            for v in range(version, SCHEMA_VERSION):
                for statement in MIGRATIONS[v]:
                    db.execute(statement)
            db.execute("UPDATE meta SET value=? WHERE key='schema_version'", (str(SCHEMA_VERSION),))
        self.migrated_from = version

    @staticmethod
    def _check(path: pathlib.Path) -> tuple[str, str] | None:
        """None if usable; else (backup tag, message)."""
        try:
            db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            try:
                if db.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                    return "corrupt", "The clip library database is damaged."
                row = db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
            finally:
                db.close()
        except sqlite3.DatabaseError as e:
            return "corrupt", f"The clip library database could not be read ({e})."
        if row is None:
            return "corrupt", "The clip library database has no version."
        if int(row[0]) > SCHEMA_VERSION:
            return (f"v{row[0]}", f"The clip library was written by a newer version of LLaMo Coach "
                    f"(schema {row[0]}, this version reads {SCHEMA_VERSION}).")
        return None

    def _move_aside(self, tag: str) -> pathlib.Path:
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        backup = self.path.with_name(f"{self.path.stem}.{tag}-{stamp}.bak")
        os.replace(self.path, backup)
        for suffix in ("-wal", "-shm", "-journal"):
            side = self.path.with_name(self.path.name + suffix)
            if side.exists():
                os.replace(side, backup.with_name(backup.name + suffix))
        return backup

    def close(self) -> None:
        self._db.close()

    # ---- settings ----------------------------------------------------------------------------------------
    def setting(self, key: str, default: str | None = None) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key=?", ("setting." + key,)).fetchone()
        return default if row is None else row[0]

    def set_setting(self, key: str, value: str) -> None:
        with self._db:
            self._db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", ("setting." + key, value))

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
        """Add a clip by path (an existing entry for the same file is returned unchanged)."""
        path = pathlib.Path(path).resolve()
        existing = self.find(path)
        if existing is not None:
            return existing
        if sport not in SPORTS:
            raise ValueError(f"unknown sport {sport!r}; one of {SPORTS}")
        now = dt.datetime.now().isoformat(timespec="seconds")
        recorded = dt.datetime.fromtimestamp(path.stat().st_mtime).date().isoformat() if path.exists() else now[:10]
        with self._db:
            cur = self._db.execute(
                "INSERT INTO clips (path, title, athlete, sport, recorded_at, added_at) VALUES (?, ?, ?, ?, ?, ?)",
                (str(path), path.stem.replace("_", " "), athlete, sport, recorded, now))
        return self.clip(cur.lastrowid)

    def update_clip(self, clip_id: int, **fields) -> ClipRecord:
        unknown = (set(fields) - set(self._FIELDS)) | ({"id"} & set(fields))
        if unknown:
            raise ValueError(f"cannot update clip fields {sorted(unknown)}")
        if "status" in fields and fields["status"] not in CLIP_STATUSES:
            raise ValueError(f"unknown clip status {fields['status']!r}; one of {CLIP_STATUSES}")
        if fields:
            sets = ", ".join(f"{k}=?" for k in fields)
            with self._db:
                self._db.execute(f"UPDATE clips SET {sets} WHERE id=?", (*fields.values(), clip_id))
        return self.clip(clip_id)

    def remove_clip(self, clip_id: int) -> None:
        """Forget a clip (the video file itself is never touched)."""
        clip = self.clip(clip_id)
        with self._db:
            self._db.execute("DELETE FROM clips WHERE id=?", (clip_id,))
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
        with self._db:
            cur = self._db.execute(
                "INSERT INTO chat (clip_id, role, text, viewpoint_frames, frame_scores, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (clip_id, record.role, record.text, json.dumps([int(f) for f in record.viewpoint_frames]),
                 json.dumps([round(float(s), 5) for s in record.frame_scores]), created))
        return dataclasses.replace(record, created_at=created, id=cur.lastrowid)

    def clear_chat(self, clip_id: int) -> None:
        with self._db:
            self._db.execute("DELETE FROM chat WHERE clip_id=?", (clip_id,))

    # ---- annotations -------------------------------------------------------------------------------------
    def annotations(self, clip_id: int) -> list[AnnotationRecord]:
        rows = self._db.execute("SELECT frame, kind, points, text, created_at, id FROM annotations "
                                "WHERE clip_id=? ORDER BY frame, id", (clip_id,)).fetchall()
        return [AnnotationRecord(r[0], r[1], [tuple(p) for p in json.loads(r[2])], r[3], r[4], r[5]) for r in rows]

    def add_annotation(self, clip_id: int, record: AnnotationRecord) -> AnnotationRecord:
        created = record.created_at or dt.datetime.now().isoformat(timespec="seconds")
        points = [(round(float(x), 5), round(float(y), 5)) for x, y in record.points]   # as stored
        with self._db:
            cur = self._db.execute(
                "INSERT INTO annotations (clip_id, frame, kind, points, text, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                (clip_id, int(record.frame), record.kind, json.dumps(points), record.text, created))
        return dataclasses.replace(record, points=points, created_at=created, id=cur.lastrowid)

    def update_annotation(self, annotation_id: int, text: str) -> None:
        with self._db:
            self._db.execute("UPDATE annotations SET text=? WHERE id=?", (text, annotation_id))

    def remove_annotation(self, annotation_id: int) -> None:
        with self._db:
            self._db.execute("DELETE FROM annotations WHERE id=?", (annotation_id,))
