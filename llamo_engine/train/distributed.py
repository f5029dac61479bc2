"""Data parallelism for the training loop, the same code with one process or many under `torchrun`.

torchrun sets RANK / WORLD_SIZE / MASTER_ADDR / MASTER_PORT; `init` joins the process group (gloo on CPU, nccl on
CUDA). Only the small trainable part of LLaMo (heads and LoRA) has gradients, so instead of wrapping the whole
model (and its frozen 135M-parameter LLM) in DistributedDataParallel, the trainable parameters are broadcast from
rank 0 once and their gradients are averaged after every backward with one flat all-reduce: the same arithmetic
as DDP, without DDP's full-model state sync.
"""

from __future__ import annotations

import dataclasses
import os

import torch
import torch.distributed as dist


@dataclasses.dataclass(frozen=True)
class World:
    rank: int = 0
    size: int = 1

    @property
    def is_main(self) -> bool:
        return self.rank == 0

    @property
    def active(self) -> bool:
        return self.size > 1


def init(device: str = "cpu") -> World:
    """Join the torchrun process group when WORLD_SIZE > 1; a one-process World otherwise."""
    size = int(os.environ.get("WORLD_SIZE", "1"))
    if size <= 1:
        return World()
    if not dist.is_initialized():
        dist.init_process_group(backend="nccl" if device.startswith("cuda") else "gloo")
    return World(dist.get_rank(), dist.get_world_size())


def shutdown(world: World) -> None:
    if world.active and dist.is_initialized():
        dist.destroy_process_group()


def _flat(tensors: list[torch.Tensor]) -> torch.Tensor:
    return torch.cat([t.reshape(-1) for t in tensors])


def _unflat(flat: torch.Tensor, tensors: list[torch.Tensor]) -> None:
    offset = 0
    for t in tensors:
        n = t.numel()
        t.copy_(flat[offset:offset + n].view_as(t))
        offset += n


def broadcast_parameters(params: list[torch.nn.Parameter], world: World) -> None:
    """Make every rank start from rank 0's trainable weights."""
    if not world.active or not params:
        return
    with torch.no_grad():
        flat = _flat([p.data for p in params])
        dist.broadcast(flat, src=0)
        _unflat(flat, [p.data for p in params])


def average_gradients(params: list[torch.nn.Parameter], world: World) -> None:
    """Average the gradients of `params` over the ranks (a missing gradient counts as zero)."""
    if not world.active or not params:
        return
    for p in params:
        if p.grad is None:
            p.grad = torch.zeros_like(p)
    flat = _flat([p.grad for p in params])
    dist.all_reduce(flat, op=dist.ReduceOp.SUM)
    flat /= world.size
    _unflat(flat, [p.grad for p in params])


def all_mean(value: float, world: World) -> float:
    if not world.active:
        return value
    t = torch.tensor([value], dtype=torch.float64)
    dist.all_reduce(t)
    return float(t.item()) / world.size


def check_in_sync(params: list[torch.nn.Parameter], world: World) -> None:
    """RuntimeError when the ranks' trainable weights differ (gradients were not averaged identically)."""
    if not world.active or not params:
        return
    with torch.no_grad():
        mine = _flat([p.data for p in params])
        ref = mine.clone()
        dist.broadcast(ref, src=0)
        diff = torch.tensor([float((mine - ref).abs().max())])
        dist.all_reduce(diff, op=dist.ReduceOp.MAX)
    if float(diff) > 1e-5:
        raise RuntimeError(f"data-parallel ranks diverged (max weight difference {float(diff):.2e})")
