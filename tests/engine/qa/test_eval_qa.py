"""The SwingQA harness end to end on a tiny random checkpoint (no downloads): every mode answers every question
of the subset, answers are graded, and the report ends with the `overall:` line."""

import re

import pytest

from llamo_engine.data.dataset import DataSettings, build_records
from llamo_engine.data.qa import grade
from llamo_engine.eval.qa import MODES, evaluate, report
from llamo_engine.inference.engine import Engine
from tests.tiny_llm import build_tiny_backbone
from llamo_engine.train.loop import TrainConfig, prepare_model


@pytest.fixture(scope="module")
def tiny_engine(tmp_path_factory):
    root = tmp_path_factory.mktemp("qa_eval")
    backbone = build_tiny_backbone(root / "llm", hidden_size=64)
    model, _ = prepare_model(TrainConfig(stage="instruct", out=str(root / "ckpt"), backbone=str(backbone), dim=32,
                                         layers=1, video_pretrained=False))
    model.save_pretrained(root / "ckpt")
    return Engine.load(root / "ckpt")


@pytest.mark.slow
def test_harness_runs_every_mode(tiny_engine, tmp_path, monkeypatch):
    monkeypatch.setenv("LLAMO_CACHE_DIR", str(tmp_path))
    settings = DataSettings(per_category=1, categories=("timing", "hallucination", "repetition"))
    records = build_records([1_000_000], settings)
    rows = evaluate(tiny_engine, records, settings, MODES, max_new_tokens=4, ablation_items=2)
    n_items = len(records[0].items)
    assert len([r for r in rows if r["mode"] == "topk"]) == n_items
    assert {r["mode"] for r in rows if r["subset"]} == set(MODES)
    assert all(isinstance(r["correct"], bool) for r in rows)
    assert all(r["grounded"] is None for r in rows if r["mode"] in ("text", "untuned"))
    assert all(r["viewpoints"] > 0 for r in rows if r["mode"] in ("topk", "uniform", "all"))
    text = report(rows, MODES, "test")
    assert re.fullmatch(r"overall: \d+\.\d%", text.splitlines()[-1])
    assert "| grounding |" in text and "untuned" in text


@pytest.mark.realdata
def test_real_clip_questions_from_phase_labels(realdata):
    from llamo_engine.eval.qa_real import labelled_clips, phase_items
    clips = labelled_clips(realdata)
    assert clips
    items = phase_items(clips[0][1], fps=30.0)
    assert {it.category for it in items} == {"sport", "repetition", "timing"}
    for it in items:
        assert grade(it.expected, it.answer)


def test_prompt_agreement_is_high_on_clean_clips_and_drops_with_a_wrong_analysis(tmp_path, monkeypatch):
    """The ceiling table compares the prompt's analysis with the generator's truth: clean single swings agree on
    the events and speeds; a truth shifted past the tolerance does not."""
    from llamo_engine.eval.qa_ceiling import agreement_table, prompt_agreement
    monkeypatch.setenv("LLAMO_CACHE_DIR", str(tmp_path))
    settings = DataSettings(per_category=1, noise_prob=0.0, session_prob=0.0, categories=("timing",))
    records = build_records([1_000_006, 1_000_011], settings)
    agreement = prompt_agreement(records, settings)
    assert sum(agreement["events"]) / len(agreement["events"]) >= 0.8
    assert all(agreement["metric:hand_speed_max"])
    for rec in records:                                               # move every true event 10 frames later
        for s in rec.facts.swings:
            s.events = {k: None if v is None else v + 10 for k, v in s.events.items()}
    assert not any(prompt_agreement(records, settings)["events"])
    table = agreement_table(agreement)
    assert "| events |" in table and "| all metrics |" in table
