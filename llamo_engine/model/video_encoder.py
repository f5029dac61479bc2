"""Video encoder (frozen): ImageNet MobileNetV2 -> F_V, one 1280-d vector per encoded frame."""

from __future__ import annotations

import torch
from torch import nn

from llamo_engine.model.config import VideoEncoderConfig
from llamo_engine.model.mobilenet_v2 import FEATURE_DIM, MobileNetV2, load_imagenet_mobilenet_v2


def build_video_backbone(cfg: VideoEncoderConfig, pretrained: bool = True) -> MobileNetV2:
    if cfg.kind != "mobilenet_v2":
        raise ValueError(f"unknown video encoder {cfg.kind!r}; the only kind is 'mobilenet_v2'")
    if cfg.feature_dim != FEATURE_DIM:
        raise ValueError(f"mobilenet_v2 gives {FEATURE_DIM}-d features, the config says {cfg.feature_dim}")
    return load_imagenet_mobilenet_v2() if pretrained else MobileNetV2().eval()


class VideoEncoder(nn.Module):
    """Frozen and always in eval mode (BatchNorm statistics stay ImageNet's)."""

    def __init__(self, cfg: VideoEncoderConfig, pretrained: bool = True, chunk: int = 16):
        super().__init__()
        self.cfg = cfg
        self.backbone = build_video_backbone(cfg, pretrained)
        self.backbone.requires_grad_(False)
        self.chunk = chunk

    def train(self, mode: bool = True) -> "VideoEncoder":
        return super().train(False)

    @torch.no_grad()
    def forward(self, frames: torch.Tensor) -> torch.Tensor:
        """frames (B, T, 3, H, W) ImageNet-normalised -> F_V (B, T, 1280)."""
        B, T = frames.shape[:2]
        flat = frames.reshape(B * T, *frames.shape[2:])
        feats = [self.backbone.embed(flat[i:i + self.chunk]) for i in range(0, B * T, self.chunk)]
        return torch.cat(feats).reshape(B, T, -1)                                     # (B, T, 1280)
