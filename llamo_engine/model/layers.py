"""Shared building blocks: multi-head attention with key masks and additive biases, FFN, pre-LN blocks, and
sinusoidal embeddings of time in seconds (so motion at 30 fps and video at 10 fps share one time axis)."""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F
from torch import nn


def time_embedding(times: torch.Tensor, dim: int, min_period: float = 0.05, max_period: float = 30.0) -> torch.Tensor:
    """(B, T) seconds -> (B, T, dim) sinusoids with periods from min_period to max_period seconds."""
    half = dim // 2
    periods = torch.exp(torch.linspace(math.log(min_period), math.log(max_period), half, device=times.device))
    angles = 2 * math.pi * times[..., None].float() / periods                        # (B, T, dim/2)
    emb = torch.cat([angles.sin(), angles.cos()], dim=-1)
    return F.pad(emb, (0, dim - 2 * half))


class MultiHeadAttention(nn.Module):
    """Attention of queries x (B, Lq, D) over a context (B, Lk, Dk) (x itself when None).

    key_mask (B, Lk) bool, True where the key is valid; bias (B, Lq, Lk) float added to the logits.
    Queries whose keys are all masked get uniform weights (finite, never NaN); callers ignore or zero them.
    """

    def __init__(self, dim: int, heads: int, context_dim: int | None = None, dropout: float = 0.0):
        super().__init__()
        if dim % heads:
            raise ValueError(f"dim {dim} must be divisible by heads {heads}")
        self.heads = heads
        self.q = nn.Linear(dim, dim)
        self.kv = nn.Linear(context_dim or dim, 2 * dim)
        self.out = nn.Linear(dim, dim)
        self.dropout = dropout

    def forward(self, x: torch.Tensor, context: torch.Tensor | None = None, key_mask: torch.Tensor | None = None,
                bias: torch.Tensor | None = None) -> torch.Tensor:
        context = x if context is None else context
        B, Lq, D = x.shape
        Lk = context.shape[1]
        q = self.q(x).view(B, Lq, self.heads, -1).transpose(1, 2)                      # (B, h, Lq, D/h)
        k, v = self.kv(context).view(B, Lk, 2, self.heads, -1).permute(2, 0, 3, 1, 4)  # 2 x (B, h, Lk, D/h)
        logits_bias = torch.zeros(B, 1, Lq, Lk, dtype=q.dtype, device=q.device)
        if bias is not None:
            logits_bias = logits_bias + bias[:, None].to(q.dtype)
        if key_mask is not None:
            logits_bias = logits_bias.masked_fill(~key_mask[:, None, None, :], torch.finfo(q.dtype).min)
        y = F.scaled_dot_product_attention(q, k, v, attn_mask=logits_bias,
                                           dropout_p=self.dropout if self.training else 0.0)
        return self.out(y.transpose(1, 2).reshape(B, Lq, D))                          # (B, Lq, D)


class FeedForward(nn.Module):
    def __init__(self, dim: int, mult: int = 4, dropout: float = 0.0):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(dim, mult * dim), nn.GELU(), nn.Dropout(dropout), nn.Linear(mult * dim, dim))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net(x)


class TransformerBlock(nn.Module):
    """Pre-LN self-attention + FFN over (B, T, D) with a key mask (B, T)."""

    def __init__(self, dim: int, heads: int, ffn_mult: int = 4, dropout: float = 0.0):
        super().__init__()
        self.norm1 = nn.LayerNorm(dim)
        self.attn = MultiHeadAttention(dim, heads, dropout=dropout)
        self.norm2 = nn.LayerNorm(dim)
        self.ffn = FeedForward(dim, ffn_mult, dropout)

    def forward(self, x: torch.Tensor, mask: torch.Tensor | None = None) -> torch.Tensor:
        x = x + self.attn(self.norm1(x), key_mask=mask)
        return x + self.ffn(self.norm2(x))                                             # (B, T, D)
