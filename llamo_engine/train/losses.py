"""The training objectives, composed from the model's own forward (nothing here reaches into its internals):

- `masked_motion_loss`: stage 0, masked motion modelling. A random 30% of each clip's frames are replaced by the
  motion encoder's mask token; a linear head reconstructs their input features (MSE on the masked frames only).
- `nll_loss`: stages 1-2, the model's mean NLL of the answer tokens (LlamoModel.forward), plus an optional
  grounding loss on the Cross Talker's frame scores where the answer frames are known:
  -log( sum_{j in answer rows} s_j / sum_j s_j ), averaged over the items that have answer frames.
"""

from __future__ import annotations

import torch
from torch import nn

MASK_RATIO = 0.3
LOSSES = ("masked_motion", "nll", "selection")   # the names a Stage's `loss` may take


class MaskedMotionHead(nn.Module):
    """F_M (B, T, D) -> reconstructed input features (B, T, F)."""

    def __init__(self, dim: int, feature_dim: int):
        super().__init__()
        self.proj = nn.Sequential(nn.LayerNorm(dim), nn.Linear(dim, feature_dim))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.proj(x)


def masked_motion_loss(model, batch: dict, generator: torch.Generator | None = None) -> dict[str, torch.Tensor]:
    """Stage 0 loss; `model` has `motion_encoder` and `masked_motion_head`."""
    motion, mask = batch["motion"], batch["motion_mask"]                          # (B, T, F), (B, T)
    hide = (torch.rand(mask.shape, generator=generator) < MASK_RATIO) & mask     # (B, T)
    hide[:, 0] |= ~hide.any(dim=1)                                               # at least one per row
    feats = model.motion_encoder(motion, batch["motion_times"], mask, masked=hide)   # (B, T, D)
    recon = model.masked_motion_head(feats)                                      # (B, T, F)
    loss = ((recon - motion) ** 2).mean(dim=-1)[hide].mean()
    return {"loss": loss, "mmm": loss.detach()}


def grounding_loss(scores: torch.Tensor, motion_mask: torch.Tensor, answer_rows: torch.Tensor) -> torch.Tensor | None:
    """scores s (B, T), masks (B, T) -> listwise loss pulling score mass onto the answer rows; None without any."""
    has = answer_rows.any(dim=1)                                                 # (B,)
    if not bool(has.any()):
        return None
    s = scores * motion_mask                                                     # (B, T)
    share = (s * answer_rows).sum(dim=1) / s.sum(dim=1).clamp(min=1e-8)          # (B,)
    return -torch.log(share[has].clamp(min=1e-6)).mean()


def nll_loss(model, batch: dict, grounding_weight: float = 0.0) -> dict[str, torch.Tensor]:
    """Unpacked (QACollator) or packed (PackedCollator, with `question_clip` and `position_ids`) batches."""
    clip = batch.get("question_clip")
    out = model(batch["input_ids"], batch["attention_mask"], batch["question_ids"], batch["question_mask"],
                batch["motion"], batch["motion_times"], batch["motion_mask"], labels=batch["labels"],
                num_viewpoints=batch["num_viewpoints"], selection=batch["selection"], question_clip=clip,
                position_ids=batch.get("position_ids"), blocks=batch.get("blocks"))
    parts = {"nll": out.loss.detach()}
    loss = out.loss
    if grounding_weight > 0:
        motion_mask = batch["motion_mask"] if clip is None else batch["motion_mask"][clip]   # (N, T)
        g = grounding_loss(out.talker.scores, motion_mask, batch["answer_rows"])
        if g is not None:
            loss = loss + grounding_weight * g
            parts["grounding"] = g.detach()
    parts["loss"] = loss
    return parts


def encode_once(model, batch: dict, cache: dict) -> tuple[torch.Tensor, torch.Tensor]:
    """`model.encode` of the batch's clips, each computed once and kept in `cache` by clip seed. Only for stages
    where the motion encoder and Feature Enhancer are frozen (their output per clip never changes)."""
    seeds, motion_mask = batch["clip_seeds"], batch["motion_mask"]
    first_row = {seed: b for b, seed in reversed(list(enumerate(seeds)))}
    todo = [b for seed, b in first_row.items() if seed not in cache]
    if todo:
        rows = torch.tensor(todo)
        with torch.no_grad():
            enhanced, mask = model.encode(batch["motion"][rows], batch["motion_times"][rows], motion_mask[rows])
        for j, b in enumerate(todo):                                                 # valid frames come first
            cache[seeds[b]] = enhanced[j, :int(mask[j].sum())].clone()
    D = cache[seeds[0]].shape[-1]
    enhanced = torch.zeros(*motion_mask.shape, D, device=motion_mask.device)
    mask = torch.zeros_like(motion_mask, dtype=torch.bool)
    for b, seed in enumerate(seeds):
        n = len(cache[seed])
        enhanced[b, :n], mask[b, :n] = cache[seed], True
    return enhanced, mask


def selection_loss(model, batch: dict, encoded: dict | None = None) -> dict[str, torch.Tensor]:
    """Viewpoint-selection refinement: only the Cross Talker's frame scores s (B, T), no LLM. Per answer frame, the
    share of score mass within its tolerance: -mean log share over every answer frame of every item, so an answer
    resting on two moments (address and top) pulls scores onto both and both reach the top-K.

    `encoded`: a dict kept across steps to encode each clip once (the encoders are frozen in this stage)."""
    if encoded is None:
        enhanced, mask = model.encode(batch["motion"], batch["motion_times"], batch["motion_mask"])
    else:
        enhanced, mask = encode_once(model, batch, encoded)
    talker = model.cross_talker
    text = talker.text_in(model.text_embeddings(batch["question_ids"]))
    _, scores = talker.frame_scores(enhanced, mask, text, batch["question_mask"])      # (B, T)
    rows = batch["frame_rows"]                                                       # (B, n, T)
    present = rows.any(dim=-1)                                                       # (B, n)
    if not bool(present.any()):
        zero = scores.sum() * 0.0
        return {"loss": zero, "selection": zero.detach()}
    s = scores * mask                                                                # (B, T)
    share = (s[:, None, :] * rows).sum(dim=-1) / s.sum(dim=-1, keepdim=True).clamp(min=1e-8)   # (B, n)
    loss = -torch.log(share[present].clamp(min=1e-6)).mean()
    return {"loss": loss, "selection": loss.detach()}


def stage_loss(name: str, model, batch: dict, *, grounding_weight: float = 0.0,
               generator: torch.Generator | None = None, encoded: dict | None = None) -> dict[str, torch.Tensor]:
    """The loss called `name` (one of LOSSES) on a batch: {"loss": scalar to minimise, named parts for the log}."""
    if name == "masked_motion":
        return masked_motion_loss(model, batch, generator)
    if name == "nll":
        return nll_loss(model, batch, grounding_weight)
    if name == "selection":
        return selection_loss(model, batch, encoded)
    raise ValueError(f"unknown training loss {name!r}; choose one of {', '.join(LOSSES)}")
