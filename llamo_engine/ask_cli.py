"""`python main.py ask CLIP "question" [--history-from ...]`: prepare a clip, stream the answer, print the
viewpoint frames with their times. CLIP is a video or a motion .npz written by `main.py analyze`."""

from __future__ import annotations

import argparse
import json
import pathlib
import sys

from llamo_engine.motion.estimator import EstimationError
from llamo_engine.motion.files import is_motion_file, load_motion_file
from llamo_engine.cli_common import UserError, add_clip_arguments, clip_settings
from llamo_engine.motion.video import VideoError
from llamo_engine.progress import stage_bars


def _clip(path: str):
    """The clip to prepare: the motion of a motion file, else the video's path (checked before the model loads)."""
    clip = pathlib.Path(path)
    if not clip.is_file():
        raise FileNotFoundError(f"{clip}: file not found; check the path")
    return load_motion_file(clip) if is_motion_file(clip) else clip


def cmd_ask(args: argparse.Namespace) -> int:
    # The engine (torch, transformers: ~0.9 s to import) loads here, not when main.py builds its parser, so
    # `analyze` and `report` do not pay for it (this module sits outside llamo_engine.inference for the same reason).
    from llamo_engine.inference.engine import Engine
    from llamo_engine.inference.prepare import PrepareCancelled

    try:
        clip = _clip(args.clip)
        settings = clip_settings(args)
        if args.untrained:
            engine = Engine.untrained(args.backbone)
        else:
            engine = Engine.load(args.checkpoint, backbone=args.backbone)
        if not engine.is_trained:
            print(f"warning: LLaMo engine is {engine.state}", file=sys.stderr)
        update, close = (None, lambda: None) if args.quiet else stage_bars()
        try:
            prepared = engine.prepare(clip, settings=settings, use_video=not args.no_video, progress=update)
        finally:
            close()
        stream = engine.ask(prepared, args.question, max_new_tokens=args.max_tokens)
        for piece in stream:
            if not args.json:
                print(piece, end="", flush=True)
    except (VideoError, EstimationError, FileNotFoundError, ValueError, UserError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except (KeyboardInterrupt, PrepareCancelled):
        print("cancelled", file=sys.stderr)
        return 130
    answer = stream.answer
    frames = [f"{f} ({t:.2f} s)" for f, t in zip(answer.viewpoint_frames, answer.viewpoint_times)]
    if args.json:
        print(json.dumps({"question": answer.question, "answer": answer.text, "engine_state": engine.state,
                          "viewpoint_frames": answer.viewpoint_frames,
                          "viewpoint_times": [round(t, 3) for t in answer.viewpoint_times],
                          "timings": {k: round(v, 4) if isinstance(v, float) else v
                                      for k, v in answer.timings.items()}},
                         indent=2))
        return 0
    print(f"\nviewpoint frames: {', '.join(frames)}")
    print(f"first token {answer.timings['first_token_s']:.2f} s, {answer.timings['new_tokens']} tokens in "
          f"{answer.timings['total_s']:.2f} s", file=sys.stderr)
    return 0


def add_ask_parser(subparsers) -> None:
    p = subparsers.add_parser("ask", help="ask the LLaMo engine a question about a clip (streams the answer)")
    p.add_argument("clip", help="a video file (mp4, mov, ...) or a motion .npz written by `main.py analyze`")
    p.add_argument("question", help='the question, e.g. "When is impact?"')
    p.add_argument("--checkpoint", default=None, help="a trained checkpoint folder (default: the shipped model)")
    p.add_argument("--backbone", default=None, help="the LLM: a named backbone or a local Hugging Face model folder")
    p.add_argument("--untrained", action="store_true",
                   help="untrained heads on the backbone instead of a checkpoint (e.g. a backbone not yet trained)")
    p.add_argument("--max-tokens", type=int, default=96, help="longest answer in tokens (default 96)")
    p.add_argument("--no-video", action="store_true", help="use the motion only (skip the video encoder)")
    p.add_argument("--json", action="store_true", help="print the answer, frames and timings as JSON")
    p.add_argument("--quiet", action="store_true", help="no progress bars")
    add_clip_arguments(p)
    p.set_defaults(func=cmd_ask)
