"""The fault knowledge base: one entry per fault the generator and the analysis know, each with a cause, a drill of
its own sport and a source; the prompt, the instruction data and the report read the same drill text."""

import dataclasses

import pytest

from llamo_engine.analysis.references import FAULT_RULES
from llamo_engine.analysis.types import Fault, Swing, SwingAnalysis
from llamo_engine.coaching import (COACHING, Drill, causes_of, coaching_for, drill_names, drill_notes, entry_of,
                                   first_to_fix, named_faults)
from llamo_engine.data.synth.params import BASEBALL_FAULTS, GOLF_FAULTS
from llamo_engine.report.document import drill_callout

SWING_MD_FAULTS = ("early extension", "loss of posture", "sway", "slide", "reverse pivot", "over-the-top",
                   "flat shoulder plane", "chicken wing", "casting", "early release", "overswing", "head lift",
                   "insufficient hip turn", "reverse spine angle")
ENTRIES = [c for table in COACHING.values() for c in table.values()]


def test_every_fault_has_one_entry_with_a_drill_of_its_own_sport():
    assert set(COACHING["golf"]) == set(GOLF_FAULTS) == set(FAULT_RULES["golf"])
    assert set(COACHING["baseball"]) == set(BASEBALL_FAULTS) == set(FAULT_RULES["baseball"])
    for sport, table in COACHING.items():
        for fault, c in table.items():
            assert (c.sport, c.fault) == (sport, fault)
            assert c.cause and c.looks_like and c.drill.name and c.drill.cue and c.source and c.ball_flight
            assert c.foreign_terms() == [], (fault, c.foreign_terms())
    for part in ("name", "cue"):
        texts = [getattr(c.drill, part) for c in ENTRIES]
        assert len(texts) == len(set(texts)), f"two faults share a drill {part}"


def test_a_drill_spliced_from_the_other_sport_is_caught():
    towel, stride_box = COACHING["golf"]["chicken_wing"], COACHING["baseball"]["long_stride"]
    spliced = dataclasses.replace(towel, drill=Drill(towel.drill.name, stride_box.drill.cue))
    assert spliced.foreign_terms() == ["stride"]
    assert dataclasses.replace(stride_box, drill=towel.drill).foreign_terms() == ["lead"]


def test_swing_md_fault_names_find_their_entry():
    for name in SWING_MD_FAULTS:
        assert len(named_faults("golf", [name])) == 1, name
    assert [c.fault for c in named_faults("golf", ["reverse spine angle"])] == ["reverse_pivot"]


def test_priorities_and_ball_flight():
    assert first_to_fix("golf", []) is None
    assert first_to_fix("golf", ["chicken_wing", "early_extension"]).fault == "early_extension"
    assert [c.fault for c in causes_of("golf", "slice", ["over_the_top", "head_lift"])] == ["over_the_top"]
    assert first_to_fix("none", ["sway"]) is None and drill_names("none") == {}


def test_unknown_fault_or_sport_raises_or_has_no_entry():
    with pytest.raises(ValueError, match="known"):
        coaching_for("golf", "shank")
    with pytest.raises(ValueError, match="choose one of"):
        coaching_for("tennis", "sway")
    assert entry_of("golf", "shank") is None and entry_of("none", "sway") is None


def test_faults_named_in_a_conversation_are_found_by_label_or_synonym_only():
    for sport, table in COACHING.items():
        for c in table.values():
            assert [r.fault for r in named_faults(sport, [f"Is there any {c.label} in this swing?"])] == [c.fault]
            assert [r.fault for r in named_faults(sport, [f"Yes: {c.looks_like} at frame 40."])] == []
    assert [c.fault for c in named_faults("golf", ["He lifts the head", "and casts it"])] == ["head_lift"]
    assert named_faults("golf", ["a forecast of slides"]) == [] and named_faults("none", ["sway"]) == []


def test_drill_notes_name_the_table_drill():
    assert drill_notes("golf", ["When is impact?"]) == ""
    note = drill_notes("golf", ["Is there any sway?", "Yes: the pelvis shifts.", "And a slide?"])
    assert note == "Drills for the faults named here: sway: trail-hip bump drill; slide: lead-hip wall drill."
    assert "closed-stride drill" in drill_notes("baseball", ["Do the hips open early?"])


def _flagging(sport: str, fault: str) -> SwingAnalysis:
    swing = Swing(0, 59, {}, {}, [Fault(fault, "moderate", FAULT_RULES[sport][fault][0], [30], "seen")])
    return SwingAnalysis(sport, [swing], {}, 30.0, 60)


def test_report_prompt_and_chat_read_the_same_drill_text():
    for c in ENTRIES:
        summary = _flagging(c.sport, c.fault).summary_text(drills=drill_names(c.sport))
        assert f"] drill: {c.drill.name}" in summary
        assert drill_notes(c.sport, [f"Is there any {c.label}?"]).endswith(f"{c.label}: {c.drill.name}.")
        box = drill_callout(c.sport, c.fault)
        assert box.title.lower() == f"drill: {c.drill.name}"
        assert box.text.lower() == f"{c.drill.cue}." and box.source == f"Source: {c.source}"
    assert drill_callout("golf", "shank") is None


def test_prompt_carries_drills_for_flagged_and_mentioned_faults():
    from llamo_engine.data.synth.params import sample_params
    from llamo_engine.data.synth.swing import generate_swing
    from llamo_engine.inference.prompt import _messages
    from llamo_engine.pipeline import analyze_clip

    flagged = None
    for seed in range(40):
        result = analyze_clip(generate_swing(sample_params(seed, "golf")).motion)
        analysis, summary = result.analysis, result.summary
        if analysis.swings and analysis.swings[0].faults:
            flagged = analysis.swings[0].faults[0].name
            break
    assert flagged is not None
    assert f"drill: {COACHING['golf'][flagged].drill.name}" in summary
    turn = _messages("How do I fix it?", summary, [("Is there any slide in this swing?", "Yes: it slides.")])[-1]
    assert turn["content"].startswith("Drills for the faults named here: slide: lead-hip wall drill.\n")
    assert "Drills" not in _messages("When is impact?", summary, [])[-1]["content"]


def test_instruction_answers_quote_the_entry_of_the_fault_to_fix_first():
    from llamo_engine.data.dataset import DataSettings, make_clip
    from llamo_engine.data.qa import generate_qa

    quoted = set()
    for seed in range(60):
        _, facts = make_clip(seed, DataSettings(noise_prob=0.0, session_prob=0.0))
        row = first_to_fix(facts.sport, facts.swings[0].faults)
        for it in generate_qa(facts, seed, 4, visible=None, categories=("diagnosis",)):
            if it.template == "drill" and row is not None:
                assert it.answer == f"The {row.drill.name}, for {row.label}: {row.drill.cue}.", it.answer
                quoted.add(row.fault)
            if it.template == "work_on_first" and row is not None:
                assert it.answer.endswith(f"Likely cause: {row.cause}. Drill: {row.drill.name}: {row.drill.cue}.")
    assert len(quoted) >= 3
