import pytest
import torch

from llamo_engine.inference.prompt import build_prompt
from llamo_engine.model.config import LoraSettings
from llamo_engine.model.llamo import HEAD_MODULES, LlamoModel
from tests.engine.model.tiny_setup import tiny_config


@pytest.fixture
def model(tiny_backbone, seeded):
    return LlamoModel.build(tiny_config(tiny_backbone), video_pretrained=False).eval()


def batch(model, T=10, answer="Impact is at frame 7."):
    """A one-row training batch: prompt ids with placeholders and labels on the answer."""
    tok = model.tokenizer
    q = tok("When is impact?", add_special_tokens=False)["input_ids"]
    K = min(model.cfg.cross_talker.num_viewpoints, T)
    prompt = build_prompt(tok, "When is impact?", "10 frames", [], K + len(q), model.placeholder_id, answer=answer)
    return dict(input_ids=torch.tensor([prompt.input_ids]), attention_mask=torch.ones(1, len(prompt.input_ids)),
                question_ids=torch.tensor([q]), question_mask=torch.ones(1, len(q), dtype=torch.bool),
                motion=torch.randn(1, T, 142), motion_times=torch.arange(T)[None] / 30.0,
                motion_mask=torch.ones(1, T, dtype=torch.bool), labels=torch.tensor([prompt.labels]))


def test_forward_loss_and_trainable_parts(model):
    b = batch(model)
    out = model(**b)
    assert out.logits.shape[0] == (b["labels"][:, 1:] != -100).sum() and torch.isfinite(out.loss)
    out.loss.backward()
    for name in HEAD_MODULES:
        grads = [p.grad for p in getattr(model, name).parameters() if p.requires_grad]
        assert any(g is not None and g.abs().sum() > 0 for g in grads), name
    assert all(p.grad is None for p in model.llm.parameters())
    assert all(p.grad is None for p in model.video_encoder.parameters())


def test_placeholder_count_mismatch_raises(model):
    b = batch(model)
    ids = b["input_ids"].clone()
    ids[0, (ids[0] == model.placeholder_id).nonzero()[0]] = 5      # one placeholder fewer
    with pytest.raises(ValueError, match="placeholders"):
        model(**dict(b, input_ids=ids))


def test_features_land_on_the_placeholders_only(model):
    b = batch(model)
    enhanced, mask = model.encode(b["motion"], b["motion_times"], b["motion_mask"])
    talker, tokens = model.talk(enhanced, mask, b["question_ids"], b["question_mask"])
    embeds = model.embed_inputs(b["input_ids"], tokens, talker.fusion_mask)
    where = (b["input_ids"][0] == model.placeholder_id).nonzero()[:, 0]
    assert torch.allclose(embeds[0, where], tokens[0])
    text_pos = (b["input_ids"][0] != model.placeholder_id).nonzero()[:, 0]
    plain = model.llm.get_input_embeddings()(b["input_ids"][0, text_pos])
    assert torch.allclose(embeds[0, text_pos], plain)


def test_video_changes_the_answer_features(model):
    b = batch(model)
    video, vtimes, vmask = torch.randn(1, 4, 1280), torch.rand(1, 4), torch.ones(1, 4, dtype=torch.bool)
    with_video = model(**b, video=video, video_times=vtimes, video_mask=vmask)
    assert not torch.allclose(with_video.logits, model(**b).logits)


def test_save_load_round_trip(model, tiny_backbone, tmp_path):
    b = batch(model)
    before = model(**b)
    model.save_pretrained(tmp_path / "ckpt")
    assert sorted(p.name for p in (tmp_path / "ckpt").iterdir()) == ["config.json", "model.safetensors"]
    loaded = LlamoModel.from_pretrained(tmp_path / "ckpt").eval()
    after = loaded(**b)
    assert torch.allclose(before.logits, after.logits, atol=1e-5)
    assert torch.equal(before.talker.viewpoints, after.talker.viewpoints)


def test_lora_adapter_is_saved_and_restored(model, tmp_path):
    model.enable_lora(LoraSettings(r=2, alpha=4, dropout=0.0))
    trainable = {n for n, p in model.llm.named_parameters() if p.requires_grad}
    assert trainable and all("lora_" in n for n in trainable)
    with torch.no_grad():
        for n, p in model.llm.named_parameters():
            if "lora_B" in n:
                p.add_(0.1)
    b = batch(model)
    before = model(**b).logits
    model.save_pretrained(tmp_path / "ckpt")
    loaded = LlamoModel.from_pretrained(tmp_path / "ckpt").eval()
    assert loaded.cfg.llm.lora == LoraSettings(r=2, alpha=4, dropout=0.0)
    assert torch.allclose(before, loaded(**b).logits, atol=1e-5)


def test_checkpoint_mismatches_raise(model, tmp_path):
    model.save_pretrained(tmp_path / "ckpt")
    with pytest.raises(ValueError, match="missing"):
        model.load_heads({k: v for k, v in model.head_state_dict().items() if not k.startswith("projector.")})
    other = tiny_config(model.cfg.llm.backbone)
    other.llm.hidden_size = 32
    other.cross_talker.text_dim = other.projector.out_dim = 32
    with pytest.raises(ValueError, match="hidden size"):
        LlamoModel(other, model.llm, model.tokenizer, video_pretrained=False)
    with pytest.raises(FileNotFoundError, match="not a LLaMo checkpoint"):
        LlamoModel.from_pretrained(tmp_path)
