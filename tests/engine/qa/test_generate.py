"""QA generation from synthetic truth: every category appears, reference answers grade as correct against their
own expectation, quote the truth's numbers and frames, and answer frames are real events of the clip."""

import re

import pytest

from llamo_engine.data.qa import CATEGORIES, generate_qa, grade
from llamo_engine.data.qa.facts import facts_from_analysis, facts_from_synthetic, facts_from_truth
from llamo_engine.data.synth.params import sample_params
from llamo_engine.data.synth.swing import generate_swing


@pytest.fixture(scope="module")
def clips():
    return [facts_from_synthetic(generate_swing(sample_params(seed, sport))) for seed, sport in
            ((1, "golf"), (2, "golf"), (3, "baseball"), (4, "golf"), (5, "baseball"))]


def test_every_category_is_generated_and_reference_answers_pass(clips):
    seen = set()
    for n, facts in enumerate(clips):
        items = generate_qa(facts, seed=n, per_category=3)
        assert items
        for it in items:
            seen.add(it.category)
            assert grade(it.expected, it.answer), (it.question, it.answer, it.expected)
            assert len(it.answer) < 400
            frames = {v for s in facts.swings for v in s.events.values() if v is not None}
            assert set(it.answer_frames) <= frames | {s.start for s in facts.swings}
    assert seen == set(CATEGORIES)


def test_generation_is_deterministic_and_varies_with_seed(clips):
    a = [it.to_dict() for it in generate_qa(clips[0], seed=7, per_category=2)]
    b = [it.to_dict() for it in generate_qa(clips[0], seed=7, per_category=2)]
    c = [it.to_dict() for it in generate_qa(clips[0], seed=8, per_category=2)]
    assert a == b and a != c


def test_many_phrasings_per_category(clips):
    questions = {}
    for seed in range(40):
        for it in generate_qa(clips[seed % len(clips)], seed=seed, per_category=1):
            questions.setdefault(it.category, set()).add(it.question)
    for category in ("timing", "measurement", "hallucination", "repetition", "diagnosis"):
        assert len(questions[category]) >= 4, (category, questions[category])


def test_measurement_answers_quote_the_truth(clips):
    facts = clips[0]
    s = facts.swings[0]
    items = [it for seed in range(30) for it in generate_qa(facts, seed, categories=("measurement",))]
    assert items
    for it in items:
        metric = it.template.split(":", 1)[1]
        assert abs(float(it.expected.value) - s.metrics[metric]) < 1e-3
        assert re.search(r"frame \d+", it.answer)


def test_timing_answer_frame_is_the_event(clips):
    facts = clips[1]
    for seed in range(10):
        for it in generate_qa(facts, seed, categories=("timing",)):
            if it.template == "clip_facts":
                continue
            assert it.answer_frames == [it.expected.value]
            assert f"frame {it.expected.value}" in it.answer


def test_clip_fact_answers_state_length_frames_and_rate(clips):
    facts = clips[0]
    items = [it for seed in range(40) for it in generate_qa(facts, seed, categories=("timing",))
             if it.template == "clip_facts"]
    assert {it.expected.value for it in items} == {round(facts.num_frames / facts.fps, 4), facts.num_frames,
                                                   round(facts.fps, 3)}
    for it in items:
        assert it.answer_frames == [] and grade(it.expected, it.answer)
        assert f"{facts.num_frames} frames" in it.answer and f"{facts.fps:.0f} fps" in it.answer
        wrong = it.answer.replace(str(facts.num_frames), str(facts.num_frames + 7)).replace(
            f"{facts.fps:.0f} fps", f"{facts.fps + 5:.0f} fps").replace(f"{facts.num_frames / facts.fps:.1f} s", "0.2 s")
        assert not grade(it.expected, wrong), wrong


def test_yes_no_answers_give_the_evidence_before_the_verdict(clips):
    """Sport and event-order yes/no answers name the sport or the frames first and end with the verdict."""
    seen = set()
    for facts in clips:
        for seed in range(30):
            for it in generate_qa(facts, seed, categories=("sport", "sequence")):
                if it.expected.kind != "yesno" or it.template not in ("which_sport", "which_first"):
                    continue
                seen.add((it.template, it.expected.value))
                assert grade(it.expected, it.answer)
                if it.template == "which_sport":
                    assert it.answer.startswith(f"It is a {facts.sport} swing")
                else:
                    assert it.answer.endswith("so yes." if it.expected.value else "so no.")
    assert seen == {(t, v) for t in ("which_sport", "which_first") for v in (True, False)}


def test_hallucination_negatives_say_no_for_absent_faults(clips):
    for facts in clips:
        for seed in range(15):
            for it in generate_qa(facts, seed, categories=("hallucination",)):
                if it.template == "has_fault" and it.expected.value is False:
                    assert it.answer.startswith("No")
                if it.template in ("not_in_clip", "missing_swing"):
                    assert it.answer_frames == [] and "can't see" in it.answer


def test_hidden_metrics_are_not_asked_about(clips):
    facts = clips[0]
    for seed in range(20):
        for it in generate_qa(facts, seed, categories=("measurement", "body_part"), visible={"tempo_ratio"}):
            if it.category == "measurement":
                assert it.template == "measure:tempo_ratio"
            assert it.template != "lead_arm_top"


def test_repetition_counts_every_swing():
    golf = generate_swing(sample_params(11, "golf"))
    t = golf.truth
    shifted = {**t, "events": {k: v + 200 for k, v in t["events"].items()}, "start": t["start"] + 200,
               "end": t["end"] + 200}
    facts = facts_from_truth([t, shifted], golf.motion.fps, golf.motion.num_frames + 200)
    items = [it for seed in range(5) for it in generate_qa(facts, seed, categories=("repetition",))]
    assert all(it.expected.value == 2 and len(it.answer_frames) == 2 for it in items)
    assert any("in swing 2" in it.question for seed in range(10) for it in generate_qa(facts, seed,
                                                                                       categories=("timing",)))


def test_facts_from_analysis_round_trip():
    from llamo_engine.analysis import analyze
    swing = generate_swing(sample_params(21, "golf"))
    facts = facts_from_analysis(analyze(swing.motion))
    assert facts.source == "analysis" and facts.sport == "golf" and len(facts.swings) == 1
    items = generate_qa(facts, 0, per_category=1)
    assert items and all(grade(it.expected, it.answer) for it in items)


def test_unknown_category_raises(clips):
    with pytest.raises(ValueError, match="unknown category"):
        generate_qa(clips[0], 0, categories=("weather",))
