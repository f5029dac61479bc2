"""A tiny random Llama backbone (byte-level tokenizer, ChatML template) written to a folder: the "any local HF
causal-LM folder" path of `load_backbone`, for tests with no downloads (the `tiny_backbone` fixture)."""

from __future__ import annotations

import os
import pathlib

from llamo_engine.model.backbone import CHATML_TEMPLATE

SPECIAL_TOKENS = ("<|im_start|>", "<|im_end|>")
TINY_HIDDEN = 64                # the hidden size of the `tiny_backbone` fixture


def build_tiny_tokenizer():
    """Byte-level BPE without merges: 256 byte tokens + the ChatML specials (ids 256, 257)."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers
    from tokenizers.pre_tokenizers import ByteLevel
    from transformers import PreTrainedTokenizerFast

    alphabet = ByteLevel.alphabet()
    vocab = {ch: i for i, ch in enumerate(sorted(alphabet))}
    core = Tokenizer(models.BPE(vocab=vocab, merges=[]))
    core.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True)
    core.decoder = decoders.ByteLevel()
    tokenizer = PreTrainedTokenizerFast(tokenizer_object=core, bos_token=SPECIAL_TOKENS[0],
                                        eos_token=SPECIAL_TOKENS[1], pad_token=SPECIAL_TOKENS[1])
    tokenizer.add_special_tokens({"additional_special_tokens": list(SPECIAL_TOKENS)})
    tokenizer.chat_template = CHATML_TEMPLATE
    return tokenizer


def build_tiny_backbone(folder: str | os.PathLike, hidden_size: int = 64, layers: int = 2, seed: int = 0
                        ) -> pathlib.Path:
    """Write a random LlamaForCausalLM (hidden_size wide) and its tokenizer to folder; returns the folder."""
    import torch
    from transformers import LlamaConfig, LlamaForCausalLM

    folder = pathlib.Path(folder)
    tokenizer = build_tiny_tokenizer()
    config = LlamaConfig(vocab_size=len(tokenizer), hidden_size=hidden_size, intermediate_size=2 * hidden_size,
                         num_hidden_layers=layers, num_attention_heads=4, num_key_value_heads=2,
                         max_position_embeddings=4096, tie_word_embeddings=False,
                         bos_token_id=tokenizer.bos_token_id, eos_token_id=tokenizer.eos_token_id,
                         pad_token_id=tokenizer.pad_token_id)
    torch.manual_seed(seed)
    LlamaForCausalLM(config).save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder
