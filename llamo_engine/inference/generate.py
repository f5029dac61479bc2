"""Streaming generation for one prompt: prefill with inputs_embeds (the only step that sees the modality tokens),
then token by token from the KV cache. Greedy with a mild repetition penalty over the generated tokens (small
models loop otherwise); stops at an end token, the token budget, or a cancel event.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterator

import torch


@dataclasses.dataclass
class GenerationStats:
    prompt_tokens: int = 0
    new_tokens: int = 0
    first_token_s: float = 0.0      # prefill + first token
    total_s: float = 0.0
    stopped: str = ""               # "end", "length" or "cancelled"

    @property
    def tokens_per_s(self) -> float:
        decode_s = self.total_s - self.first_token_s
        return (self.new_tokens - 1) / decode_s if self.new_tokens > 1 and decode_s > 0 else 0.0


class TextStreamer:
    """Turns a growing list of token ids into new text pieces, holding back incomplete UTF-8 sequences."""

    def __init__(self, tokenizer):
        self.tokenizer = tokenizer
        self.ids: list[int] = []
        self.emitted = ""

    def push(self, token_id: int) -> str:
        self.ids.append(token_id)
        text = self.tokenizer.decode(self.ids, skip_special_tokens=True)
        if text.endswith("\ufffd"):
            return ""
        piece, self.emitted = text[len(self.emitted):], text
        return piece


@torch.inference_mode()
def stream_generate(llm, inputs_embeds: torch.Tensor, tokenizer, stats: GenerationStats, *, cache=None,
                    max_new_tokens: int = 96, stop_ids: set[int] = frozenset(), repetition_penalty: float = 1.1,
                    cancel=None) -> Iterator[str]:
    """inputs_embeds (1, S, H), following the KV `cache` of an already-run prefix (consumed) -> text pieces;
    fills `stats` as it goes."""
    start = time.perf_counter()
    stats.prompt_tokens = inputs_embeds.shape[1] + (0 if cache is None else cache.get_seq_length())
    streamer = TextStreamer(tokenizer)
    out = llm(inputs_embeds=inputs_embeds, cache=cache, use_cache=True, logits_to_keep=1)
    cache, logits = out.cache, out.logits[:, -1].float()                               # (1, V)
    vocab = logits.shape[-1]
    generated: list[int] = []
    stats.stopped = "length"
    for step in range(max_new_tokens):
        if cancel is not None and cancel.is_set():
            stats.stopped = "cancelled"
            break
        if generated and repetition_penalty != 1.0:
            seen = torch.tensor(sorted(set(generated)), device=logits.device)
            values = logits[0, seen]
            logits[0, seen] = torch.where(values > 0, values / repetition_penalty, values * repetition_penalty)
        token = int(logits[0, :vocab].argmax())
        if step == 0:
            stats.first_token_s = time.perf_counter() - start
        if token in stop_ids:
            stats.stopped = "end"
            break
        generated.append(token)
        stats.new_tokens = len(generated)
        piece = streamer.push(token)
        if piece:
            yield piece
        out = llm(input_ids=torch.tensor([[token]], device=inputs_embeds.device), cache=cache, use_cache=True,
                  logits_to_keep=1)
        cache, logits = out.cache, out.logits[:, -1].float()
    stats.total_s = time.perf_counter() - start
