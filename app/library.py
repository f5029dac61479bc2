"""The clip library model (no Qt): the clips in the store, with events for the library view."""

from __future__ import annotations

import os

from psygnal import Signal, SignalGroup

from app.store import ClipRecord, Store


class LibraryEvents(SignalGroup):
    reset = Signal(list)        # all clips (after opening the store)
    added = Signal(object)      # ClipRecord
    changed = Signal(object)    # ClipRecord (status, thumbnail, athlete, ...)
    removed = Signal(int)       # clip id


class Library:
    def __init__(self, store: Store) -> None:
        self.events = LibraryEvents()
        self.store = store
        self._clips: dict[int, ClipRecord] = {c.id: c for c in store.clips()}

    @property
    def clips(self) -> list[ClipRecord]:
        return list(self._clips.values())

    def get(self, clip_id: int) -> ClipRecord | None:
        return self._clips.get(clip_id)

    def add(self, path: str | os.PathLike, sport: str = "auto", athlete: str = "") -> tuple[ClipRecord, bool]:
        """(record, newly_added). Adding a file already in the library returns its record."""
        before = self.store.find(path)
        record = before or self.store.add_clip(path, sport=sport, athlete=athlete)
        if before is None:
            self._clips[record.id] = record
            self.events.added.emit(record)
        return record, before is None

    def update(self, clip_id: int, **fields) -> ClipRecord:
        record = self.store.update_clip(clip_id, **fields)
        self._clips[clip_id] = record
        self.events.changed.emit(record)
        return record

    def remove(self, clip_id: int) -> None:
        self.store.remove_clip(clip_id)
        if self._clips.pop(clip_id, None) is not None:
            self.events.removed.emit(clip_id)
