"""Attention for packed training rows (data.dataset.PackedCollator): one clip's prompt prefix, then question blocks
that each see the prefix and themselves only.

The generic path gives SDPA a dense (S, S) mask; on CPU its backward pass is slow (~100 ms per layer for a
2.2k-token row, half of a whole training step in the profile) and most of the pairs it visits are masked. Here the
prefix runs causal SDPA on its own, and every block attends to [prefix, own block] with plain matmuls and a softmax
over (n blocks, block length, prefix + block length) scores: the same result (tests). One layer's attention,
forward + backward, bf16, prefix 800 + 20 blocks of 70 tokens: 71 ms vs 122 ms with the dense mask. The cost is
memory: the block scores are kept for the backward pass (flash attention keeps none). Used only in training
(`enable`); inference and unpacked rows keep SDPA.

The layout is computed once per forward (`PackedLayout.from_blocks`) and reaches every layer through the
`packed_layout` keyword that transformers passes on to the attention function.
"""

from __future__ import annotations

import dataclasses

import torch
from torch import nn

NAME = "llamo_packed"


# blocks are batched with others of similar length: a group's longest block is at most this many times its
# shortest, so padding stays small (question blocks run ~50-130 tokens)
GROUP_RATIO = 1.3


@dataclasses.dataclass
class BlockGroup:
    index: torch.Tensor        # (n, L) the blocks' positions in the row, padded with the prefix length (masked out)
    valid: torch.Tensor        # (n, L) real positions
    allowed: torch.Tensor      # (n, L, P + L) a block position sees the whole prefix and its own earlier positions


@dataclasses.dataclass
class RowLayout:
    prefix: int                # prefix length P
    end: int                   # first padding position (= S without padding)
    groups: list[BlockGroup]
    order: torch.Tensor        # (end - P,) position P + t's row in the groups' concatenated outputs


@dataclasses.dataclass
class PackedLayout:
    rows: list[RowLayout]

    @classmethod
    def from_blocks(cls, blocks: torch.Tensor) -> "PackedLayout":
        """Block ids (B, S): 0 = shared prefix, k > 0 = question block k (contiguous, in order), -1 = padding."""
        rows = []
        for row in blocks.cpu():
            prefix, end = int((row == 0).sum()), int((row >= 0).sum())
            ids, lengths = torch.unique_consecutive(row[prefix:end], return_counts=True)
            if not bool((row[:prefix] == 0).all()) or bool((ids <= 0).any()) or bool((ids[1:] <= ids[:-1]).any()):
                raise ValueError("packed rows need the prefix first, then contiguous question blocks, then padding")
            if not prefix or not len(ids):
                raise ValueError("a packed row needs a prompt prefix and at least one question block")
            starts = torch.cumsum(lengths, 0) - lengths + prefix                         # (n,)
            groups = [_group(starts[members], lengths[members], prefix, blocks.device)
                      for members in _similar_lengths(lengths)]
            positions = torch.cat([g.index[g.valid] for g in groups]).cpu()
            rows.append(RowLayout(prefix, end, groups, torch.argsort(positions).to(blocks.device)))
        return cls(rows)


def _similar_lengths(lengths: torch.Tensor) -> list[torch.Tensor]:
    """Block numbers grouped by length (shortest first), each group within GROUP_RATIO."""
    groups, current = [], []
    for j in torch.argsort(lengths, stable=True).tolist():
        if current and lengths[j] > GROUP_RATIO * lengths[current[0]]:
            groups.append(torch.tensor(current))
            current = []
        current.append(j)
    return groups + [torch.tensor(current)]


def _group(starts: torch.Tensor, lengths: torch.Tensor, prefix: int, device) -> BlockGroup:
    L = int(lengths.max())
    offset = torch.arange(L)
    valid = offset[None] < lengths[:, None]                                              # (n, L)
    index = torch.where(valid, starts[:, None] + offset[None], prefix)
    own = torch.ones(L, L, dtype=torch.bool).tril()[None] & valid[:, None, :]            # (n, L, L)
    allowed = torch.cat([torch.ones(len(starts), L, prefix, dtype=torch.bool), own], dim=-1)
    return BlockGroup(index.to(device), valid.to(device), allowed.to(device))


def _group_attention(q: torch.Tensor, k: torch.Tensor, v: torch.Tensor, prefix: int, group: BlockGroup
                     ) -> torch.Tensor:
    """q (H, S, D) already scaled, k/v (KV, S, D) -> (tokens, H, D) for the group's real positions, in block order.

    Head h uses key/value head h // G (G = H / KV, as transformers' repeat_kv). One batched matmul over (KV, n):
    each block's queries (G * L, D) against its keys [prefix, own block] (P + L, D)."""
    H, _, D = q.shape
    KV, P = k.shape[0], prefix
    G = H // KV
    n, L = group.index.shape
    qb = q.view(KV, G, -1, D)[:, :, group.index].transpose(1, 2).reshape(KV, n, G * L, D)
    keys = torch.cat([k[:, None, :P].expand(KV, n, P, D), k[:, group.index]], dim=2)     # (KV, n, P + L, D)
    values = torch.cat([v[:, None, :P].expand(KV, n, P, D), v[:, group.index]], dim=2)
    scores = (qb @ keys.transpose(-1, -2)).view(KV, n, G, L, P + L)
    weights = scores.masked_fill(~group.allowed[None, :, None], float("-inf")).softmax(dim=-1)
    out = (weights.view(KV, n, G * L, P + L) @ values).view(KV, n, G, L, D)
    return out.permute(1, 3, 0, 2, 4).reshape(n, L, H, D)[group.valid]


def _row_attention(q: torch.Tensor, k: torch.Tensor, v: torch.Tensor, row: RowLayout) -> torch.Tensor:
    """q (H, S, D) already scaled, k/v (KV, S, D) -> (end, H, D) outputs of the row's real positions."""
    G, P = q.shape[0] // k.shape[0], row.prefix
    prefix = nn.functional.scaled_dot_product_attention(
        q[None, :, :P], k[None, :, :P].repeat_interleave(G, dim=1), v[None, :, :P].repeat_interleave(G, dim=1),
        is_causal=True, scale=1.0)[0]                                                   # (H, P, D)
    blocks = torch.cat([_group_attention(q, k, v, P, g) for g in row.groups])[row.order]
    return torch.cat([prefix.transpose(0, 1), blocks], dim=0)


def packed_attention_forward(module: nn.Module, query: torch.Tensor, key: torch.Tensor, value: torch.Tensor,
                             attention_mask: torch.Tensor | None, scaling: float | None = None,
                             packed_layout: PackedLayout | None = None, **kwargs) -> tuple[torch.Tensor, None]:
    """transformers attention-function signature: query (B, H, S, D), key/value (B, KV, S, D) -> (B, S, H, D).
    Without a layout (or with a KV cache in play) it is plain SDPA."""
    from transformers.integrations.sdpa_attention import sdpa_attention_forward
    if packed_layout is None or key.shape[2] != query.shape[2]:
        return sdpa_attention_forward(module, query, key, value, attention_mask, scaling=scaling, **kwargs)
    B, H, S, D = query.shape
    device = query.device.type
    dtype = torch.get_autocast_dtype(device) if torch.is_autocast_enabled(device) else query.dtype
    query = (query * (D ** -0.5 if scaling is None else scaling)).to(dtype)
    key, value = key.to(dtype), value.to(dtype)
    rows = []
    with torch.autocast(device, enabled=False):                                        # all in `dtype` already
        for b, row in enumerate(packed_layout.rows):
            real = _row_attention(query[b], key[b], value[b], row)                       # (end, H, D)
            rows.append(torch.cat([real, real.new_zeros(S - row.end, H, D)]) if row.end < S else real)
    return torch.stack(rows), None


def enable(llm: nn.Module) -> None:
    """Make the LLM's attention take `packed_layout` (plain SDPA otherwise, same masks as "sdpa")."""
    from transformers import AttentionInterface
    from transformers.masking_utils import ALL_MASK_ATTENTION_FUNCTIONS, sdpa_mask
    AttentionInterface.register(NAME, packed_attention_forward)
    ALL_MASK_ATTENTION_FUNCTIONS.register(NAME, sdpa_mask)
    llm.set_attn_implementation(NAME)
