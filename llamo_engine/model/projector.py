"""Projector from the Cross Talker's width into the LLM's embedding space: LLaVA's registry of kinds, each a
builder of ProjectorConfig -> nn.Module mapping (B, L, in_dim) -> (B, L, out_dim)."""

from __future__ import annotations

from collections.abc import Callable

from torch import nn

from llamo_engine.model.config import ProjectorConfig


def linear(cfg: ProjectorConfig) -> nn.Module:
    return nn.Linear(cfg.in_dim, cfg.out_dim)


def mlp2x_gelu(cfg: ProjectorConfig) -> nn.Module:
    return nn.Sequential(nn.Linear(cfg.in_dim, cfg.out_dim), nn.GELU(), nn.Linear(cfg.out_dim, cfg.out_dim))


PROJECTORS: dict[str, Callable[[ProjectorConfig], nn.Module]] = {"linear": linear, "mlp2x_gelu": mlp2x_gelu}


def build_projector(cfg: ProjectorConfig) -> nn.Module:
    """The projector of kind `cfg.kind` (a key of PROJECTORS); ValueError on others."""
    if cfg.kind not in PROJECTORS:
        raise ValueError(f"unknown projector kind {cfg.kind!r}; choose one of {', '.join(PROJECTORS)}")
    return PROJECTORS[cfg.kind](cfg)
