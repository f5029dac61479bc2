"""The coaching table covers every fault the generator and the analysis know, with a cause, a drill and a source."""

import pytest

from llamo_engine.analysis.references import FAULT_RULES
from llamo_engine.data.qa.coaching import COACHING, causes_of, coaching_for, first_to_fix
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
