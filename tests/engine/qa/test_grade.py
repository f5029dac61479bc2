"""Deterministic grading: numbers within tolerance, yes/no, choices, frames, counts, refusals; grounding."""

from llamo_engine.data.qa.grade import answer_frame, count, first_number, first_option, grade, grounded
from llamo_engine.data.qa.items import Expected, QAItem


def test_numbers_prefer_the_expected_unit():
    assert first_number("At the top (frame 52) the X-factor is 44 deg.", "deg") == 44
    assert first_number("Tempo 3.1:1 (address frame 20)", ":1") == 3.1
    assert first_number("frame 12 then 0.28 s", "") == 0.28
    e = Expected("number", 42.0, tol=8, unit="deg")
    assert grade(e, "44 deg of X-factor at the top (frame 52).")
    assert not grade(e, "55 deg of X-factor at the top (frame 44).")
    assert not grade(e, "I can't see that in this clip.")


def test_frames_and_times():
    e = Expected("frame", 87, tol=1, fps=30.0)
    assert grade(e, "Impact is at frame 88 (2.93 s).")
    assert not grade(e, "Impact is at frame 90 (3.00 s).")
    assert grade(e, "Impact happens at 2.90 s.")
    assert answer_frame("no frame here", 30.0) is None


def test_yes_no_choice_count_refusal():
    assert grade(Expected("yesno", True), "Yes: the head rises 7 cm.")
    assert grade(Expected("yesno", False), "No, there is no sway in this swing.")
    assert not grade(Expected("yesno", False), "Yes, it sways.")
    opts = {"hips": ("hips", "pelvis"), "shoulders": ("shoulders",)}
    assert grade(Expected("choice", options=opts, accept=("hips",)), "The hips, then the shoulders.")
    assert not grade(Expected("choice", options=opts, accept=("hips",)), "The shoulders lead, hips follow.")
    assert first_option("mid-downswing at frame 60", {"top": ("top",), "md": ("mid-downswing",)}) == "md"
    assert count("Two swings, at frames 80 and 200.") == 2 and count("3 swings") == 3
    assert grade(Expected("count", 1), "1 swing, with impact at frame 53.")
    assert grade(Expected("refusal"), "I can't see that in this clip: only the motion is shown.")
    assert not grade(Expected("refusal"), "The ball went 250 yards.")


def test_grounding_within_tolerance():
    it = QAItem("timing", "q", "a", Expected("frame", 50, tol=1), answer_frames=[50, 60], tol_frames=1)
    assert grounded(it, [10, 49, 61])
    assert not grounded(it, [10, 49, 63])
    assert grounded(QAItem("hallucination", "q", "a", Expected("refusal"), []), [1, 2]) is None


def test_items_round_trip_through_dicts():
    it = QAItem("sequence", "q", "a", Expected("choice", options={"a": ("x",)}, accept=("a",)), [3], 2,
                [("q0", "a0")], "t")
    assert QAItem.from_dict(it.to_dict()) == it
