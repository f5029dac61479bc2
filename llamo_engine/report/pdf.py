"""The report as a PDF (reportlab platypus, A4), from the layout blocks of `document.py`.

Text uses the Bitstream Vera fonts that ship with reportlab (wider Unicode coverage than the PDF base fonts,
and the same face as the figure labels). Written atomically.
"""

from __future__ import annotations

import io
import os
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Image, KeepTogether, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, \
    TableStyle

from llamo_engine.atomic import atomic_open
from llamo_engine.report import document as D
from llamo_engine.report.content import ReportContent
from llamo_engine.report.draw import FONT_DIR
from llamo_engine.report.figures import build_figures
from llamo_engine.report.jobs import Steps

ACCENT = colors.HexColor("#1f4e79")
TONES = {"ok": colors.HexColor("#2e7d32"), "warn": colors.HexColor("#e08a00"), "bad": colors.HexColor("#c62828")}
MARGIN = 15 * mm


def register_fonts() -> None:
    if "Vera" in pdfmetrics.getRegisteredFontNames():
        return
    for name, file in (("Vera", "Vera.ttf"), ("Vera-Bold", "VeraBd.ttf"), ("Vera-Italic", "VeraIt.ttf"),
                       ("Vera-BoldItalic", "VeraBI.ttf")):
        pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / file)))
    pdfmetrics.registerFontFamily("Vera", normal="Vera", bold="Vera-Bold", italic="Vera-Italic",
                                  boldItalic="Vera-BoldItalic")


def styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName="Vera", fontSize=9.5, leading=13, alignment=TA_LEFT)
    return {
        "title": ParagraphStyle("title", base, fontName="Vera-Bold", fontSize=20, leading=25, textColor=ACCENT,
                                spaceAfter=8),
        "h1": ParagraphStyle("h1", base, fontName="Vera-Bold", fontSize=14, leading=18, textColor=ACCENT,
                             spaceBefore=10, spaceAfter=5),
        "h2": ParagraphStyle("h2", base, fontName="Vera-Bold", fontSize=11, leading=14, spaceBefore=8, spaceAfter=4),
        "body": base,
        "small": ParagraphStyle("small", base, fontSize=7.5, leading=10, textColor=colors.HexColor("#555555")),
        "muted": ParagraphStyle("muted", base, fontName="Vera-Italic", fontSize=8.5, leading=11,
                                textColor=colors.HexColor("#666666"), spaceBefore=2, spaceAfter=2),
        "note": ParagraphStyle("note", base, fontSize=10.5, leading=15, leftIndent=8, borderPadding=(6, 6, 6, 8),
                               backColor=colors.HexColor("#fff8e1"), borderColor=colors.HexColor("#f0c36d"),
                               borderWidth=0.6, spaceBefore=4, spaceAfter=8),
        "question": ParagraphStyle("question", base, fontName="Vera-Bold", fontSize=10, spaceBefore=8),
        "answer": ParagraphStyle("answer", base, leftIndent=10, spaceAfter=3),
        "cell": ParagraphStyle("cell", base, fontSize=8.5, leading=11),
        "cell_small": ParagraphStyle("cell_small", base, fontSize=7, leading=9, textColor=colors.HexColor("#666666")),
        "caption": ParagraphStyle("caption", base, fontSize=7, leading=9, textColor=colors.HexColor("#444444")),
        "callout_title": ParagraphStyle("callout_title", base, fontName="Vera-Bold", fontSize=9.5),
    }


def text(s: str) -> str:
    """Plain text -> Paragraph markup (escaped, newlines kept)."""
    return escape(s).replace("\n", "<br/>")


def image(fig, width: float) -> Image:
    return Image(io.BytesIO(fig.data), width=width, height=width * fig.height / fig.width)


def image_grid(block: D.Images, st, frame_width: float):
    cols = block.columns
    gap = 2 * mm
    w = (frame_width - gap * (cols - 1)) / cols
    cells = []
    for fig in block.figures:
        if block.captions and fig.caption:
            cells.append([image(fig, w), Paragraph(text(fig.caption), st["caption"])])
        else:
            cells.append(image(fig, w))
    rows = [cells[k:k + cols] for k in range(0, len(cells), cols)]
    rows[-1] += [""] * (cols - len(rows[-1]))
    t = Table(rows, colWidths=[w + gap] * cols, hAlign="LEFT")
    t.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), gap),
                           ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                           ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return t


def table(block: D.Table, st, frame_width: float):
    def cell(s: str, r: int, c: int):
        head, _, rest = s.partition("\n")
        tone = block.flags.get((r, c))
        markup = text(head)
        if tone:
            markup = f'<font color="{TONES[tone].hexval().replace("0x", "#")}"><b>{markup}</b></font>'
        if block.key_value and c == 0:
            markup = f"<b>{markup}</b>"
        para = Paragraph(markup, st["cell"])
        return [para, Paragraph(text(rest), st["cell_small"])] if rest else para
    data = [[cell(s, r, c) for c, s in enumerate(row)] for r, row in enumerate(block.rows)]
    style = [("VALIGN", (0, 0), (-1, -1), "TOP"), ("TOPPADDING", (0, 0), (-1, -1), 3),
             ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]
    if block.header:
        data.insert(0, [Paragraph(f"<b>{text(h)}</b>", st["cell"]) for h in block.header])
        style += [("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef5")),
                  ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT),
                  ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f7f7f7")])]
    else:
        style += [("LINEBELOW", (0, 0), (-1, -1), 0.3, colors.HexColor("#dddddd"))]
    t = Table(data, colWidths=[w * frame_width for w in block.widths], hAlign="LEFT", repeatRows=1 if block.header else 0)
    t.setStyle(TableStyle(style))
    return t


def callout(block: D.Callout, st, frame_width: float):
    fault = block.tone == "fault"
    inner = [Paragraph(text(block.title), st["callout_title"]), Paragraph(text(block.text), st["body"])]
    if block.source:
        inner.append(Paragraph(text(block.source), st["small"]))
    t = Table([[inner]], colWidths=[frame_width], hAlign="LEFT")
    t.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#fdecea" if fault else "#e8f5e9")),
        ("LINEBEFORE", (0, 0), (0, -1), 3, TONES["bad" if fault else "ok"]),
        ("LEFTPADDING", (0, 0), (-1, -1), 8), ("TOPPADDING", (0, 0), (-1, -1), 5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 6)]))
    return [Spacer(1, 3), t, Spacer(1, 3)]


def flowables(blocks: list, frame_width: float) -> list:
    st = styles()
    out: list = []
    pending_heading = None  # a heading is kept on the page of the block that follows it
    for b in blocks:
        if isinstance(b, D.Heading):
            f = Paragraph(text(b.text), st[("title", "h1", "h2")[b.level]])
            if pending_heading is not None:
                out.append(pending_heading)
            pending_heading = f
            continue
        if isinstance(b, D.PageBreak):
            made = [PageBreak()]
        elif isinstance(b, D.Para):
            made = [Paragraph(text(b.text), st[b.style])]
        elif isinstance(b, D.Table):
            made = [table(b, st, frame_width), Spacer(1, 4)]
        elif isinstance(b, D.Images):
            made = [image_grid(b, st, frame_width)] if b.figures else []
        elif isinstance(b, D.Callout):
            made = callout(b, st, frame_width)
        else:
            raise TypeError(f"unknown block {type(b).__name__}")
        if pending_heading is not None and made and not isinstance(made[0], PageBreak):
            out.append(KeepTogether([pending_heading, made[0]]))
            made = made[1:]
        elif pending_heading is not None:
            out.append(pending_heading)
        pending_heading = None
        out += made
    if pending_heading is not None:
        out.append(pending_heading)
    return out


def write_pdf(content: ReportContent, path: str | os.PathLike, progress=None, cancel=None, figures=None) -> None:
    """Render the report and write it to `path` (atomically). progress(done, total); cancel: threading.Event.
    `figures` from build_figures can be passed to share one rendering between the PDF and the HTML."""
    register_fonts()
    steps = Steps(100, progress, cancel)
    if figures is None:
        figures = build_figures(content, progress=steps.part(90), cancel=cancel)
    blocks = D.build_document(content, figures)
    footer = f"LLaMo Coach · {content.athlete + ' · ' if content.athlete else ''}{content.title} · " \
             f"{content.date.isoformat()}"

    def on_page(canvas, doc):
        canvas.saveState()
        canvas.setFont("Vera", 7.5)
        canvas.setFillColor(colors.HexColor("#777777"))
        canvas.drawString(MARGIN, 9 * mm, footer)
        canvas.drawRightString(A4[0] - MARGIN, 9 * mm, f"page {doc.page}")
        canvas.setStrokeColor(colors.HexColor("#cccccc"))
        canvas.line(MARGIN, 12 * mm, A4[0] - MARGIN, 12 * mm)
        canvas.restoreState()

    steps.check()
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                            bottomMargin=18 * mm, title=f"Swing report {content.title}", author="LLaMo Coach",
                            subject=content.athlete)
    doc.build(flowables(blocks, doc.width), onFirstPage=on_page, onLaterPages=on_page)
    steps.check()
    with atomic_open(path) as f:
        f.write(buf.getvalue())
    steps.finish()

