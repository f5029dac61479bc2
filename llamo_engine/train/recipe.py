"""The default checkpoint's recipe: the three stages in a row, sized for a 2-core CPU (about 40 minutes on a quiet
machine: an instruction step over ~900-token prompts takes ~7 s there, 12-50 s when the CPU is shared), then the
final stage's heads and adapter copied to assets/models/llamo_default (what `Engine.load()` uses). The shipped
weights came from this recipe run in pieces (instruct resumed at steps 30, 100 and 250, each resume restarting the
learning-rate schedule), so a rerun gives a close, not bit-identical, checkpoint. This is a small run;
`--scale 20` or more (e.g. on a GPU) is what the model needs to learn the task (see the SwingQA report).

    python -m llamo_engine.train --recipe default [--work DIR] [--scale S]

Each stage writes its own folder under the work dir and resumes there if stopped; rerunning the command after an
interruption continues where it was. `scale` multiplies every stage's steps.
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
    ("align", dict(steps=10, batch_size=2, train_clips=600, per_category=2, warmup=2, max_summary_chars=2000)),
    ("instruct", dict(steps=400, batch_size=1, pack=20, train_clips=600, per_category=2, warmup=20,
                      max_summary_chars=4000)),
)
RECIPES = {"default": DEFAULT_RECIPE}


def run_recipe(name: str, work: str | pathlib.Path, out: str | pathlib.Path = DEFAULT_CHECKPOINT,
               scale: float = 1.0, device: str = "cpu", progress=print) -> pathlib.Path:
    if name not in RECIPES:
        raise ValueError(f"unknown recipe {name!r}; choose one of {sorted(RECIPES)}")
    work = pathlib.Path(work)
    init = None
    for stage, settings in RECIPES[name]:
        folder = work / stage
        cfg = TrainConfig(stage=stage, out=str(folder), init=None if init is None else str(init), device=device,
                          **dict(settings, steps=max(1, int(round(settings["steps"] * scale)))))
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

