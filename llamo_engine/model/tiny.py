"""A tiny random Llama backbone (byte-level tokenizer, ChatML template) written to a folder: the "any local HF
causal-LM folder" path, used by tests and smoke runs with no downloads."""

from __future__ import annotations

import os
import pathlib

from llamo_engine.model.backbone import CHATML_TEMPLATE

SPECIAL_TOKENS = ("<|im_start|>", "<|im_end|>")


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


# A standing pose (metres, canonical frame: y up, facing +z, +x the athlete's left), SMPL joint order.
STANDING_POSE = (
    (0.0, 0.95, 0.0), (0.09, 0.87, 0.0), (-0.09, 0.87, 0.0), (0.0, 1.07, 0.0), (0.10, 0.50, 0.02),
    (-0.10, 0.50, 0.02), (0.0, 1.20, 0.0), (0.10, 0.08, 0.0), (-0.10, 0.08, 0.0), (0.0, 1.26, 0.0),
    (0.10, 0.02, 0.10), (-0.10, 0.02, 0.10), (0.0, 1.45, 0.0), (0.08, 1.38, 0.0), (-0.08, 1.38, 0.0),
    (0.0, 1.60, 0.03), (0.18, 1.40, 0.0), (-0.18, 1.40, 0.0), (0.20, 1.13, 0.05), (-0.20, 1.13, 0.05),
    (0.10, 0.92, 0.25), (-0.10, 0.92, 0.25))


def tiny_motion(num_frames: int = 90, fps: float = 30.0, seed: int = 0):
    """A MotionSequence of a body turning back and through (upper body more than hips), with a club line:
    plausible numbers for shapes, caching and benchmarks; not a realistic swing (see llamo_engine.data.synth)."""
    import numpy as np

    from llamo_engine.motion.skeleton import MotionSequence

    rng = np.random.default_rng(seed)
    t = np.arange(num_frames) / fps
    pose = np.array(STANDING_POSE)                                                     # (22, 3)
    turn = 1.4 * np.sin(2 * np.pi * t / max(t[-1], 1e-6) * 0.5) ** 2 * np.where(t < t[-1] * 0.7, 1, -0.8)
    weights = np.clip((pose[:, 1] - 0.8) / 0.6, 0.1, 1.0)                              # (22,) hips 0.1 .. head 1
    yaw = turn[:, None] * weights[None]                                                # (T, 22)
    c, s = np.cos(yaw), np.sin(yaw)
    joints = np.stack([c * pose[:, 0] + s * pose[:, 2], np.broadcast_to(pose[:, 1], yaw.shape),
                       -s * pose[:, 0] + c * pose[:, 2]], axis=-1)                     # (T, 22, 3)
    joints = joints + rng.normal(0, 0.002, joints.shape)
    grip = joints[:, 20]
    head = grip + np.stack([np.sin(turn), -np.ones_like(turn) * 0.6, np.cos(turn)], axis=-1) * 0.8
    return MotionSequence(joints=joints, confidence=np.ones((num_frames, 22)), present=np.ones(num_frames, bool),
                          timestamps=t, fps=fps, source=f"tiny:seed={seed}", club=np.stack([grip, head], axis=1),
                          club_estimated=False, meta={"synthetic": True})
