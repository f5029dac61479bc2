"""Headless command line: `python main.py analyze CLIP [--out DIR] [--json]` (and the other subcommands).

Each subcommand is registered in SUBCOMMANDS by name; errors a user can cause print one line naming the
problem and the fix, exit non-zero, and leave nothing half-written.
"""

from __future__ import annotations

import argparse
import json
import pathlib
import sys

from llamo_engine.atomic import write_text
from llamo_engine.cli_common import UserError, add_clip_arguments, clip_settings, load_clip
from llamo_engine.motion.skeleton import MotionSequence
from llamo_engine.ask_cli import add_ask_parser
from llamo_engine.report_cli import add_report_parser


def motion_summary(motion: MotionSequence) -> dict:
    """The analyze summary's motion keys (later features add keys; these are never renamed)."""
    return {
        "fps": round(float(motion.meta.get("playback_fps", motion.fps)), 3),   # the file's rate
        "capture_fps": motion.meta.get("capture_fps"),                           # None: real time
        "frames": motion.num_frames,
        "frames_with_person": int(motion.present.sum()),
        "duration_s": round(motion.duration_s, 3),
        "estimator_ms_per_frame": motion.meta.get("estimator_ms_per_frame"),
        "long_gaps": motion.meta.get("long_gaps", []),
        "camera_yaw_deg": None if motion.camera_yaw_deg is None else round(motion.camera_yaw_deg, 1),
        "warnings": list(motion.meta.get("warnings", [])),
        "source": motion.source,
    }


def cmd_analyze(args: argparse.Namespace) -> int:
    result = load_clip(args.clip, clip_settings(args))
    motion, analysis = result.motion, result.analysis
    result = analysis.to_dict()
    summary = {"clip": str(args.clip), **motion_summary(motion), "sport": result["sport"],
               "swings": result["swings"], "notes": result["notes"]}
    out = pathlib.Path(args.out)
    stem = pathlib.Path(args.clip).stem
    motion_path, json_path = out / f"{stem}.motion.npz", out / f"{stem}.json"
    analysis_path = out / f"{stem}.analysis.json"
    summary["motion_file"], summary["analysis_file"] = str(motion_path), str(analysis_path)
    text = json.dumps(summary, indent=2)
    motion.save(motion_path)
    write_text(analysis_path, json.dumps(result) + "\n")  # the full SwingAnalysis, per-frame curves included
    write_text(json_path, text + "\n")
    if args.json:
        print(text)
    else:
        swings = ", ".join(f"frames {s['start']}-{s['end']}" for s in result["swings"]) or "none"
        print(f"{summary['frames']} frames, person in {summary['frames_with_person']}, {summary['duration_s']} s "
              f"at {summary['fps']} fps; {summary['sport']}: {len(result['swings'])} swing(s) ({swings})\n"
              f"-> {motion_path}, {json_path}, {analysis_path}")
    return 0


def add_analyze_parser(sub) -> None:
    p = sub.add_parser("analyze", help="estimate a clip's 3D motion and write it (npz) with a JSON summary")
    p.add_argument("clip", help="a video file (mp4, mov, ...) or a saved motion .npz")
    p.add_argument("--out", default=".", help="output folder (default: current folder)")
    p.add_argument("--json", action="store_true", help="also print the summary as JSON on stdout")
    add_clip_arguments(p)
    p.set_defaults(func=cmd_analyze)


SUBCOMMANDS = {"analyze": add_analyze_parser, "ask": add_ask_parser, "report": add_report_parser}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="main.py", description="LLaMo Coach, headless commands")
    sub = parser.add_subparsers(dest="command", required=True)
    for add in SUBCOMMANDS.values():
        add(sub)
    return parser


def main(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except UserError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("cancelled", file=sys.stderr)
        return 130
