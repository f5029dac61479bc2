"""The coaching table covers every fault the generator and the analysis know, with a cause, a drill and a source;
the prompt names the table's drill for flagged faults and for faults the conversation mentions."""

import pytest

from llamo_engine.analysis.references import FAULT_RULES
from llamo_engine.data.qa.coaching import COACHING, causes_of, coaching_for, drill_notes, first_to_fix, named_faults
from llamo_engine.data.synth.params import BASEBALL_FAULTS, GOLF_FAULTS


def test_every_fault_has_an_entry():
    assert set(COACHING["golf"]) == set(GOLF_FAULTS) == set(FAULT_RULES["golf"])
    assert set(COACHING["baseball"]) == set(BASEBALL_FAULTS) == set(FAULT_RULES["baseball"])
    for table in COACHING.values():
        for c in table.values():
            assert c.cause and c.drill.startswith(c.drill_name) and c.source and c.ball_flight
    names = [c.drill_name for t in COACHING.values() for c in t.values()]
    assert len(names) == len(set(names))


def test_priorities_and_ball_flight():
    assert first_to_fix("golf", []) is None
    assert first_to_fix("golf", ["chicken_wing", "early_extension"]).fault == "early_extension"
    assert [c.fault for c in causes_of("golf", "slice", ["over_the_top", "head_lift"])] == ["over_the_top"]


def test_unknown_fault_raises():
    with pytest.raises(ValueError, match="known"):
        coaching_for("golf", "shank")


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
    assert f"drill: {COACHING['golf'][flagged].drill_name}" in summary
    turn = _messages("How do I fix it?", summary, [("Is there any slide in this swing?", "Yes: it slides.")])[-1]
    assert turn["content"].startswith("Drills for the faults named here: slide: lead-hip wall drill.\n")
    assert "Drills" not in _messages("When is impact?", summary, [])[-1]["content"]
