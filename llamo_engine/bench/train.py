"""`python -m llamo_engine.bench train`: one instruction-tuning step on the real backbone, with the LLM's attention
as SDPA over the dense packed-row mask (the baseline) and as block attention (`model.packed_attention`, what
training uses), alternating on the same packed rows (one clip's ~19 questions each, as the default recipe).

Forward + backward only (no optimizer step), so both see the same weights: the table also shows how far their
losses differ. Median of the steps; process CPU time beside wall time, as other processes share this CPU.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import tempfile
import time

import torch

from llamo_engine.model import packed_attention
from llamo_engine.model.paths import DEFAULT_CHECKPOINT

MODES = ("dense mask (SDPA)", "block attention")


def run(args: argparse.Namespace) -> int:
    from llamo_engine.data.dataset import DataSettings, PackedCollator, PackedQADataset, build_records
    from llamo_engine.data.synth.params import TRAIN_SEEDS
    from llamo_engine.train.loop import TrainConfig, autocast, keep_freed_memory, prepare_model
    from llamo_engine.train.losses import nll_loss

    keep_freed_memory()
    with tempfile.TemporaryDirectory() as out:
        cfg = TrainConfig(stage="instruct", out=out, init=str(args.checkpoint), precision=args.precision)
        model, _ = prepare_model(cfg)
    model.train()
    model.llm.eval()
    settings = DataSettings(input_kind=model.cfg.motion_encoder.input_kind,
                            max_frames=model.cfg.motion_encoder.max_frames, per_category=2)
    data = PackedQADataset(build_records(TRAIN_SEEDS[:args.steps], settings), pack=20)
    data.limit_summary(4000)
    collate = PackedCollator(model.tokenizer, model.placeholder_id, model.cfg.cross_talker.num_viewpoints)
    batches = [collate([data[i]]) for i in range(min(args.steps, len(data)))]

    def use(mode: str) -> None:
        if mode == MODES[0]:
            model.llm.set_attn_implementation("sdpa")
        else:
            packed_attention.enable(model.llm)

    def step(batch) -> tuple[float, float, float]:
        t0, c0 = time.perf_counter(), time.process_time()
        with autocast(cfg):
            loss = nll_loss(model, batch, grounding_weight=0.5)["loss"]
        model.zero_grad(set_to_none=True)
        loss.backward()
        return time.perf_counter() - t0, time.process_time() - c0, float(loss.detach())

    for mode in MODES:                                                       # warm-up, not measured
        use(mode)
        step(batches[0])
    wall, cpu, losses = ({m: [] for m in MODES} for _ in range(3))
    for batch in batches:
        for mode in MODES:
            use(mode)
            w, c, loss = step(batch)
            wall[mode].append(w)
            cpu[mode].append(c)
            losses[mode].append(loss)
    tokens = statistics.mean(int(b["input_ids"].numel()) for b in batches)
    base = statistics.median(wall[MODES[0]])
    load = os.getloadavg()
    print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, torch threads {torch.get_num_threads()}, "
          f"load average {load[0]:.1f}; {cfg.precision}; {len(batches)} packed rows of {tokens:.0f} tokens on "
          f"average; median over the rows")
    print("| attention | s per step | CPU s per step | vs dense mask | max loss difference |")
    print("|---|---:|---:|---:|---:|")
    for mode in MODES:
        diff = max(abs(a - b) for a, b in zip(losses[mode], losses[MODES[0]]))
        print(f"| {mode} | {statistics.median(wall[mode]):.2f} (best {min(wall[mode]):.2f}) | "
              f"{statistics.median(cpu[mode]):.2f} | {base / statistics.median(wall[mode]):.2f}x faster | {diff:.4f} |")
    return 0


def add_parser(sub) -> None:
    p = sub.add_parser("train", help="instruction-tuning step time: dense-mask SDPA vs block attention")
    p.add_argument("--checkpoint", default=DEFAULT_CHECKPOINT, help="weights to start from (default: shipped)")
    p.add_argument("--steps", type=int, default=8, help="packed rows (clips) to time (default 8)")
    p.add_argument("--precision", default="bf16", choices=("bf16", "fp32"), help="autocast precision (default bf16)")
    p.set_defaults(func=run)
