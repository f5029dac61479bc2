"""Instruction (QA) data: questions about a clip with reference answers, and their grading (the coaching they
quote comes from `llamo_engine.coaching`)."""

from llamo_engine.data.qa.facts import ClipFacts, SwingFacts, facts_from_analysis, facts_from_synthetic, \
    facts_from_truth
from llamo_engine.data.qa.generate import generate_qa
from llamo_engine.data.qa.grade import grade, grounded
from llamo_engine.data.qa.items import CATEGORIES, Expected, QAItem

__all__ = ["CATEGORIES", "ClipFacts", "Expected", "QAItem", "SwingFacts", "facts_from_analysis",
           "facts_from_synthetic", "facts_from_truth", "generate_qa", "grade", "grounded"]
