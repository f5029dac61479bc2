"""Rows rescued from a damaged library into the new one, so a disk fault costs the damaged pages, not the library.

SQLite reads a damaged database row by row until it meets a damaged page. The backup (with its -wal/-journal)
is copied to a scratch folder, so SQLite may roll back or replay there while the backup stays as it was; each
table's rows are then fetched one id at a time, so one damaged leaf page loses only the rows on it. Rows whose
clip was lost (chat turns, annotations) are left out: the foreign keys refuse them. No Qt here.
"""

from __future__ import annotations

import pathlib
import shutil
import sqlite3
import tempfile

TABLES = ("clips", "chat", "annotations")   # parents first, for the foreign keys


def salvage(damaged: pathlib.Path, db: sqlite3.Connection) -> dict[str, int]:
    """Copy what is still readable of `damaged` into `db` (a fresh library, inside a write transaction).

    Returns {"clips": n, "chat": n, "annotations": n, "settings": n}, rows copied."""
    copied = dict.fromkeys((*TABLES, "settings"), 0)
    with tempfile.TemporaryDirectory(prefix="llamo-salvage-") as scratch:
        copy = pathlib.Path(scratch) / "damaged.sqlite3"
        for suffix in ("", "-wal", "-journal"):
            side = damaged.with_name(damaged.name + suffix)
            if side.exists():
                shutil.copyfile(side, copy.with_name(copy.name + suffix))
        source = sqlite3.connect(copy, isolation_level=None)
        try:
            for table in TABLES:
                copied[table] = _copy_table(source, db, table)
            copied["settings"] = _copy_settings(source, db)
        finally:
            source.close()
    return copied


def _columns(db: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in db.execute(f"PRAGMA table_info({table})")]


def _copy_table(source: sqlite3.Connection, db: sqlite3.Connection, table: str) -> int:
    try:
        wanted = set(_columns(db, table))
        columns = [c for c in _columns(source, table) if c in wanted]
        if "id" not in columns:
            return 0
        select = f"SELECT {', '.join(columns)} FROM {table}"
        insert = f"INSERT OR IGNORE INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    except sqlite3.DatabaseError:
        return 0   # the schema is gone
    last = _last_id(source, table)
    copied = 0
    for row in _rows_by_id(source, select, last):
        try:
            copied += db.execute(insert, row).rowcount
        except sqlite3.IntegrityError:
            pass   # its clip was lost
    return copied


def _last_id(source: sqlite3.Connection, table: str) -> int:
    """The largest id: from the table, else from one of its indexes (they hold every row's id), else the
    largest one a scan reaches before the damage."""
    try:
        return source.execute(f"SELECT max(id) FROM {table}").fetchone()[0] or 0
    except sqlite3.DatabaseError:
        pass
    try:
        indexes = [row[1] for row in source.execute(f"PRAGMA index_list({table})")]
    except sqlite3.DatabaseError:
        indexes = []
    for index in indexes:
        try:
            return source.execute(f'SELECT max(id) FROM {table} INDEXED BY "{index}"').fetchone()[0] or 0
        except sqlite3.DatabaseError:
            pass
    last = 0
    try:
        for (i,) in source.execute(f"SELECT id FROM {table} ORDER BY id"):
            last = i
    except sqlite3.DatabaseError:
        pass
    return last


def _rows_by_id(source: sqlite3.Connection, select: str, last: int):
    """Every readable row with id 1..last, fetched in runs; a run that meets damage is retried one id at a time."""
    step = 256
    for start in range(1, last + 1, step):
        stop = min(start + step, last + 1)
        try:
            yield from source.execute(f"{select} WHERE id >= ? AND id < ? ORDER BY id", (start, stop)).fetchall()
            continue
        except sqlite3.DatabaseError:
            pass
        for i in range(start, stop):
            try:
                yield from source.execute(f"{select} WHERE id = ?", (i,)).fetchall()
            except sqlite3.DatabaseError:
                pass   # on a damaged page


def _copy_settings(source: sqlite3.Connection, db: sqlite3.Connection) -> int:
    try:
        rows = source.execute("SELECT key, value FROM meta WHERE key LIKE 'setting.%'").fetchall()
    except sqlite3.DatabaseError:
        return 0
    return sum(db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", row).rowcount for row in rows)
