"""Motion encoder: a transformer over per-frame motion features -> F_M, one vector per frame.

Pretrained by masked motion modelling (the training issue: `masked` replaces chosen frames by a learned token and
a head reconstructs them), frozen afterwards.
"""

from __future__ import annotations

import torch
from torch import nn

from llamo_engine.model.config import MotionEncoderConfig
from llamo_engine.model.layers import TransformerBlock, time_embedding


class MotionEncoder(nn.Module):
    def __init__(self, cfg: MotionEncoderConfig):
        super().__init__()
        self.cfg = cfg
        self.input = nn.Sequential(nn.Linear(cfg.input_dim, cfg.dim), nn.LayerNorm(cfg.dim))
        self.mask_token = nn.Parameter(torch.zeros(cfg.dim))
        self.blocks = nn.ModuleList(TransformerBlock(cfg.dim, cfg.heads, cfg.ffn_mult, cfg.dropout)
                                    for _ in range(cfg.layers))
        self.norm = nn.LayerNorm(cfg.dim)

    def forward(self, features: torch.Tensor, times: torch.Tensor, mask: torch.Tensor,
                masked: torch.Tensor | None = None) -> torch.Tensor:
        """features (B, T, F), times (B, T) seconds, mask (B, T) True on real frames,
        masked (B, T) True on frames to hide (masked motion modelling) -> F_M (B, T, D)."""
        if features.shape[-1] != self.cfg.input_dim:
            raise ValueError(f"motion features have width {features.shape[-1]}, the encoder expects "
                             f"{self.cfg.input_dim} ({self.cfg.input_kind!r} features)")
        x = self.input(features)                                                      # (B, T, D)
        if masked is not None:
            x = torch.where(masked[..., None], self.mask_token.to(x.dtype).expand_as(x), x)
        x = x + time_embedding(times, self.cfg.dim).to(x.dtype)
        for block in self.blocks:
            x = block(x, mask)
        return self.norm(x)                                                           # (B, T, D)
