"""`generate_qa`: instruction items for one clip from its facts, deterministic for a seed.

Every category draws from its generators; a generator that cannot support its question on this clip returns
None and another one is tried. Questions whose only evidence is a metric the prompt does not show (`visible`,
the metric names in the analysis summary) and that no flagged fault reveals are skipped, so every reference
answer can be read from, or inferred from, what the model is given.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from llamo_engine.data.qa import coach_questions, motion_questions
from llamo_engine.data.qa.facts import ClipFacts
from llamo_engine.data.qa.items import CATEGORIES, QAItem

GENERATORS = {**motion_questions.GENERATORS, **coach_questions.GENERATORS}
# template -> (metric the answer rests on, fault whose flag also reveals it (or None))
EVIDENCE = {"lead_arm_top": ("lead_elbow_top", None), "lead_arm_follow": ("lead_elbow_follow", "chicken_wing"),
            "club_at_top": ("club_past_parallel_top", "overswing"),
            "wrists_downswing": ("wrist_hinge_mid_downswing", "casting"),
            "dir_pelvis_sway_top": ("pelvis_sway_top", "sway"),
            "dir_upper_body_shift_top": ("upper_body_shift_top", "reverse_pivot"),
            "dir_head_movement": ("head_movement", "head_drift"), "stride_direction": ("stride_length_m", None),
            "hip_turn_direction": ("pelvis_rotation_top", None)}


def _supported(it: QAItem, visible: set[str] | None) -> bool:
    if visible is None or it.template not in EVIDENCE:
        return True
    metric, fault = EVIDENCE[it.template]
    return metric in visible or fault is not None


def generate_qa(facts: ClipFacts, seed: int, per_category: int = 1, categories: Iterable[str] = CATEGORIES,
                visible: Iterable[str] | None = None, tries: int = 8) -> list[QAItem]:
    """Up to `per_category` items of each category (fewer when the clip cannot support more), distinct questions."""
    if facts.sport == "none" or not facts.swings:
        return []
    rng = np.random.default_rng(seed)
    visible = None if visible is None else set(visible)
    out: list[QAItem] = []
    seen: set[tuple] = set()
    for category in categories:
        if category not in GENERATORS:
            raise ValueError(f"unknown category {category!r}; choose from {sorted(GENERATORS)}")
        gens = GENERATORS[category]
        made = 0
        for _ in range(per_category * tries):
            if made >= per_category:
                break
            gen = gens[int(rng.integers(len(gens)))]
            i = int(rng.integers(len(facts.swings)))
            it = gen(facts, i, rng, visible)
            if it is None or not _supported(it, visible):
                continue
            key = (it.question, tuple(it.history))
            if key in seen:
                continue
            seen.add(key)
            out.append(it)
            made += 1
    return out
