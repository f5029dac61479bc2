"""One call for all the exports a coach asks for at once (what File > Export report... and `main.py report`
run): the figures are rendered once and shared by the PDF and the HTML; one progress(done, total) covers the
whole job and one cancel event stops it between steps (files already finished stay, the one in progress is
not written)."""

from __future__ import annotations

import os

from llamo_engine.report.content import ReportContent
from llamo_engine.report.data_export import write_analysis_json, write_frames_csv
from llamo_engine.report.figures import build_figures, count_steps
from llamo_engine.report.html_export import write_html
from llamo_engine.report.jobs import Steps
from llamo_engine.report.pdf import write_pdf
from llamo_engine.report.video_export import write_annotated_video

PathLike = str | os.PathLike | None


def export_report(content: ReportContent, *, pdf: PathLike = None, html: PathLike = None, video: PathLike = None,
                  csv: PathLike = None, json: PathLike = None, progress=None, cancel=None) -> list[str]:
    """Write the requested files; returns their paths in the order written."""
    figure_steps = count_steps(content) if (pdf or html) else 0
    video_steps = content.motion.num_frames if video else 0  # ~ the clip's frames (exact count known on open)
    total = figure_steps + 3 * bool(pdf) + bool(html) + video_steps + 2 * bool(csv) + bool(json)
    steps = Steps(total, progress, cancel)
    written = []
    figures = build_figures(content, progress=steps.part(figure_steps), cancel=cancel) if (pdf or html) else None
    if pdf:
        write_pdf(content, pdf, cancel=cancel, figures=figures)
        steps.step(3)
        written.append(str(pdf))
    if html:
        write_html(content, html, cancel=cancel, figures=figures)
        steps.step()
        written.append(str(html))
    if video:
        write_annotated_video(content, video, progress=steps.part(video_steps), cancel=cancel)
        written.append(str(video))
    if csv:
        write_frames_csv(content.motion, content.analysis, csv, cancel=cancel)
        steps.step(2)
        written.append(str(csv))
    if json:
        write_analysis_json(content.analysis, json, clip=content.clip_path)
        steps.step()
        written.append(str(json))
    steps.finish()
    return written
