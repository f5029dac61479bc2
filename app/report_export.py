"""Report export for the app (no Qt): the report content of the open clip, the output files, the preview HTML,
and the worker functions that render the preview and write the files.

The files of one export are written into a hidden staging folder next to them and moved into place only when
every one is done: a cancelled or failed export leaves no file behind and never half-replaces an older report.
"""

from __future__ import annotations

import datetime as dt
import os
import pathlib
import shutil
import tempfile
from html import escape

import platformdirs

from llamo_engine.report import document as D
from llamo_engine.report.content import ChatItem, ReportContent
from llamo_engine.report.html_export import data_uri, render_block
from llamo_engine.report.jobs import ExportCancelled

from app import services
from app.store import AnnotationRecord, ChatRecord, ClipRecord
from app.workers import Cancelled, UserError

# output -> (what the dialog calls it, file suffix(es) after the base name)
OUTPUTS = {"pdf": ("PDF report", (".pdf",)), "html": ("HTML report (one file)", (".html",)),
           "video": ("Annotated video (MP4)", (".mp4",)), "csv": ("Data: per-frame CSV + analysis JSON",
                                                                  (".csv", ".analysis.json"))}


def default_base(clip: ClipRecord) -> pathlib.Path:
    """Where a clip's report goes unless the coach picks another place: Documents/<clip> report."""
    folder = pathlib.Path(platformdirs.user_documents_dir())
    return folder / f"{pathlib.Path(clip.path).stem} report"


def output_paths(base: str | os.PathLike, outputs) -> dict[str, pathlib.Path]:
    """export_report keyword -> path, for the chosen outputs ("pdf", "html", "video", "csv"; csv adds json)."""
    base = pathlib.Path(base)
    if base.suffix.lower() in (".pdf", ".html", ".htm", ".mp4", ".csv"):
        base = base.with_suffix("")
    paths = {}
    for out in outputs:
        if out not in OUTPUTS:
            raise ValueError(f"unknown report output {out!r}; one of {sorted(OUTPUTS)}")
        suffixes = OUTPUTS[out][1]
        paths[out] = base.with_name(base.name + suffixes[0])
        if out == "csv":
            paths["json"] = base.with_name(base.name + suffixes[1])
    return paths


def chat_items(records: list[ChatRecord]) -> list[ChatItem]:
    """The question/answer pairs of a chat history, each with the answer's viewpoint frames."""
    items = []
    for question, answer in zip(records, records[1:]):
        if question.role == "user" and answer.role == "assistant":
            items.append(ChatItem(question.text, answer.text, [int(f) for f in answer.viewpoint_frames]))
    return items


def recorded_date(clip: ClipRecord) -> dt.date:
    try:
        return dt.date.fromisoformat(clip.recorded_at[:10])
    except ValueError:
        return dt.date.today()


def report_content(clip: ClipRecord, motion, analysis, chat: list[ChatRecord], annotations: list[AnnotationRecord],
                   athlete: str | None = None, date: dt.date | None = None) -> ReportContent:
    """The report of the open clip: its analysis, chat, coach notes and annotations (those on analysed frames)."""
    first, T = int(motion.meta.get("first_frame", 0)), motion.num_frames
    marks = [a.to_annotation(first) for a in annotations if 0 <= a.frame - first < T]
    video = clip.path if services.is_video(clip.path) else motion.meta.get("video")
    if video is not None and not pathlib.Path(video).exists():
        video = None
    return ReportContent(clip_path=clip.path, motion=motion, analysis=analysis, chat=chat_items(chat),
                         notes=clip.notes, annotations=marks, athlete=clip.athlete if athlete is None else athlete,
                         date=recorded_date(clip) if date is None else date, video_path=video)


# ---- preview -------------------------------------------------------------------------------------------------
PREVIEW_CSS = """
body { font-family: "DejaVu Sans", Verdana, Arial, sans-serif; color: #222; background: #ffffff; font-size: 12px; }
h1 { color: #1f4e79; font-size: 20px; } h2 { color: #1f4e79; font-size: 16px; margin-top: 16px; }
h3 { font-size: 13px; } th { background: #e8eef5; text-align: left; } td { padding: 2px 4px; }
.sub { color: #666; font-size: 10px; } .ok { color: #2e7d32; font-weight: bold; }
.warn { color: #e08a00; font-weight: bold; } .bad { color: #c62828; font-weight: bold; }
.note { background: #fff8e1; } .muted, .small, .caption { color: #666; font-size: 10px; }
.callout { background: #e8f5e9; } .callout.fault { background: #fdecea; } .question { font-weight: bold; }
"""


def _preview_images(block: D.Images, width: int) -> str:
    if not block.figures:
        return ""
    cell_w = max(40, (width - 8 * block.columns) // block.columns)
    rows = []
    for i in range(0, len(block.figures), block.columns):
        cells = []
        for f in block.figures[i:i + block.columns]:
            h = round(f.height * cell_w / max(f.width, 1))
            uri = data_uri(f)
            caption = f'<br><span class="caption">{escape(f.caption)}</span>' if block.captions and f.caption else ""
            cells.append(f'<td valign="top"><img src="{uri}" width="{cell_w}" height="{h}">{caption}</td>')
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return '<table cellspacing="4">' + "".join(rows) + "</table>"


def preview_html(content: ReportContent, figures, width: int = 560) -> str:
    """The report as simple HTML for a QTextBrowser `width` pixels wide (same blocks as the PDF and HTML files;
    image grids as tables, page breaks as rules)."""
    parts = []
    for block in D.build_document(content, figures):
        if isinstance(block, D.Images):
            parts.append(_preview_images(block, width))
        elif isinstance(block, D.PageBreak):
            parts.append("<hr>")
        elif isinstance(block, D.Table):          # a QTextBrowser shows no display:block: break the line
            parts.append(render_block(block).replace("<span class=sub>", "<br><span class=sub>"))
        elif isinstance(block, D.Callout):
            src = f'<br><span class="small">{escape(block.source)}</span>' if block.source else ""
            parts.append(f'<table width="100%" class="callout {block.tone}"><tr><td><b>{escape(block.title)}</b>'
                         f'<br>{escape(block.text)}{src}</td></tr></table>')
        else:
            parts.append(render_block(block))
    return f"<html><head><style>{PREVIEW_CSS}</style></head><body>{''.join(parts)}</body></html>"


# ---- worker functions -------------------------------------------------------------------------------------------
def build_preview(content: ReportContent, task):
    """The report's figures (rendered once; the dialog re-renders the HTML from them when a field changes)."""
    from llamo_engine.report.figures import build_figures
    try:
        return build_figures(content, progress=lambda d, t: task.progress("Rendering the preview", d, t),
                             cancel=task.cancel_event)
    except ExportCancelled:
        raise Cancelled() from None


def run_export(content: ReportContent, paths: dict[str, pathlib.Path], task) -> list[str]:
    """Write the chosen files (export_report) into a staging folder, then move them into place; returns them."""
    from llamo_engine.report.export import export_report
    from llamo_engine.report.video_export import VideoExportError
    if not paths:
        raise UserError("Choose at least one output (PDF, HTML, video or data) to export.")
    folders = {p.parent for p in paths.values()}
    if len(folders) != 1:
        raise ValueError("the outputs of one export go to one folder")
    folder = folders.pop()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        staging = pathlib.Path(tempfile.mkdtemp(prefix=".llamo-export-", dir=folder))
    except OSError as e:
        raise UserError(f"Cannot write to {folder} ({e.strerror or e}); choose another folder.") from None
    try:
        staged = {key: staging / p.name for key, p in paths.items()}
        try:
            export_report(content, progress=lambda d, t: task.progress("Writing the report", d, t),
                          cancel=task.cancel_event, **staged)
        except ExportCancelled:
            raise Cancelled() from None
        except VideoExportError as e:
            raise UserError(str(e)) from None
        except OSError as e:
            raise UserError(f"Writing the report failed ({e.strerror or e}); check the disk space and the "
                            f"folder {folder}, then export again.") from None
        task.check()
        for key, p in paths.items():
            os.replace(staged[key], p)
        return [str(paths[k]) for k in ("pdf", "html", "video", "csv", "json") if k in paths]
    finally:
        shutil.rmtree(staging, ignore_errors=True)
