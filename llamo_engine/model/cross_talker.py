"""Cross Talker: language-guided viewpoint-frame selection, adaptive local + global aggregation, and
bidirectional text <-> motion fusion -> F_fusion (B, K + L, D), the sequence handed to the language model.

1. A = softmax(F_T W_Q (F~_M W_K)^T / sqrt(D)) over frames; s_j = max_i A_ij; the top-K frames (in time order) are
   the viewpoint frames. The selected features are multiplied by (1 + s - stop_grad(s)): the values are unchanged,
   while the loss still reaches W_Q, W_K and the text through the scores (a straight-through weighting).
2. Local: viewpoint k attends to W_k = {j : |j - k| <= r_k * T}; r_k = r_min + (r_max - r_min) * sigmoid(MLP(F~_M(k)))
   is learned per viewpoint. The window edge is a logistic fade `window_softness` frames wide (so r_k gets a
   gradient) and frames beyond r_k * T + 4 * softness are masked exactly.
   Global: then attention over N segment means of F~_M (unselected frames contribute through both).
3. Fusion: motion -> text and text -> motion cross-attention, then an FFN over the joined sequence.
"""

from __future__ import annotations

import dataclasses
import math

import torch
import torch.nn.functional as F
from torch import nn

from llamo_engine.model.config import CrossTalkerConfig
from llamo_engine.model.layers import FeedForward, MultiHeadAttention

SELECTIONS = ("topk", "uniform", "all")
HARD_EDGE = 4.0   # in units of window_softness


def viewpoint_count(shortest: int, num_viewpoints: int, selection: str) -> int:
    """K, the viewpoint frames per row: min(num_viewpoints, shortest clip), every frame of the shortest clip for
    selection "all". The collators reserve exactly this many placeholders."""
    return shortest if selection == "all" else min(num_viewpoints, shortest)


@dataclasses.dataclass
class CrossTalkerOutput:
    fusion: torch.Tensor        # (B, K + L, D): K viewpoint tokens, then L text tokens
    fusion_mask: torch.Tensor   # (B, K + L) bool, False on padded text tokens
    scores: torch.Tensor        # (B, T) s_j, 0 on padded frames
    attention: torch.Tensor     # (B, L, T) A
    viewpoints: torch.Tensor    # (B, K) int64 frame indices, ascending, unique per row
    radii: torch.Tensor         # (B, K) r_k in [r_min, r_max]


def segment_means(x: torch.Tensor, mask: torch.Tensor, num_segments: int) -> tuple[torch.Tensor, torch.Tensor]:
    """x (B, T, D), mask (B, T) -> means over N equal segments of each row's valid frames (B, N, D), mask (B, N)."""
    B, T, _ = x.shape
    lengths = mask.sum(dim=1, keepdim=True).clamp(min=1)                              # (B, 1)
    positions = torch.arange(T, device=x.device)[None]                                 # (1, T)
    segment = (positions * num_segments) // lengths                                    # (B, T)
    onehot = F.one_hot(segment.clamp(max=num_segments - 1), num_segments).transpose(1, 2)  # (B, N, T)
    onehot = onehot.to(x.dtype) * mask[:, None, :].to(x.dtype)
    counts = onehot.sum(dim=-1)                                                        # (B, N)
    return onehot @ x / counts.clamp(min=1)[..., None], counts > 0


def window_bias(viewpoints: torch.Tensor, radii: torch.Tensor, lengths: torch.Tensor, num_frames: int,
                softness: float) -> torch.Tensor:
    """Additive attention bias (B, K, T) of the adaptive local windows: ~0 inside |j - k| <= r_k * T_valid, a
    logistic fade over `softness` frames at the edge, a large negative value beyond the hard edge."""
    half_width = radii * lengths[:, None].to(radii.dtype)                             # (B, K) frames
    positions = torch.arange(num_frames, device=radii.device, dtype=radii.dtype)
    distance = (positions[None, None, :] - viewpoints[..., None].to(radii.dtype)).abs()  # (B, K, T)
    bias = F.logsigmoid((half_width[..., None] - distance) / softness)
    outside = distance > half_width[..., None] + HARD_EDGE * softness
    return bias.masked_fill(outside, torch.finfo(bias.dtype).min)


class CrossTalker(nn.Module):
    def __init__(self, cfg: CrossTalkerConfig):
        super().__init__()
        self.cfg = cfg
        D = cfg.dim
        self.text_in = nn.Sequential(nn.Linear(cfg.text_dim, D), nn.LayerNorm(D))
        self.w_q = nn.Linear(D, D, bias=False)
        self.w_k = nn.Linear(D, D, bias=False)
        self.radius = nn.Sequential(nn.Linear(D, D // 4), nn.GELU(), nn.Linear(D // 4, 1))
        self.norm_local_q, self.norm_local_kv = nn.LayerNorm(D), nn.LayerNorm(D)
        self.local_attn = MultiHeadAttention(D, cfg.heads, dropout=cfg.dropout)
        self.norm_global = nn.LayerNorm(D)
        self.global_attn = MultiHeadAttention(D, cfg.heads, dropout=cfg.dropout)
        self.norm_m, self.norm_t = nn.LayerNorm(D), nn.LayerNorm(D)
        self.motion_to_text = MultiHeadAttention(D, cfg.heads, dropout=cfg.dropout)
        self.text_to_motion = MultiHeadAttention(D, cfg.heads, dropout=cfg.dropout)
        self.norm_ffn = nn.LayerNorm(D)
        self.ffn = FeedForward(D, cfg.ffn_mult, cfg.dropout)

    def frame_scores(self, motion, motion_mask, text, text_mask) -> tuple[torch.Tensor, torch.Tensor]:
        """A (B, L, T) and s (B, T) for motion (B, T, D) and projected text F_T (B, L, D)."""
        logits = self.w_q(text) @ self.w_k(motion).transpose(1, 2) / math.sqrt(self.cfg.dim)   # (B, L, T)
        logits = logits.masked_fill(~motion_mask[:, None, :], torch.finfo(logits.dtype).min)
        attention = logits.softmax(dim=-1) * motion_mask[:, None, :]
        scores = (attention * text_mask[..., None]).amax(dim=1)                          # (B, T)
        return attention, scores

    def select(self, scores, motion_mask, num_viewpoints: int | None, selection: str) -> torch.Tensor:
        """Viewpoint indices (B, K), ascending and unique per row; K = min(num_viewpoints, shortest clip)."""
        if selection not in SELECTIONS:
            raise ValueError(f"unknown selection {selection!r}; choose one of {SELECTIONS}")
        lengths = motion_mask.sum(dim=1)                                                 # (B,)
        if int(lengths.min()) < 1:
            raise ValueError("every clip in the batch needs at least one motion frame")
        wanted = self.cfg.num_viewpoints if num_viewpoints is None else num_viewpoints
        K = viewpoint_count(int(lengths.min()), wanted, selection)
        if selection == "topk":
            masked_scores = scores.masked_fill(~motion_mask, -1.0)
            index = masked_scores.topk(K, dim=1).indices
        else:   # uniform and all: evenly spaced over each row's valid frames (all: every frame when K = T_valid)
            steps = torch.linspace(0, 1, K, device=scores.device)[None]                  # (1, K)
            index = torch.round(steps * (lengths[:, None] - 1).to(steps.dtype)).long()
        return index.sort(dim=1).values

    def forward(self, motion: torch.Tensor, motion_mask: torch.Tensor, text_embeds: torch.Tensor,
                text_mask: torch.Tensor, num_viewpoints: int | None = None, selection: str = "topk"
                ) -> CrossTalkerOutput:
        """motion F~_M (B, T, D), mask (B, T); text_embeds (B, L, D_llm) LLM token embeddings, mask (B, L)."""
        text = self.text_in(text_embeds)                                                 # F_T (B, L, D)
        attention, scores = self.frame_scores(motion, motion_mask, text, text_mask)
        viewpoints = self.select(scores, motion_mask, num_viewpoints, selection)          # (B, K)
        gather = viewpoints[..., None].expand(-1, -1, motion.shape[-1])
        chosen = motion.gather(1, gather)                                                # (B, K, D)
        s = scores.gather(1, viewpoints)[..., None]                                      # (B, K, 1)
        chosen = chosen * (1 + s - s.detach())

        cfg = self.cfg
        radii = cfg.r_min + (cfg.r_max - cfg.r_min) * torch.sigmoid(self.radius(chosen)).squeeze(-1)  # (B, K)
        bias = window_bias(viewpoints, radii, motion_mask.sum(dim=1), motion.shape[1], cfg.window_softness)
        local = chosen + self.local_attn(self.norm_local_q(chosen), self.norm_local_kv(motion),
                                         key_mask=motion_mask, bias=bias)                 # F_local (B, K, D)
        segments, segment_mask = segment_means(motion, motion_mask, cfg.num_segments)    # (B, N, D)
        glob = local + self.global_attn(self.norm_global(local), segments, key_mask=segment_mask)  # (B, K, D)

        m, t = self.norm_m(glob), self.norm_t(text)
        motion_tokens = glob + self.motion_to_text(m, t, key_mask=text_mask)             # (B, K, D)
        text_tokens = text + self.text_to_motion(t, m)                                   # (B, L, D)
        fusion = torch.cat([motion_tokens, text_tokens], dim=1)                          # (B, K + L, D)
        fusion = fusion + self.ffn(self.norm_ffn(fusion))
        fusion_mask = torch.cat([torch.ones_like(viewpoints, dtype=torch.bool), text_mask], dim=1)
        return CrossTalkerOutput(fusion, fusion_mask, scores, attention, viewpoints, radii)
