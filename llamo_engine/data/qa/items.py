"""One instruction item (`QAItem`) and what a correct answer to it must contain (`Expected`).

Expected kinds (graded by `grade.py`, deterministically):
- "number":  `value` within `tol` (in `unit`; the first number written with that unit, else the first number)
- "frame":   clip frame `value` within `tol` frames (a "frame N" in the answer, else a time "X.XX s" * fps)
- "yesno":   `value` True/False (the answer's first yes/no word)
- "choice":  the first option named in the answer is in `accept` (`options`: label -> synonyms)
- "count":   integer `value` exactly (first integer or number word)
- "refusal": the answer says the thing cannot be seen in the clip
"""

from __future__ import annotations

import dataclasses

CATEGORIES = ("body_part", "sequence", "direction", "timing", "measurement", "diagnosis", "hallucination",
              "repetition", "sport", "multi_turn")
KINDS = ("number", "frame", "yesno", "choice", "count", "refusal")


@dataclasses.dataclass
class Expected:
    kind: str
    value: float | int | bool | str | None = None
    tol: float = 0.0
    unit: str = ""
    fps: float = 30.0
    options: dict[str, tuple[str, ...]] = dataclasses.field(default_factory=dict)
    accept: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown expected kind {self.kind!r}; choose one of {KINDS}")
        if self.kind == "choice" and not set(self.accept) <= set(self.options):
            raise ValueError(f"accepted labels {self.accept} are not among the options {sorted(self.options)}")

    def to_dict(self) -> dict:
        d = dataclasses.asdict(self)
        d["options"] = {k: list(v) for k, v in self.options.items()}
        d["accept"] = list(self.accept)
        return d

    @classmethod
    def from_dict(cls, d: dict) -> "Expected":
        return cls(**{**d, "options": {k: tuple(v) for k, v in d["options"].items()}, "accept": tuple(d["accept"])})


@dataclasses.dataclass
class QAItem:
    """A question about one clip, its reference answer, how to grade an answer, and the clip frames that hold
    the answer (empty when nothing in the clip does, e.g. a question about the ball's flight)."""

    category: str
    question: str
    answer: str
    expected: Expected
    answer_frames: list[int]
    tol_frames: int = 1                 # PCE tolerance for grounding and frame answers
    history: list[tuple[str, str]] = dataclasses.field(default_factory=list)
    template: str = ""                  # which question generator made it (for per-type analysis)

    def __post_init__(self) -> None:
        if self.category not in CATEGORIES:
            raise ValueError(f"unknown category {self.category!r}; choose one of {CATEGORIES}")

    def to_dict(self) -> dict:
        return {"category": self.category, "question": self.question, "answer": self.answer,
                "expected": self.expected.to_dict(), "answer_frames": list(self.answer_frames),
                "tol_frames": self.tol_frames, "history": [list(h) for h in self.history], "template": self.template}

    @classmethod
    def from_dict(cls, d: dict) -> "QAItem":
        return cls(category=d["category"], question=d["question"], answer=d["answer"],
                   expected=Expected.from_dict(d["expected"]), answer_frames=list(d["answer_frames"]),
                   tol_frames=d["tol_frames"], history=[tuple(h) for h in d["history"]], template=d["template"])
