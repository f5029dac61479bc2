"""Projector from the Cross Talker's width into the LLM's embedding space (LLaVA's registry of kinds)."""

from __future__ import annotations

from torch import nn

from llamo_engine.model.config import ProjectorConfig


def build_projector(cfg: ProjectorConfig) -> nn.Module:
    """(B, L, in_dim) -> (B, L, out_dim). Kinds: "linear", "mlp2x_gelu"; ValueError on others."""
    if cfg.kind == "linear":
        return nn.Linear(cfg.in_dim, cfg.out_dim)
    if cfg.kind == "mlp2x_gelu":
        return nn.Sequential(nn.Linear(cfg.in_dim, cfg.out_dim), nn.GELU(), nn.Linear(cfg.out_dim, cfg.out_dim))
    raise ValueError(f"unknown projector kind {cfg.kind!r}; choose 'linear' or 'mlp2x_gelu'")
