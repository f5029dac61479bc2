"""Questions asked of the fault knowledge base: one entry, what to fix first, the causes of a ball flight, the drill
names the prompt lists, and the faults a conversation names (found by label or synonym)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from llamo_engine.coaching.knowledge import COACHING, FaultCoaching


def _table(sport: str) -> dict[str, FaultCoaching]:
    """The sport's entries ({} for a sport without one, e.g. "none": the analysis found no swing)."""
    return COACHING.get(sport, {})


def coaching_for(sport: str, fault: str) -> FaultCoaching:
    """The entry of a fault; ValueError naming the known sports or faults otherwise."""
    if sport not in COACHING:
        raise ValueError(f"no coaching table for sport {sport!r}; choose one of {sorted(COACHING)}")
    table = COACHING[sport]
    if fault not in table:
        raise ValueError(f"no coaching entry for {sport} fault {fault!r}; known: {', '.join(table)}")
    return table[fault]


def entry_of(sport: str, fault: str) -> FaultCoaching | None:
    """The entry of a flagged fault, or None when the sport has no table or the fault no entry."""
    return _table(sport).get(fault)


def first_to_fix(sport: str, faults: Iterable[str]) -> FaultCoaching | None:
    """The fault to work on first (lowest priority number, then table order), or None for a clean swing."""
    present = set(faults)
    rows = [c for f, c in _table(sport).items() if f in present]
    return min(rows, key=lambda c: c.priority) if rows else None


def causes_of(sport: str, flight: str, faults: Iterable[str]) -> list[FaultCoaching]:
    """The present faults that can cause a ball flight (e.g. "slice"), in priority order."""
    present = set(faults)
    return sorted((c for f, c in _table(sport).items() if f in present and flight in c.ball_flight),
                  key=lambda c: c.priority)


def drill_names(sport: str) -> dict[str, str]:
    """fault -> drill name for a sport ({} for a sport without a table), for the faults listed in the prompt."""
    return {f: c.drill.name for f, c in _table(sport).items()}


def named_faults(sport: str, texts: Sequence[str]) -> list[FaultCoaching]:
    """The entries of the sport whose label or a synonym appears in the texts, in table order. The entries' own
    descriptions are skipped: "the spine stands up" describes early extension, not loss of posture."""
    table = _table(sport)
    low = " ".join(texts).lower()
    for c in table.values():
        low = low.replace(c.looks_like.lower(), " ")
    return [c for c in table.values()
            if any(re.search(r"(?<![a-z])" + re.escape(w) + r"(?![a-z])", low) for w in (c.label, *c.synonyms))]


def drill_notes(sport: str, texts: Sequence[str]) -> str:
    """One line naming the drill for each fault the conversation mentions ('' when it mentions none), so a
    follow-up such as "How do I fix it?" is answered from the table rather than from memory."""
    rows = named_faults(sport, texts)
    return "" if not rows else "Drills for the faults named here: " + "; ".join(
        f"{c.label}: {c.drill.name}" for c in rows) + "."
