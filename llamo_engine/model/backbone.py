"""The language-model backbone: a named default or any local Hugging Face causal-LM folder (a larger model on a
GPU works without code changes). Loaded offline; its weights stay frozen (LoRA adapters, if any, train)."""

from __future__ import annotations

import pathlib

import torch

from llamo_engine.model import smollm2

NAMED_BACKBONES = {"smollm2-135m-instruct": smollm2.ensure_converted}
DTYPES = {"float32": torch.float32, "bfloat16": torch.bfloat16, "float16": torch.float16}
# Used when a backbone's tokenizer has no chat template (base models): ChatML, as SmolLM2 uses.
CHATML_TEMPLATE = (
    "{% for message in messages %}{{ '<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>\n' }}"
    "{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}")


def resolve_backbone(setting: str, progress=None) -> pathlib.Path:
    """A backbone name from NAMED_BACKBONES (prepared on first use) or a folder holding config.json."""
    if setting in NAMED_BACKBONES:
        return NAMED_BACKBONES[setting](progress)
    folder = pathlib.Path(setting).expanduser()
    if not (folder / "config.json").is_file():
        raise ValueError(f"backbone {setting!r} is neither one of {sorted(NAMED_BACKBONES)} nor a local Hugging Face "
                         "model folder (with config.json); pass a folder saved by save_pretrained")
    return folder


def load_backbone(setting: str, dtype: str = "float32", device: str = "cpu", progress=None):
    """(causal LM in eval mode with frozen weights, tokenizer) for a backbone setting."""
    from transformers import AutoModelForCausalLM, AutoTokenizer

    if dtype not in DTYPES:
        raise ValueError(f"unknown dtype {dtype!r}; choose one of {sorted(DTYPES)}")
    folder = resolve_backbone(setting, progress)
    tokenizer = AutoTokenizer.from_pretrained(folder)
    if not tokenizer.chat_template:
        tokenizer.chat_template = CHATML_TEMPLATE
    model = AutoModelForCausalLM.from_pretrained(folder, dtype=DTYPES[dtype]).to(device).eval()
    model.requires_grad_(False)
    return model, tokenizer
