"""Stages as data: exactly the named modules train in each stage; the LLM base and video encoder never do."""

import pytest

from llamo_engine.train.loop import prepare_model
from llamo_engine.train.losses import LOSSES, stage_loss
from llamo_engine.train.stages import LORA, STAGES, Stage, apply_stage, get_stage, trainable_names
from tests.engine.train.conftest import tiny_train_config


@pytest.mark.parametrize("stage", list(STAGES))
def test_only_the_stage_modules_train(tiny_backbone, tmp_path, stage):
    model, groups = prepare_model(tiny_train_config(tiny_backbone, tmp_path, stage))
    names = trainable_names(model)
    spec = get_stage(stage)
    want = [m + "." for m in spec.modules if m != LORA]
    heads = [n for n in names if not n.startswith("llm.")]
    assert all(n.startswith(tuple(want)) for n in heads)
    assert all(any(n.startswith(w) for n in heads) for w in want)
    llm = [n for n in names if n.startswith("llm.")]
    assert bool(llm) == (LORA in spec.modules)
    assert all("lora_" in n for n in llm)
    assert not any(n.startswith("video_encoder.") for n in names)
    assert {g["name"] for g in groups} == set(spec.modules)
    assert sum(p.numel() for g in groups for p in g["params"]) == sum(
        p.numel() for p in model.parameters() if p.requires_grad)


def test_motion_encoder_frozen_after_pretraining(tiny_backbone, tmp_path):
    model, _ = prepare_model(tiny_train_config(tiny_backbone, tmp_path, "align"))
    assert not any(p.requires_grad for p in model.motion_encoder.parameters())
    assert all(p.requires_grad for p in model.cross_talker.parameters())


def test_lora_stage_needs_an_adapter(tiny_backbone, tmp_path):
    model, _ = prepare_model(tiny_train_config(tiny_backbone, tmp_path, "align"))
    with pytest.raises(ValueError, match="enable_lora"):
        apply_stage(model, STAGES["instruct"])
    with pytest.raises(ValueError, match="unknown training stage"):
        get_stage("finetune_everything")


def test_selection_stage_trains_only_the_scoring_and_runs(tiny_backbone, tmp_path):
    """The selection refinement changes which frames are chosen, never how the chosen features are computed."""
    import torch

    from llamo_engine.train.loop import train
    s0, s1 = tmp_path / "s0", tmp_path / "s1"
    train(tiny_train_config(tiny_backbone, s0, "instruct"), progress=lambda m: None)
    log = train(tiny_train_config(tiny_backbone, s1, "select", init=s0, batch_size=4), progress=lambda m: None)
    assert all(torch.isfinite(torch.tensor(r["loss"])) for r in log["log"])
    from llamo_engine.model.llamo import LlamoModel
    before, after = LlamoModel.from_pretrained(s0), LlamoModel.from_pretrained(s1)
    changed = {k for k, v in before.head_state_dict().items() if not torch.equal(v, after.head_state_dict()[k])}
    assert changed and changed <= {"cross_talker.w_q.weight", "cross_talker.w_k.weight"}


def test_selection_loss_encodes_each_clip_once_with_the_same_result(tiny_backbone, tmp_path):
    import torch

    from llamo_engine.data.dataset import DataSettings, QACollator, QADataset, build_records
    from llamo_engine.train.loop import prepare_model
    from llamo_engine.train.losses import selection_loss
    model, _ = prepare_model(tiny_train_config(tiny_backbone, tmp_path, "select"))
    model.eval()
    data = QADataset(build_records(range(3), DataSettings(per_category=1, noise_prob=1.0)))
    collate = QACollator(model.tokenizer, model.placeholder_id, 4)
    first, second = collate([data[i] for i in (0, 1, len(data) - 1)]), collate([data[i] for i in (2, len(data) - 2)])
    calls = []
    encode = model.encode
    model.encode = lambda *args: calls.append(len(args[0])) or encode(*args)
    cache = {}
    for batch in (first, second):
        plain = selection_loss(model, batch)["loss"]
        cached = selection_loss(model, batch, cache)["loss"]
        assert torch.allclose(plain, cached, atol=1e-5)
    seeds = {*first["clip_seeds"], *second["clip_seeds"]}
    assert set(cache) == seeds
    assert sum(calls) == 5 + len(seeds)          # the plain calls encode every row; the cached ones each clip once


def test_every_stage_names_a_known_loss():
    assert {s.loss for s in STAGES.values()} == set(LOSSES)
    with pytest.raises(ValueError, match="unknown loss 'mse'"):
        Stage("regress", {"projector": 1e-3}, loss="mse")
    with pytest.raises(ValueError, match="unknown training loss 'mse'"):
        stage_loss("mse", None, {})
