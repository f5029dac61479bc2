"""Coaching knowledge: the one fault knowledge base (what each fault of the analysis is, its likely cause, one drill
of its own sport, its source) and the questions asked of it. The chat's prompt (drill names), the instruction data
(diagnosis and drill answers) and the report (a drill per flagged fault) all read it; it imports nothing of the
engine but itself, so every layer above may use it."""

from llamo_engine.coaching.knowledge import COACHING, SPORT_TERMS, Drill, FaultCoaching
from llamo_engine.coaching.lookup import (causes_of, coaching_for, drill_names, drill_notes, entry_of, first_to_fix,
                                          named_faults)

__all__ = ["COACHING", "SPORT_TERMS", "Drill", "FaultCoaching", "causes_of", "coaching_for", "drill_names",
           "drill_notes", "entry_of", "first_to_fix", "named_faults"]
