"""The recipes for the shipped checkpoint: the stages in a row, then the final stage's heads and adapter copied to
assets/models/llamo_default (what `Engine.load()` uses), stored as float16.

`default` is sized for a 2-core CPU: 50 min 23 s here, in one command (motion pretraining 13 s, alignment 25 s,
instruction tuning 300 steps 44 min, selection refinement 6000 steps 5 min, the rest loading). Instruction tuning
packs each clip's ~19 questions behind one copy of its prompt prefix (PackedCollator), so a step is one clip, ~8.8 s
here in bfloat16 autocast, with block attention (model.packed_attention) instead of a dense masked SDPA; the
selection refinement trains only the Cross Talker's scoring (no LLM, no prompts) on each clip's encoding, computed
once. `full` is the same with 480 instruction steps (not timed; ~26 min more at the same step rate). `--scale S`
multiplies every stage's steps (a GPU, or more patience, for a better model). On a CPU without AVX512-BF16/AMX,
bfloat16 is slow: add `--precision fp32`.

    python -m llamo_engine.train --recipe default [--work DIR] [--scale S]

Each stage writes its own folder under the work dir and resumes there if stopped; rerunning the command after an
interruption continues where it was (same data order, learning-rate schedule and optimizer state; only dropout's
random draws differ, so an interrupted run ends close to, not bit-identical with, an uninterrupted one).
Peak memory of the default run: 18 GB (instruction tuning on 2-3.5k-token packed rows); `--checkpoint-activations`
recomputes the LLM layers in the backward pass instead of keeping their activations (less memory, slower).
"""

from __future__ import annotations

import pathlib
import shutil

import torch
from safetensors.torch import load_file, save_file

from llamo_engine.atomic import atomic_path
from llamo_engine.model.llamo import CONFIG_FILE, WEIGHTS_FILE
from llamo_engine.model.paths import DEFAULT_CHECKPOINT
from llamo_engine.train.loop import LOG_FILE, TrainConfig, train

# stage -> settings (the rest are TrainConfig defaults)
DEFAULT_RECIPE = (
    ("pretrain_motion", dict(steps=40, batch_size=8, train_clips=600, per_category=1, warmup=5)),
    ("align", dict(steps=10, batch_size=2, train_clips=600, per_category=2, warmup=2, max_summary_chars=2000,
                   precision="bf16")),
    ("instruct", dict(steps=300, batch_size=1, pack=20, train_clips=600, per_category=2, warmup=20,
                      max_summary_chars=4000, precision="bf16")),
    ("select", dict(steps=6000, batch_size=32, train_clips=600, per_category=2, warmup=10, max_summary_chars=4000)),
)


def longer(recipe, **steps):
    """The same recipe with some stages' step counts replaced."""
    return tuple((stage, dict(settings, steps=steps.get(stage, settings["steps"]))) for stage, settings in recipe)


# the larger run: 1.6x the instruction tuning
FULL_RECIPE = longer(DEFAULT_RECIPE, instruct=480)
RECIPES = {"default": DEFAULT_RECIPE, "full": FULL_RECIPE}


def run_recipe(name: str, work: str | pathlib.Path, out: str | pathlib.Path = DEFAULT_CHECKPOINT,
               scale: float = 1.0, device: str = "cpu", progress=print,
               checkpoint_activations: bool = False, precision: str | None = None) -> pathlib.Path:
    """Run (or continue) every stage of a recipe, then write the checkpoint to `out`. `precision` replaces the
    recipe's own setting for every stage."""
    if name not in RECIPES:
        raise ValueError(f"unknown recipe {name!r}; choose one of {sorted(RECIPES)}")
    work = pathlib.Path(work)
    init = None
    for stage, settings in RECIPES[name]:
        folder = work / stage
        settings = dict(settings, steps=max(1, int(round(settings["steps"] * scale))))
        if precision is not None:
            settings["precision"] = precision
        cfg = TrainConfig(stage=stage, out=str(folder), init=None if init is None else str(init), device=device,
                          checkpoint_activations=checkpoint_activations, **settings)
        train(cfg, progress)
        init = folder
    out = pathlib.Path(out)
    out.mkdir(parents=True, exist_ok=True)
    for f in (CONFIG_FILE, LOG_FILE):
        shutil.copy2(init / f, out / f)
    save_half(init / WEIGHTS_FILE, out / WEIGHTS_FILE)
    progress(f"default checkpoint written to {out}")
    return out


def save_half(src: pathlib.Path, dst: pathlib.Path) -> None:
    """Copy a weights file with float32 tensors stored as float16 (half the size in the repository); loading
    casts them back to the model's dtype."""
    state = {k: (v.half() if v.dtype == torch.float32 else v) for k, v in load_file(src).items()}
    with atomic_path(dst) as tmp:
        save_file(state, tmp)


def describe(name: str) -> str:
    return "; ".join(f"{stage}: " + ", ".join(f"{k}={v}" for k, v in s.items()) for stage, s in RECIPES[name])

