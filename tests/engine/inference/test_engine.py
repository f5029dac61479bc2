import threading

import numpy as np
import pytest
import torch

from llamo_engine.inference import Answer, Engine, Turn
from llamo_engine.inference.generate import TextStreamer


def test_untrained_state_is_visible(tiny_backbone, cache, motion, caplog):
    engine = Engine.untrained(tiny_backbone)
    assert engine.is_trained is False and engine.state.startswith("untrained")
    assert any("untrained" in r.getMessage() for r in caplog.records if r.levelname == "WARNING")
    assert engine.ask(engine.prepare(motion), "Hi?", max_new_tokens=2).result().engine_state == "untrained"


def test_prepare_caches_by_content(engine, motion, cache):
    first = engine.prepare(motion)
    assert first.enhanced.shape == (1, 120, engine.config.motion_encoder.dim) and not first.has_video
    assert first.timings["from_cache"] is False and "120 frames at 30 fps" in first.summary
    again = engine.prepare(motion)
    assert again.timings["from_cache"] is True and again.key == first.key
    assert torch.allclose(first.enhanced, again.enhanced)
    moved = motion.slice(0, 119)
    assert engine.prepare(moved).key != first.key
    assert len(list((cache / "clips").iterdir())) == 2


def test_ask_streams_pieces_and_returns_an_answer(engine, motion):
    prepared = engine.prepare(motion)
    stream = engine.ask(prepared, "When is impact?", max_new_tokens=12)
    pieces = list(stream)
    answer = stream.answer
    assert isinstance(answer, Answer) and answer.text == "".join(pieces).strip()
    assert answer.timings["new_tokens"] <= 12 and answer.timings["first_token_s"] > 0
    frames = answer.viewpoint_frames
    K = engine.config.cross_talker.num_viewpoints
    assert len(frames) == K == len(set(frames)) and frames == sorted(frames)
    assert 0 <= frames[0] and frames[-1] < motion.num_frames
    assert answer.viewpoint_times == [float(motion.timestamps[f]) for f in frames]
    assert answer.frame_scores.shape == (motion.num_frames,) and np.all(answer.frame_scores >= 0)
    assert answer.timings["prompt_tokens"] > K


def test_ask_is_deterministic_and_history_changes_the_prompt(engine, motion):
    prepared = engine.prepare(motion)
    a = engine.ask(prepared, "When is impact?", max_new_tokens=6).result()
    b = engine.ask(prepared, "When is impact?", max_new_tokens=6).result()
    assert a.text == b.text and a.viewpoint_frames == b.viewpoint_frames
    follow = engine.ask(prepared, "And the top?", [a, Turn("x?", "y.")], max_new_tokens=2).result()
    assert follow.timings["prompt_tokens"] > a.timings["prompt_tokens"]


def test_prefix_cache_matches_a_full_prefill(engine, motion):
    prepared = engine.prepare(motion)
    assert prepared.prefix_cache is not None and prepared.timings["prefix_tokens"] == len(prepared.prefix_ids) > 0
    cached = engine.ask(prepared, "When is impact?", max_new_tokens=8).result()
    again = engine.ask(prepared, "When is impact?", max_new_tokens=8).result()     # the prefix cache is not consumed
    prepared.prefix_cache = None
    full = engine.ask(prepared, "When is impact?", max_new_tokens=8).result()
    assert cached.text == again.text == full.text
    assert cached.timings["prompt_tokens"] == full.timings["prompt_tokens"]


def test_all_frames_selection_grows_the_prompt(engine, motion):
    prepared = engine.prepare(motion)
    top = engine.ask(prepared, "Impact?", max_new_tokens=1).result()
    every = engine.ask(prepared, "Impact?", max_new_tokens=1, selection="all").result()
    assert every.timings["prompt_tokens"] - top.timings["prompt_tokens"] == 120 - top.timings["viewpoint_tokens"]


def test_cancel_stops_generation(engine, motion):
    prepared = engine.prepare(motion)
    cancel = threading.Event()
    cancel.set()
    answer = engine.ask(prepared, "Impact?", cancel=cancel, max_new_tokens=50).result()
    assert answer.cancelled and answer.timings["new_tokens"] == 0
    stream = engine.ask(prepared, "Impact?", max_new_tokens=50)
    got = []
    for piece in stream:
        got.append(piece)
        stream.cancel()
    assert stream.answer.cancelled and stream.answer.timings["new_tokens"] <= 2


def test_trained_checkpoint_loads(engine, tiny_backbone, tmp_path, motion):
    engine.model.save_pretrained(tmp_path / "ckpt")
    trained = Engine.load(tmp_path / "ckpt")
    assert trained.is_trained and trained.state == "trained"
    prepared = trained.prepare(motion)
    assert torch.allclose(prepared.enhanced, engine.prepare(motion).enhanced, atol=1e-6)
    with pytest.raises(FileNotFoundError, match="no LLaMo checkpoint"):
        Engine.load(tmp_path / "missing")


def test_bad_inputs_give_user_messages(engine, motion):
    with pytest.raises(FileNotFoundError, match="file not found"):
        engine.prepare("/nonexistent/clip.mp4")
    with pytest.raises(ValueError, match="question is empty"):
        engine.ask(engine.prepare(motion), "")


def test_text_streamer_holds_back_partial_utf8(engine):
    streamer = TextStreamer(engine.model.tokenizer)
    ids = engine.model.tokenizer("é!", add_special_tokens=False)["input_ids"]
    assert len(ids) == 3                                         # two bytes for é
    assert [streamer.push(i) for i in ids] == ["", "é", "!"]
