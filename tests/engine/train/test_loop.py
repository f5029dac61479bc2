"""The training loop on a tiny config: the stages chain, checkpoints reload into the model, a stopped run
resumes where it was, the collator's placeholder counts match the Cross Talker's tokens."""

import json

import pytest
import torch

from llamo_engine.data.dataset import DataSettings, QACollator, QADataset, build_records
from llamo_engine.model import packed_attention
from llamo_engine.model.llamo import LlamoModel
from llamo_engine.train.loop import LOG_FILE, RESUME_FILE, checkpoint_layers, prepare_model, train
from tests.engine.train.conftest import tiny_train_config


def test_stages_chain_and_checkpoint_reloads(tiny_backbone, tmp_path):
    s0, s1, s2 = tmp_path / "s0", tmp_path / "s1", tmp_path / "s2"
    train(tiny_train_config(tiny_backbone, s0, "pretrain_motion"), progress=lambda m: None)
    train(tiny_train_config(tiny_backbone, s1, "align", init=s0), progress=lambda m: None)
    log = train(tiny_train_config(tiny_backbone, s2, "instruct", init=s1), progress=lambda m: None)
    assert log["steps"] == 4 and all(torch.isfinite(torch.tensor(r["loss"])) for r in log["log"])
    enc0 = LlamoModel.from_pretrained(s0).motion_encoder.state_dict()
    model = LlamoModel.from_pretrained(s2)
    assert model.cfg.llm.lora is not None
    assert all(torch.equal(v, model.motion_encoder.state_dict()[k]) for k, v in enc0.items())
    assert json.loads((s2 / LOG_FILE).read_text())["stage"] == "instruct"


def test_resume_continues_from_the_saved_step(tiny_backbone, tmp_path):
    out = tmp_path / "run"
    train(tiny_train_config(tiny_backbone, out, "align", steps=2), progress=lambda m: None)
    assert (out / RESUME_FILE).is_file()
    messages = []
    log = train(tiny_train_config(tiny_backbone, out, "align", steps=4), progress=messages.append)
    assert any("resuming at step 2" in m for m in messages)
    assert [r["step"] for r in log["log"]] == [1, 2, 3, 4]


def test_collator_matches_the_talker(tiny_backbone, tmp_path):
    model, _ = prepare_model(tiny_train_config(tiny_backbone, tmp_path, "align"))
    records = build_records(range(2), DataSettings(per_category=1, noise_prob=1.0))
    data = QADataset(records)
    batch = QACollator(model.tokenizer, model.placeholder_id, 16)([data[0], data[len(data) - 1]])
    placeholders = (batch["input_ids"] == model.placeholder_id).sum(dim=1)
    assert placeholders.tolist() == (batch["num_viewpoints"] + batch["question_mask"].sum(dim=1)).tolist()
    assert (batch["labels"] != -100).any(dim=1).all()
    out = model(batch["input_ids"], batch["attention_mask"], batch["question_ids"], batch["question_mask"],
                batch["motion"], batch["motion_times"], batch["motion_mask"], labels=batch["labels"])
    assert torch.isfinite(out.loss)


@pytest.mark.parametrize("block_attention", [False, True])
def test_packed_rows_train_on_the_same_computation_as_separate_rows(tiny_backbone, tmp_path, block_attention):
    """Questions of one clip packed behind one shared prefix give the same loss and gradients as one row each
    (with the dense SDPA mask, and with the block attention training uses)."""
    from llamo_engine.data.dataset import PackedCollator, PackedQADataset
    from llamo_engine.train.losses import nll_loss
    model, params = prepare_model(tiny_train_config(tiny_backbone, tmp_path, "instruct"))
    model.eval()
    if block_attention:
        packed_attention.enable(model.llm)
    records = build_records(range(1), DataSettings(per_category=1, noise_prob=1.0))
    n = len(records[0].items)
    assert n >= 3
    unpacked = QACollator(model.tokenizer, model.placeholder_id, 4)([QADataset(records)[i] for i in range(n)])
    packed_data = PackedQADataset(records, pack=n)
    assert len(packed_data) == 1
    packed = PackedCollator(model.tokenizer, model.placeholder_id, 4)([packed_data[0]])
    assert packed["input_ids"].shape[0] == 1
    assert packed["input_ids"].shape[1] < unpacked["attention_mask"].sum() * 0.6     # the prefix is run once

    def loss_and_grads(batch):
        model.zero_grad()
        loss = nll_loss(model, batch, grounding_weight=0.5)["loss"]
        loss.backward()
        return loss.detach(), [p.grad.clone() for g in params for p in g["params"] if p.grad is not None]

    loss_u, grads_u = loss_and_grads(unpacked)
    loss_p, grads_p = loss_and_grads(packed)
    assert torch.allclose(loss_u, loss_p, atol=1e-5)
    assert len(grads_u) == len(grads_p) > 0
    assert all(torch.allclose(a, b, atol=1e-5, rtol=1e-3) for a, b in zip(grads_u, grads_p))


def test_block_attention_matches_the_masked_sdpa_on_padded_rows(tiny_backbone, tmp_path):
    """Two clips of different lengths in one batch (the shorter row padded): same loss and gradients as SDPA with
    the dense mask; a KV cache (inference) still goes through SDPA."""
    from llamo_engine.data.dataset import PackedCollator, PackedQADataset
    from llamo_engine.train.losses import nll_loss
    model, params = prepare_model(tiny_train_config(tiny_backbone, tmp_path, "instruct"))
    model.eval()
    data = PackedQADataset(build_records(range(2), DataSettings(per_category=1, noise_prob=1.0)), pack=3)
    batch = PackedCollator(model.tokenizer, model.placeholder_id, 4)([data[0], data[len(data) - 1]])
    assert (batch["blocks"] == -1).any()                                        # one row is padded

    def loss_and_grads():
        model.zero_grad()
        loss = nll_loss(model, batch, grounding_weight=0.5)["loss"]
        loss.backward()
        return loss.detach(), [p.grad.clone() for g in params for p in g["params"] if p.grad is not None]

    loss_dense, grads_dense = loss_and_grads()
    packed_attention.enable(model.llm)
    loss_blocks, grads_blocks = loss_and_grads()
    assert torch.allclose(loss_dense, loss_blocks, atol=1e-5)
    assert len(grads_dense) == len(grads_blocks) > 0
    assert all(torch.allclose(a, b, atol=1e-5, rtol=1e-3) for a, b in zip(grads_dense, grads_blocks))


def test_block_layout_refuses_blocks_out_of_order():
    blocks = torch.tensor([[0, 0, 1, 1, 0, 2, -1]])
    with pytest.raises(ValueError, match="contiguous"):
        packed_attention.PackedLayout.from_blocks(blocks)


def test_packed_training_runs(tiny_backbone, tmp_path):
    log = train(tiny_train_config(tiny_backbone, tmp_path / "p", "align", pack=4), progress=lambda m: None)
    assert log["steps"] == 4 and all(torch.isfinite(torch.tensor(r["loss"])) for r in log["log"])


def test_activation_checkpointing_recomputes_layers_with_the_same_gradients(tiny_backbone, tmp_path):
    from llamo_engine.train.losses import nll_loss
    model, params = prepare_model(tiny_train_config(tiny_backbone, tmp_path, "instruct"))
    model.eval()
    records = build_records(range(1), DataSettings(per_category=1, noise_prob=1.0))
    batch = QACollator(model.tokenizer, model.placeholder_id, 4)([QADataset(records)[i] for i in range(3)])
    mlp_calls = []
    model._decoder.layers[0].mlp.register_forward_pre_hook(lambda *args: mlp_calls.append(1))

    def loss_and_grads():
        model.zero_grad()
        mlp_calls.clear()
        loss = nll_loss(model, batch, grounding_weight=0.5)["loss"]
        loss.backward()
        return loss.detach(), [p.grad.clone() for g in params for p in g["params"] if p.grad is not None]

    loss_plain, grads_plain = loss_and_grads()
    assert len(mlp_calls) == 1
    checkpoint_layers(model.llm)
    loss_ckpt, grads_ckpt = loss_and_grads()
    assert len(mlp_calls) == 2                                     # the layer ran again in the backward pass
    assert not model._decoder.layers[0].mlp.training               # inner modules stay in eval mode
    assert torch.allclose(loss_plain, loss_ckpt)
    assert len(grads_plain) == len(grads_ckpt) > 0
    assert all(torch.allclose(a, b, atol=1e-6, rtol=1e-4) for a, b in zip(grads_plain, grads_ckpt))


def test_bfloat16_autocast_trains_float32_weights(tiny_backbone, tmp_path):
    log = train(tiny_train_config(tiny_backbone, tmp_path / "bf", "instruct", pack=4, precision="bf16"),
                progress=lambda m: None)
    assert log["steps"] == 4 and all(torch.isfinite(torch.tensor(r["loss"])) for r in log["log"])
    model = LlamoModel.from_pretrained(tmp_path / "bf")
    assert all(p.dtype == torch.float32 for p in model.cross_talker.parameters())


def test_unknown_precision_is_refused(tiny_backbone, tmp_path):
    with pytest.raises(ValueError, match="precision"):
        train(tiny_train_config(tiny_backbone, tmp_path / "x", "align", precision="fp8"), progress=lambda m: None)
