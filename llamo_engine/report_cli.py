"""`python main.py report CLIP --out report.pdf [--html] [--video] [--csv]`: analyse a clip (a video, or a
motion .npz that `main.py analyze` wrote) and write its report.

--out decides the main file (.pdf or .html); --html, --video and --csv add report.html, report.mp4 and
report.csv + report.analysis.json next to it. Chat Q&A and coach annotations come from JSON files the app
saves (--chat, --annotations), coach notes from --notes (text, or @file to read a text file).

llamo_engine/cli.py imports this module to register the subcommand; the report modules are imported inside
the functions so that `main.py analyze` does not load reportlab.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import pathlib
import sys

from llamo_engine.cli_common import UserError, add_clip_arguments, clip_settings, load_clip


def _read_json_list(path: str, what: str) -> list:
    try:
        data = json.loads(pathlib.Path(path).read_text())
    except (OSError, ValueError) as error:
        raise UserError(f"{path}: cannot read the {what} JSON ({error}); pass a JSON list") from None
    if not isinstance(data, list):
        raise UserError(f"{path}: the {what} file must hold a JSON list")
    return data


def report_paths(out: str, html: bool, video: bool, csv: bool) -> dict:
    out_path = pathlib.Path(out)
    suffix = out_path.suffix.lower()
    if suffix not in (".pdf", ".html", ".htm"):
        raise UserError(f"--out {out}: the report must end in .pdf or .html")
    stem = out_path.with_suffix("")
    paths = {"pdf": out_path if suffix == ".pdf" else None,
             "html": out_path if suffix != ".pdf" else (stem.with_suffix(".html") if html else None),
             "video": stem.with_suffix(".mp4") if video else None,
             "csv": stem.with_suffix(".csv") if csv else None,
             "json": stem.with_name(stem.name + ".analysis.json") if csv else None}
    return paths


def build_content(args: argparse.Namespace, result):
    from llamo_engine.motion.video import VIDEO_SUFFIXES
    from llamo_engine.report.content import Annotation, ChatItem, ReportContent
    motion, analysis = result.motion, result.analysis
    clip = pathlib.Path(args.clip)
    video = str(clip) if clip.suffix.lower() in VIDEO_SUFFIXES else motion.meta.get("video")
    if video is not None and not pathlib.Path(video).exists():
        print(f"note: the clip's video {video} is not there; key frames are drawn on a plain background",
              file=sys.stderr)
        video = None
    notes = args.notes or ""
    if notes.startswith("@"):
        try:
            notes = pathlib.Path(notes[1:]).read_text()
        except OSError as error:
            raise UserError(f"--notes {notes}: cannot read the notes file ({error.strerror})") from None
    try:
        chat = [ChatItem.from_dict(d) for d in _read_json_list(args.chat, "chat")] if args.chat else []
        marks = [Annotation.from_dict(d) for d in _read_json_list(args.annotations, "annotations")] \
            if args.annotations else []
        date = dt.date.fromisoformat(args.date) if args.date else dt.date.today()
        return ReportContent(clip_path=str(clip), motion=motion, analysis=analysis, chat=chat, notes=notes,
                             annotations=marks, athlete=args.athlete or "", date=date, video_path=video)
    except (KeyError, TypeError, ValueError) as error:
        raise UserError(f"{error}; fix the input and run again") from None


def cmd_report(args: argparse.Namespace) -> int:
    from llamo_engine.progress import progress_bar
    from llamo_engine.report.export import export_report
    paths = report_paths(args.out, args.html, args.video, args.csv)
    content = build_content(args, load_clip(args.clip, clip_settings(args)))
    update, close = progress_bar("writing report")
    try:
        written = export_report(content, progress=update, **paths)
    finally:
        close()
    swings = len(content.analysis.swings)
    print(f"{content.analysis.sport}: {swings} swing(s) -> {', '.join(written)}")
    return 0


def add_report_parser(sub) -> None:
    p = sub.add_parser("report", help="write a clip's report (PDF or HTML), annotated video and data exports")
    p.add_argument("clip", help="a video file (mp4, mov, ...) or a motion .npz written by `main.py analyze`")
    p.add_argument("--out", default="report.pdf", help="the report file, .pdf or .html (default report.pdf)")
    p.add_argument("--html", action="store_true", help="also write the report as one self-contained HTML file")
    p.add_argument("--video", action="store_true", help="also write the annotated MP4 (skeleton, phases, events)")
    p.add_argument("--csv", action="store_true", help="also write per-frame joints and curves (CSV) and the "
                                                      "analysis (JSON)")
    p.add_argument("--athlete", default="", help="athlete name shown on the report")
    p.add_argument("--date", default=None, help="report date, YYYY-MM-DD (default today)")
    p.add_argument("--notes", default=None, help="coach notes: text, or @FILE to read them from a text file")
    p.add_argument("--chat", default=None, help="JSON list of {question, answer, viewpoint_frames}")
    p.add_argument("--annotations", default=None, help="JSON list of {frame, kind, points, text}")
    add_clip_arguments(p)
    p.set_defaults(func=cmd_report)
