"""Feature Enhancer: self-attention within each modality, cross-attention with motion as the query and video as
key/value, and a residual FFN -> the enhanced motion features F~_M.

Paths: motion + video (the full module); motion only (video absent: the cross-attention is skipped, also per row
of a batch where that row has no video); video only (no motion: the enhanced video tokens take F~_M's place).
"""

from __future__ import annotations

import torch
from torch import nn

from llamo_engine.model.config import FeatureEnhancerConfig
from llamo_engine.model.layers import FeedForward, MultiHeadAttention, TransformerBlock, time_embedding


class EnhancerLayer(nn.Module):
    def __init__(self, cfg: FeatureEnhancerConfig):
        super().__init__()
        self.motion_self = TransformerBlock(cfg.dim, cfg.heads, cfg.ffn_mult, cfg.dropout)
        self.video_self = TransformerBlock(cfg.dim, cfg.heads, cfg.ffn_mult, cfg.dropout)
        self.norm_q = nn.LayerNorm(cfg.dim)
        self.norm_kv = nn.LayerNorm(cfg.dim)
        self.cross = MultiHeadAttention(cfg.dim, cfg.heads, dropout=cfg.dropout)
        self.norm_ffn = nn.LayerNorm(cfg.dim)
        self.ffn = FeedForward(cfg.dim, cfg.ffn_mult, cfg.dropout)

    def forward(self, motion, motion_mask, video, video_mask):
        """motion (B, T, D) | None, video (B, Tv, D) | None -> (motion', video')."""
        if video is not None:
            video = self.video_self(video, video_mask)                                 # F_V' (B, Tv, D)
        if motion is None:
            return None, video
        motion = self.motion_self(motion, motion_mask)                                # F_M' (B, T, D)
        if video is not None:
            has_video = video_mask.any(dim=1).to(motion.dtype)[:, None, None]          # (B, 1, 1)
            motion = motion + has_video * self.cross(self.norm_q(motion), self.norm_kv(video), key_mask=video_mask)
        motion = motion + self.ffn(self.norm_ffn(motion))                              # (B, T, D)
        return motion, video


class FeatureEnhancer(nn.Module):
    def __init__(self, cfg: FeatureEnhancerConfig):
        super().__init__()
        self.cfg = cfg
        self.video_in = nn.Sequential(nn.LayerNorm(cfg.video_dim), nn.Linear(cfg.video_dim, cfg.dim))
        self.layers = nn.ModuleList(EnhancerLayer(cfg) for _ in range(cfg.layers))
        self.norm = nn.LayerNorm(cfg.dim)

    def forward(self, motion: torch.Tensor | None, motion_mask: torch.Tensor | None,
                video: torch.Tensor | None = None, video_times: torch.Tensor | None = None,
                video_mask: torch.Tensor | None = None) -> tuple[torch.Tensor, torch.Tensor]:
        """motion F_M (B, T, D) with mask (B, T); video F_V (B, Tv, 1280) with times (B, Tv) s and mask (B, Tv).

        Returns F~_M (B, T, D) and its mask; with motion None, the enhanced video (B, Tv, D) and the video mask.
        """
        if motion is None and video is None:
            raise ValueError("the Feature Enhancer needs motion, video or both")
        if video is not None:
            if video_times is None or video_mask is None:
                raise ValueError("video features need their times and mask")
            video = self.video_in(video) + time_embedding(video_times, self.cfg.dim).to(video.dtype)  # (B, Tv, D)
        for layer in self.layers:
            motion, video = layer(motion, motion_mask, video, video_mask)
        if motion is None:
            return self.norm(video), video_mask
        return self.norm(motion), motion_mask                                         # F~_M (B, T, D)
