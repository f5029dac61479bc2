"""`python -m llamo_engine.train --stage {pretrain_motion,align,instruct,select} --out DIR [--init PREV_DIR] ...`
or `python -m llamo_engine.train --recipe {default,full} [--work DIR]` (the shipped checkpoint, all four stages).

Rerun the same command to continue a stopped run. Under torchrun the same command trains data-parallel (gloo on
CPU, nccl on CUDA):  torchrun --nproc-per-node 2 -m llamo_engine.train --stage align --out DIR ...
"""

from __future__ import annotations

import argparse
import sys

from llamo_engine.train.loop import TrainConfig, train
from llamo_engine.train.recipe import RECIPES, run_recipe
from llamo_engine.train.stages import STAGES

SPECIAL = ("stage", "out", "init", "backbone", "video_pretrained")


def parser() -> argparse.ArgumentParser:
    defaults = TrainConfig(stage="align", out="")
    p = argparse.ArgumentParser(prog="python -m llamo_engine.train", description=__doc__.split("\n")[0])
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--stage", choices=list(STAGES))
    what.add_argument("--recipe", choices=list(RECIPES), help="run a whole recipe into assets/models/llamo_default")
    p.add_argument("--out", help="output folder (checkpoint, resume state, log); with --recipe the final folder")
    p.add_argument("--work", help="--recipe: folder for the stages' outputs (default: <cache>/train/<recipe>)")
    p.add_argument("--scale", type=float, default=1.0, help="--recipe: multiply every stage's steps")
    p.add_argument("--init", help="the previous stage's output folder")
    p.add_argument("--backbone", help="LLM: a named backbone or a local HF causal-LM folder (fresh models)")
    for f in TrainConfig.__dataclass_fields__.values():
        if f.name in SPECIAL:
            continue
        default = getattr(defaults, f.name)
        if f.name == "precision":                    # unset: TrainConfig's fp32, or the recipe's own setting
            p.add_argument("--precision", choices=["fp32", "bf16"],
                           help=f"forward passes in float32 or bfloat16 autocast (default {default}; with --recipe, "
                                "the recipe's)")
        elif isinstance(default, bool):
            p.add_argument("--" + f.name.replace("_", "-"), action="store_true", default=default)
        else:
            p.add_argument("--" + f.name.replace("_", "-"), type=type(default), default=default)
    p.add_argument("--random-video-encoder", action="store_true",
                   help="skip loading the video encoder's ImageNet weights (smoke runs; training here is motion-only)")
    p.add_argument("--threads", type=int, default=0, help="torch CPU threads per process (0: torch's default)")
    return p


def main(argv=None) -> int:
    p = parser()
    args = vars(p.parse_args(argv))
    threads = args.pop("threads")
    if threads:
        import torch
        torch.set_num_threads(threads)
    say = lambda msg: print(msg, flush=True)  # noqa: E731
    recipe, work, scale = args.pop("recipe"), args.pop("work"), args.pop("scale")
    if recipe is not None:
        kwargs = {} if args["out"] is None else {"out": args["out"]}
        from llamo_engine.model.paths import cache_dir
        run_recipe(recipe, work or cache_dir("train", recipe), scale=scale, device=args["device"], progress=say,
                   checkpoint_activations=args["checkpoint_activations"], precision=args["precision"], **kwargs)
        return 0
    if args["out"] is None:
        p.error("--stage needs --out DIR")
    args["video_pretrained"] = not args.pop("random_video_encoder")
    if args["precision"] is None:
        del args["precision"]
    train(TrainConfig(**args), progress=say)
    return 0


if __name__ == "__main__":
    sys.exit(main())
