"""The report as one self-contained HTML file: inline CSS, images as data: URIs, no external references (it
opens offline, can be mailed as a single file, and prints to the same page breaks as the PDF)."""

from __future__ import annotations

import base64
import os
from html import escape

from llamo_engine.atomic import write_text
from llamo_engine.report import document as D
from llamo_engine.report.content import ReportContent
from llamo_engine.report.figures import build_figures
from llamo_engine.report.jobs import Steps

CSS = """
body { font-family: "DejaVu Sans", Verdana, "Segoe UI", Arial, sans-serif; color: #222; margin: 0;
       background: #eef1f5; font-size: 14px; line-height: 1.45; }
main { max-width: 980px; margin: 24px auto; background: #fff; padding: 32px 40px; box-shadow: 0 1px 6px #0002; }
h1.title { color: #1f4e79; font-size: 28px; margin: 0 0 12px; }
h2 { color: #1f4e79; font-size: 20px; margin: 26px 0 8px; border-bottom: 1px solid #dde5ee; padding-bottom: 3px; }
h3 { font-size: 16px; margin: 18px 0 6px; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 12px; font-size: 13px; }
th { background: #e8eef5; text-align: left; border-bottom: 2px solid #1f4e79; padding: 5px 6px; }
td { padding: 5px 6px; vertical-align: top; border-bottom: 1px solid #eee; }
table.kv td:first-child { font-weight: bold; width: 22%; }
tr:nth-child(even) td { background: #fafafa; }
.sub { display: block; font-size: 11px; color: #666; }
.ok { color: #2e7d32; font-weight: bold; } .warn { color: #e08a00; font-weight: bold; }
.bad { color: #c62828; font-weight: bold; }
.grid { display: grid; gap: 8px; margin: 6px 0 12px; }
figure { margin: 0; } figure img { width: 100%; display: block; border-radius: 3px; }
figcaption { font-size: 11px; color: #444; margin-top: 2px; }
.callout { border-left: 4px solid #2e7d32; background: #e8f5e9; padding: 8px 12px; margin: 8px 0; }
.callout.fault { border-color: #c62828; background: #fdecea; }
.callout b { display: block; } .callout .src { font-size: 11px; color: #555; }
.note { white-space: pre-wrap; background: #fff8e1; border: 1px solid #f0c36d; padding: 10px 14px; font-size: 15px; }
.muted { color: #666; font-style: italic; font-size: 12px; } .small { color: #555; font-size: 11px; }
.question { font-weight: bold; margin: 14px 0 2px; } .answer { margin: 0 0 6px 14px; white-space: pre-wrap; }
.page-break { break-after: page; height: 0; }
footer { color: #777; font-size: 11px; margin-top: 30px; border-top: 1px solid #ccc; padding-top: 6px; }
@media print { body { background: #fff; } main { box-shadow: none; margin: 0; max-width: none; } }
"""


def data_uri(fig) -> str:
    return f"data:{fig.mime};base64,{base64.b64encode(fig.data).decode('ascii')}"


def _text(s: str) -> str:
    return escape(s)


def render_block(b) -> str:
    if isinstance(b, D.Heading):
        tag = ("h1", "h2", "h3")[b.level]
        cls = ' class="title"' if b.level == 0 else ""
        return f"<{tag}{cls}>{_text(b.text)}</{tag}>"
    if isinstance(b, D.PageBreak):
        return '<div class="page-break"></div>'
    if isinstance(b, D.Para):
        return f'<p class="{b.style}">{_text(b.text)}</p>'
    if isinstance(b, D.Table):
        def cell(s, r, c):
            head, _, rest = s.partition("\n")
            tone = b.flags.get((r, c))
            inner = f'<span class="{tone}">{_text(head)}</span>' if tone else _text(head)
            return f"<td>{inner}{f'<span class=sub>{_text(rest)}</span>' if rest else ''}</td>"
        head = "" if not b.header else "<tr>" + "".join(
            f'<th style="width:{w * 100:.0f}%">{_text(h)}</th>' for h, w in zip(b.header, b.widths)) + "</tr>"
        rows = "".join("<tr>" + "".join(cell(s, r, c) for c, s in enumerate(row)) + "</tr>"
                       for r, row in enumerate(b.rows))
        return f'<table{" class=kv" if b.key_value else ""}>{head}{rows}</table>'
    if isinstance(b, D.Images):
        if not b.figures:
            return ""
        items = "".join(
            f'<figure><img src="{data_uri(f)}" width="{f.width}" height="{f.height}" alt="{_text(f.caption)}">'
            f'{f"<figcaption>{_text(f.caption)}</figcaption>" if b.captions and f.caption else ""}</figure>'
            for f in b.figures)
        return f'<div class="grid" style="grid-template-columns: repeat({b.columns}, 1fr)">{items}</div>'
    if isinstance(b, D.Callout):
        src = f'<span class="src">{_text(b.source)}</span>' if b.source else ""
        return f'<div class="callout {b.tone}"><b>{_text(b.title)}</b>{_text(b.text)}{src}</div>'
    raise TypeError(f"unknown block {type(b).__name__}")


def render_html(content: ReportContent, figures) -> str:
    blocks = D.build_document(content, figures)
    body = "\n".join(render_block(b) for b in blocks)
    title = f"Swing report {content.title}"
    footer = f"LLaMo Coach · {content.athlete + ' · ' if content.athlete else ''}{content.title} · " \
             f"{content.date.isoformat()}"
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>{_text(title)}</title>\n'
            f"<style>{CSS}</style>\n</head>\n<body>\n<main>\n{body}\n<footer>{_text(footer)}</footer>\n</main>\n"
            "</body>\n</html>\n")


def write_html(content: ReportContent, path: str | os.PathLike, progress=None, cancel=None, figures=None) -> None:
    """Render the report and write it to `path` as one self-contained HTML file (atomically)."""
    steps = Steps(100, progress, cancel)
    if figures is None:
        figures = build_figures(content, progress=steps.part(95), cancel=cancel)
    text = render_html(content, figures)
    steps.check()
    write_text(path, text)
    steps.finish()
