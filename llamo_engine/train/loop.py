"""`train(cfg)`: one training stage with resumable checkpoints, progress lines and data parallelism.

Output folder: `config.json` + `model.safetensors` (what `Engine.load(folder)` reads: heads and the LoRA adapter),
`resume.pt` (trainable weights, optimizer, step; rewritten every `save_every` steps and at the end, so a killed run
continues with the same command), and `train_log.json` (loss curve, steps/s, settings).
A stage continues from the previous stage's folder with `init`; without it the heads start fresh.
"""

from __future__ import annotations

import ctypes
import dataclasses
import json
import math
import os
import pathlib
import time

import numpy as np
import torch

from llamo_engine.atomic import atomic_open
from llamo_engine.data.dataset import (DataSettings, PackedCollator, PackedQADataset, QACollator, QADataset,
                                       build_records)
from llamo_engine.data.real import real_records
from llamo_engine.model.backbone import load_backbone
from llamo_engine.model.config import LlamoConfig, LLMConfig, LoraSettings, MotionEncoderConfig
from llamo_engine.model import packed_attention
from llamo_engine.model.llamo import LlamoModel
from llamo_engine.model.motion_features import feature_dim
from llamo_engine.train import distributed
from llamo_engine.train.losses import MaskedMotionHead, stage_loss
from llamo_engine.train.stages import apply_stage, get_stage

RESUME_FILE = "resume.pt"
LOG_FILE = "train_log.json"


@dataclasses.dataclass
class TrainConfig:
    stage: str
    out: str
    init: str | None = None            # previous stage's output folder
    backbone: str | None = None        # None: the init checkpoint's backbone, or the default for a fresh model
    dim: int = 256                     # head width for a fresh model
    layers: int = 4                    # motion-encoder layers for a fresh model
    steps: int = 300
    batch_size: int = 4
    train_clips: int = 400
    seed_offset: int = 0               # first training seed (TRAIN_SEEDS)
    per_category: int = 2
    noise_prob: float = 0.5
    max_summary_chars: int = 0         # train only on prompts whose summary is at most this long (0: all)
    pack: int = 0                      # questions of one clip per row sharing its prompt prefix (0: one per row)
    lr_scale: float = 1.0
    warmup: int = 20
    save_every: int = 50
    log_every: int = 10
    seed: int = 0
    device: str = "cpu"
    video_pretrained: bool = True      # False: random video encoder (tests; the video path is unused here)
    checkpoint_activations: bool = False  # recompute the LLM layers' activations in backward: less memory, slower
    precision: str = "fp32"            # "bf16": bfloat16 autocast (fast on CPUs with AMX/AVX512-BF16 and on GPUs)
    real_motion: str = ""              # folders/files of real swings (videos, .c3d, .npz), os.pathsep-separated:
                                       # their QA (truth from the analysis) joins the synthetic clips


def build_model(cfg: TrainConfig) -> LlamoModel:
    if cfg.init is not None:
        return LlamoModel.from_pretrained(cfg.init, backbone=cfg.backbone, device=cfg.device)
    backbone = cfg.backbone or LLMConfig().backbone
    llm, tokenizer = load_backbone(backbone, device=cfg.device)
    hidden = llm.get_input_embeddings().embedding_dim
    motion = MotionEncoderConfig(input_dim=feature_dim("joints"), dim=cfg.dim, layers=cfg.layers,
                                 heads=4 if cfg.dim >= 64 else 2)
    model_cfg = LlamoConfig.for_backbone(backbone, hidden, dim=cfg.dim, motion_encoder=motion)
    torch.manual_seed(cfg.seed)
    return LlamoModel(model_cfg, llm, tokenizer, video_pretrained=cfg.video_pretrained).to(cfg.device)


def prepare_model(cfg: TrainConfig) -> tuple[LlamoModel, list[dict]]:
    """The model for a stage with its trainable parameters set (LoRA added, masked-motion head attached)."""
    stage = get_stage(cfg.stage)
    model = build_model(cfg)
    if stage.lora and model.cfg.llm.lora is None:
        model.enable_lora(LoraSettings())
    if stage.loss == "masked_motion":
        mc = model.cfg.motion_encoder
        model.masked_motion_head = MaskedMotionHead(mc.dim, mc.input_dim).to(cfg.device)
    return model, apply_stage(model, stage, cfg.lr_scale)


def checkpoint_layers(llm: torch.nn.Module) -> None:
    """Keep only each decoder layer's input in the forward pass and recompute the rest during backward.

    The layers checkpoint only when their own `training` flag is set; only that flag is set, so the modules
    inside them stay in eval mode (no dropout), as for the frozen backbone without checkpointing."""
    from transformers.modeling_layers import GradientCheckpointingLayer
    llm.activation_checkpointing_enable(activation_checkpointing_kwargs={"use_reentrant": False})
    layers = [m for m in llm.modules() if isinstance(m, GradientCheckpointingLayer)]
    if not layers:
        raise ValueError(f"{type(llm).__name__} has no checkpointable decoder layers; drop --checkpoint-activations")
    for layer in layers:
        layer.training = True


def autocast(cfg: TrainConfig):
    """The forward passes' precision: weights, gradients and optimizer state stay float32 either way."""
    if cfg.precision not in ("fp32", "bf16"):
        raise ValueError(f"unknown precision {cfg.precision!r}; choose fp32 or bf16")
    return torch.autocast(torch.device(cfg.device).type, dtype=torch.bfloat16, enabled=cfg.precision == "bf16")


def keep_freed_memory() -> None:
    """Ask glibc to keep freed memory for reuse instead of returning it to the system and faulting it back in
    on the next step (~10% of a packed step's time here, with rows of varying length). No-op elsewhere."""
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt(-3, 32 << 20)        # M_MMAP_THRESHOLD: heap (reusable) up to 32 MB, the maximum
        libc.mallopt(-1, 1 << 34)         # M_TRIM_THRESHOLD: never shrink the heap
    except (OSError, AttributeError):
        pass


def lr_factor(step: int, total: int, warmup: int) -> float:
    """Linear warmup then cosine decay to 10%."""
    if step < warmup:
        return (step + 1) / warmup
    progress = (step - warmup) / max(1, total - warmup)
    return 0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * min(progress, 1.0)))


def batch_indices(step: int, n: int, batch_size: int, world: distributed.World, seed: int) -> list[int]:
    """This rank's examples for a global step: epochs are seeded permutations, ranks take interleaved slices."""
    per_step = batch_size * world.size
    start = step * per_step
    out = []
    for k in range(start + world.rank, start + per_step, world.size):
        epoch, pos = divmod(k, n)
        out.append(int(np.random.default_rng(seed * 1000 + epoch).permutation(n)[pos]))
    return out


def _trainable(model) -> dict[str, torch.nn.Parameter]:
    return {n: p for n, p in model.named_parameters() if p.requires_grad}


def save_resume(path: pathlib.Path, model, optimizer, step: int, stage: str, log: list) -> None:
    state = {"stage": stage, "step": step, "optimizer": optimizer.state_dict(), "log": log,
             "trainable": {n: p.detach().cpu() for n, p in _trainable(model).items()}}
    with atomic_open(path, "wb") as f:
        torch.save(state, f)


def load_resume(path: pathlib.Path, model, optimizer, stage: str) -> tuple[int, list]:
    state = torch.load(path, map_location="cpu", weights_only=False)
    if state["stage"] != stage:
        raise ValueError(f"{path} belongs to stage {state['stage']!r}, not {stage!r}; use another --out folder")
    params = _trainable(model)
    missing = set(params) - set(state["trainable"])
    if missing:
        raise ValueError(f"{path} does not match this model (missing {sorted(missing)[:3]}); use another --out")
    with torch.no_grad():
        for n, p in params.items():
            p.copy_(state["trainable"][n])
    optimizer.load_state_dict(state["optimizer"])
    return int(state["step"]), list(state["log"])


def train(cfg: TrainConfig, progress=print) -> dict:
    """Run (or continue) one stage; returns the summary written to train_log.json."""
    from llamo_engine.data.synth.params import TRAIN_SEEDS

    world = distributed.init(cfg.device)
    keep_freed_memory()
    stage = get_stage(cfg.stage)
    out = pathlib.Path(cfg.out)
    out.mkdir(parents=True, exist_ok=True)
    model, groups = prepare_model(cfg)
    model.train()
    model.llm.eval()                       # frozen backbone: no dropout
    if cfg.checkpoint_activations:
        checkpoint_layers(model.llm)
    params = [p for g in groups for p in g["params"]]
    distributed.broadcast_parameters(params, world)
    optimizer = torch.optim.AdamW([{"params": g["params"], "lr": g["lr"]} for g in groups], weight_decay=0.0)
    base_lrs = [g["lr"] for g in groups]

    seeds = TRAIN_SEEDS[cfg.seed_offset:cfg.seed_offset + cfg.train_clips]
    settings = DataSettings(input_kind=model.cfg.motion_encoder.input_kind,
                            max_frames=model.cfg.motion_encoder.max_frames, per_category=cfg.per_category,
                            noise_prob=cfg.noise_prob)
    t_data = time.perf_counter()
    records = build_records(seeds, settings)
    if cfg.real_motion:
        say = progress if world.is_main else (lambda message: None)
        records += real_records(cfg.real_motion.split(os.pathsep), settings, lambda m: say(f"[{cfg.stage}] {m}"))
    packed = cfg.pack > 0 and stage.loss == "nll"
    if packed:
        packed_attention.enable(model.llm)  # blocks attend to [prefix, own block]: same result, less work
    dataset = PackedQADataset(records, cfg.pack) if packed else QADataset(records)
    if cfg.max_summary_chars:
        dataset.limit_summary(cfg.max_summary_chars)
    if len(dataset) == 0:
        raise ValueError("no training examples were generated; raise --train-clips")
    K = model.cfg.cross_talker.num_viewpoints
    if packed:
        collate = PackedCollator(model.tokenizer, model.placeholder_id, K)
    else:       # the selection stage runs no LLM: its batches skip the chat prompts
        collate = QACollator(model.tokenizer, model.placeholder_id, K, prompts=stage.loss != "selection")
    if world.is_main:
        progress(f"[{cfg.stage}] {len(records)} clips, {len(dataset)} examples ready in "
                 f"{time.perf_counter() - t_data:.1f} s; {sum(p.numel() for p in params):,} trainable parameters; "
                 f"{world.size} process(es)")

    resume = out / RESUME_FILE
    step, log = (load_resume(resume, model, optimizer, cfg.stage) if resume.is_file() else (0, []))
    if step and world.is_main:
        progress(f"[{cfg.stage}] resuming at step {step}")
    gen = torch.Generator().manual_seed(cfg.seed + world.rank)
    frozen_encoding = not any(p.requires_grad for p in [*model.motion_encoder.parameters(),
                                                         *model.enhancer.parameters()])
    encoded = {} if frozen_encoding else None   # selection stage: each clip's frozen encoding, computed once
    t0, start_step = time.perf_counter(), step
    while step < cfg.steps:
        for g, lr in zip(optimizer.param_groups, base_lrs):
            g["lr"] = lr * lr_factor(step, cfg.steps, cfg.warmup)
        batch = collate([dataset[i] for i in batch_indices(step, len(dataset), cfg.batch_size, world, cfg.seed)])
        with autocast(cfg):
            parts = stage_loss(stage.loss, model, batch, grounding_weight=stage.grounding_weight, generator=gen,
                               encoded=encoded)
        optimizer.zero_grad(set_to_none=True)
        parts["loss"].backward()
        distributed.average_gradients(params, world)
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        optimizer.step()
        step += 1
        # the loss averaged over ranks; its parts are this rank's (a part can be absent on one rank)
        row = {"step": step, **{k: round(float(v.detach()), 5) for k, v in parts.items()},
               "loss": round(distributed.all_mean(float(parts["loss"].detach()), world), 5)}
        log.append(row)
        if world.is_main and (step % cfg.log_every == 0 or step == cfg.steps):
            rate = (step - start_step) / (time.perf_counter() - t0)
            recent = np.mean([r["loss"] for r in log[-cfg.log_every:]])
            progress(f"[{cfg.stage}] step {step}/{cfg.steps} loss {recent:.4f} "
                     + " ".join(f"{k} {v:.4f}" for k, v in row.items() if k not in ("step", "loss"))
                     + f" | {rate:.2f} steps/s, ETA {(cfg.steps - step) / max(rate, 1e-9) / 60:.1f} min")
        if world.is_main and (step % cfg.save_every == 0 or step == cfg.steps):
            save_resume(resume, model, optimizer, step, cfg.stage, log)
    elapsed = time.perf_counter() - t0
    distributed.check_in_sync(params, world)
    summary = {"stage": cfg.stage, "steps": step, "world_size": world.size, "elapsed_s": round(elapsed, 1),
               "steps_per_s": round((step - start_step) / elapsed, 4) if elapsed > 0 and step > start_step else None,
               "final_loss": float(np.mean([r["loss"] for r in log[-20:]])) if log else None,
               "config": dataclasses.asdict(cfg), "log": log}
    if world.is_main:
        model.save_pretrained(out)
        with atomic_open(out / LOG_FILE, "w") as f:
            f.write(json.dumps(summary, indent=1) + "\n")
        progress(f"[{cfg.stage}] saved {out}")
    distributed.shutdown(world)
    return summary
