"""The training loop on a tiny config: the stages chain, checkpoints reload into the model, a stopped run
resumes where it was, the collator's placeholder counts match the Cross Talker's tokens."""

import json

import pytest
import torch

from llamo_engine.data.dataset import DataSettings, QACollator, QADataset, build_records
from llamo_engine.model import packed_attention
from llamo_engine.model.llamo import LlamoModel
from llamo_engine.train.loop import LOG_FILE, RESUME_FILE, checkpoint_layers, prepare_model, train
from llamo_engine.train.losses import nll_loss
from tests.engine.train.conftest import tiny_train_config


def loss_and_grads(model, params, batch):
    """The instruct loss of one batch and the trainable parameters' gradients."""
    model.zero_grad()
    loss = nll_loss(model, batch, grounding_weight=0.5)["loss"]
    loss.backward()
    return loss.detach(), [p.grad.clone() for g in params for p in g["params"] if p.grad is not None]


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
    light = QACollator(model.tokenizer, model.placeholder_id, 16, prompts=False)([data[0], data[len(data) - 1]])
    assert light["input_ids"] is None and light["labels"] is None                  # the selection stage's batches
    assert all(torch.equal(light[k], batch[k]) for k in ("question_ids", "frame_rows", "motion"))


@pytest.mark.parametrize("block_attention", [False, True])
def test_packed_rows_train_on_the_same_computation_as_separate_rows(tiny_backbone, tmp_path, block_attention):
    """Questions of one clip packed behind one shared prefix give the same loss and gradients as one row each
    (with the dense SDPA mask, and with the block attention training uses)."""
    from llamo_engine.data.dataset import PackedCollator, PackedQADataset
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

    loss_u, grads_u = loss_and_grads(model, params, unpacked)
    loss_p, grads_p = loss_and_grads(model, params, packed)
    assert torch.allclose(loss_u, loss_p, atol=1e-5)
    assert len(grads_u) == len(grads_p) > 0
    assert all(torch.allclose(a, b, atol=1e-5, rtol=1e-3) for a, b in zip(grads_u, grads_p))


def test_block_attention_matches_the_masked_sdpa_on_padded_rows(tiny_backbone, tmp_path):
    """Two clips of different lengths in one batch (the shorter row padded): same loss and gradients as SDPA with
    the dense mask; a KV cache (inference) still goes through SDPA."""
    from llamo_engine.data.dataset import PackedCollator, PackedQADataset
    model, params = prepare_model(tiny_train_config(tiny_backbone, tmp_path, "instruct"))
    model.eval()
    data = PackedQADataset(build_records(range(2), DataSettings(per_category=1, noise_prob=1.0)), pack=3)
    batch = PackedCollator(model.tokenizer, model.placeholder_id, 4)([data[0], data[len(data) - 1]])
    assert (batch["blocks"] == -1).any()                                        # one row is padded

    loss_dense, grads_dense = loss_and_grads(model, params, batch)
    packed_attention.enable(model.llm)
    loss_blocks, grads_blocks = loss_and_grads(model, params, batch)
    assert torch.allclose(loss_dense, loss_blocks, atol=1e-5)
    assert len(grads_dense) == len(grads_blocks) > 0
    assert all(torch.allclose(a, b, atol=1e-5, rtol=1e-3) for a, b in zip(grads_dense, grads_blocks))


def test_block_attention_groups_blocks_of_different_lengths_exactly():
    """Blocks of very different lengths (several length groups), grouped-query heads and a padded row: the same
    outputs and input gradients as SDPA over the dense mask."""
    from llamo_engine.data.dataset import packed_attention as dense_mask
    torch.manual_seed(0)
    rows = [[0] * 7 + [1] * 3 + [2] * 12 + [3] * 4 + [4] * 11 + [5] * 2, [0] * 5 + [1] * 9 + [2] * 3]
    S = max(map(len, rows))
    blocks = torch.tensor([r + [-1] * (S - len(r)) for r in rows])
    layout = packed_attention.PackedLayout.from_blocks(blocks)
    assert len(layout.rows[0].groups) >= 3
    q = torch.randn(2, 4, S, 8, requires_grad=True)
    k, v = (torch.randn(2, 2, S, 8, requires_grad=True) for _ in range(2))
    module = torch.nn.Module()
    module.num_key_value_groups = 2
    mask, _ = dense_mask(blocks)
    real = (blocks >= 0)[:, :, None, None]                                       # padding outputs do not matter

    def outputs_and_grads(**kw):
        q.grad = k.grad = v.grad = None
        out = packed_attention.packed_attention_forward(module, q, k, v, scaling=0.3, **kw)[0] * real
        out.pow(2).sum().backward()
        return out.detach(), [t.grad.clone() for t in (q, k, v)]

    dense, dense_grads = outputs_and_grads(attention_mask=mask)
    ours, our_grads = outputs_and_grads(attention_mask=None, packed_layout=layout)
    assert torch.allclose(dense, ours, atol=1e-5)
    assert all(torch.allclose(a, b, atol=1e-5) for a, b in zip(dense_grads, our_grads))


@pytest.mark.parametrize("row", [[0, 0, 1, 1, 0, 2, -1], [0, 0, 1, 2, 1], [1, 1, 2], [0, 0, -1]])
def test_block_layout_refuses_rows_that_are_not_prefix_then_blocks(row):
    with pytest.raises(ValueError, match="prefix"):
        packed_attention.PackedLayout.from_blocks(torch.tensor([row]))


def test_packed_training_runs(tiny_backbone, tmp_path):
    log = train(tiny_train_config(tiny_backbone, tmp_path / "p", "align", pack=4), progress=lambda m: None)
    assert log["steps"] == 4 and all(torch.isfinite(torch.tensor(r["loss"])) for r in log["log"])


def test_activation_checkpointing_recomputes_layers_with_the_same_gradients(tiny_backbone, tmp_path):
    model, params = prepare_model(tiny_train_config(tiny_backbone, tmp_path, "instruct"))
    model.eval()
    records = build_records(range(1), DataSettings(per_category=1, noise_prob=1.0))
    batch = QACollator(model.tokenizer, model.placeholder_id, 4)([QADataset(records)[i] for i in range(3)])
    mlp_calls = []
    model._decoder.layers[0].mlp.register_forward_pre_hook(lambda *args: mlp_calls.append(1))

    loss_plain, grads_plain = loss_and_grads(model, params, batch)
    assert len(mlp_calls) == 1
    checkpoint_layers(model.llm)
    loss_ckpt, grads_ckpt = loss_and_grads(model, params, batch)
    assert len(mlp_calls) == 3                                     # forward, then again in the backward pass
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


def test_training_benchmark_times_both_attentions(tiny_backbone, tmp_path, capsys):
    from llamo_engine.bench.__main__ import main
    train(tiny_train_config(tiny_backbone, tmp_path / "a", "align", steps=1), progress=lambda m: None)
    assert main(["train", "--checkpoint", str(tmp_path / "a"), "--steps", "2", "--precision", "fp32"]) == 0
    table = capsys.readouterr().out
    assert "| dense mask (SDPA) |" in table and "| block attention |" in table and "x faster" in table
