"""Deterministic grading of free-text answers against `Expected` (see items.py for the kinds) and grounding of
viewpoint frames against an item's answer frames."""

from __future__ import annotations

import re
from collections.abc import Sequence

from llamo_engine.data.qa.items import Expected, QAItem

NUMBER = r"[-+]?\d+(?:\.\d+)?"
UNIT_PATTERNS = {
    ":1": rf"({NUMBER})\s*(?::\s*1\b|to\s+1\b)",
    "deg": rf"({NUMBER})\s*(?:deg\b|degrees?\b|°)",
    "s": rf"({NUMBER})\s*(?:s\b|sec\b|seconds?\b)",
    "m/s": rf"({NUMBER})\s*m/s\b",
    "m": rf"({NUMBER})\s*(?:m\b(?!/)|metres?\b|meters?\b)",
    "cm": rf"({NUMBER})\s*cm\b",
}
NUMBER_WORDS = {"zero": 0, "no": 0, "one": 1, "a single": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                "seven": 7, "eight": 8, "nine": 9, "ten": 10}
REFUSAL_PATTERN = re.compile(r"can't see|cannot see|can not see|can’t see|not visible|isn't (?:in|shown in) this "
                             r"clip|not (?:in|shown in) this clip|can't tell|cannot tell", re.IGNORECASE)


def first_number(text: str, unit: str = "") -> float | None:
    """The first number written with `unit` (see UNIT_PATTERNS), else the first number not part of 'frame N'."""
    if unit in UNIT_PATTERNS:
        m = re.search(UNIT_PATTERNS[unit], text, re.IGNORECASE)
        if m:
            return float(m.group(1))
    for m in re.finditer(NUMBER, text):
        if re.search(r"frames?\s*$", text[:m.start()], re.IGNORECASE):
            continue
        return float(m.group(0))
    return None


def answer_frame(text: str, fps: float) -> int | None:
    """'frame N' in the answer, else a time 'X.XX s' converted with fps."""
    m = re.search(r"frame\s*#?\s*(\d+)", text, re.IGNORECASE)
    if m:
        return int(m.group(1))
    t = re.search(UNIT_PATTERNS["s"], text, re.IGNORECASE)
    return None if t is None else int(round(float(t.group(1)) * fps))


def first_option(text: str, options: dict[str, Sequence[str]]) -> str | None:
    """The label whose synonym appears earliest in the text (the longest synonym wins at the same position)."""
    low = text.lower()
    best: tuple[int, int, str] | None = None
    for label, words in options.items():
        for w in words:
            m = re.search(r"(?<![a-z])" + re.escape(w.lower()) + r"(?![a-z])", low)
            if m and (best is None or (m.start(), -len(w)) < (best[0], best[1])):
                best = (m.start(), -len(w), label)
    return None if best is None else best[2]


def yes_no(text: str) -> bool | None:
    m = re.search(r"\b(yes|no|not)\b", text.lower())
    return None if m is None else m.group(1) == "yes"


def count(text: str) -> int | None:
    low = text.lower()
    m = re.search(r"\b(\d+)\b", low)
    pos = m.start() if m else len(low)
    word = None
    for w, n in NUMBER_WORDS.items():
        k = re.search(rf"\b{w}\b", low)
        if k and k.start() < pos:
            pos, word = k.start(), n
    if word is not None:
        return word
    return int(m.group(1)) if m else None


def grade(expected: Expected, text: str) -> bool:
    """True when the answer text satisfies the expectation."""
    k = expected.kind
    if k == "refusal":
        return bool(REFUSAL_PATTERN.search(text))
    if REFUSAL_PATTERN.search(text) and k != "choice":
        return False
    if k == "number":
        v = first_number(text, expected.unit)
        return v is not None and abs(v - float(expected.value)) <= expected.tol + 1e-9
    if k == "frame":
        f = answer_frame(text, expected.fps)
        return f is not None and abs(f - int(expected.value)) <= expected.tol
    if k == "yesno":
        return yes_no(text) is bool(expected.value)
    if k == "count":
        return count(text) == int(expected.value)
    if k == "choice":
        return first_option(text, expected.options) in expected.accept
    raise ValueError(f"cannot grade kind {k!r}")


def grounded(item: QAItem, viewpoint_frames: Sequence[int]) -> bool | None:
    """Whether every answer frame has a viewpoint frame within the item's tolerance; None without answer frames."""
    if not item.answer_frames:
        return None
    vp = list(viewpoint_frames)
    return all(any(abs(int(v) - f) <= item.tol_frames for v in vp) for f in item.answer_frames)
