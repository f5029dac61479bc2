"""The report as a flat list of layout blocks (headings, paragraphs, tables, image grids, callouts, page
breaks), built once from the content and its figures; the PDF and HTML writers only turn blocks into their
format, so both show the same thing. All text here is plain (the writers escape it)."""

from __future__ import annotations

import dataclasses

from llamo_engine.analysis.types import Metric
from llamo_engine.coaching import entry_of
from llamo_engine.report.content import ReportContent, pretty_name
from llamo_engine.report.figures import Figure, ReportFigures

UNITS = {"deg": "°", "deg/s": "°/s", "ratio": "", "m": " m", "m/s": " m/s", "s": " s"}


@dataclasses.dataclass
class Heading:
    text: str
    level: int = 1          # 0 title, 1 section, 2 subsection


@dataclasses.dataclass
class Para:
    text: str
    style: str = "body"     # body | small | muted | note | question | answer


@dataclasses.dataclass
class Table:
    header: list[str]
    rows: list[list[str]]
    widths: list[float]                 # fractions of the text width
    flags: dict = dataclasses.field(default_factory=dict)   # (row, col) -> "ok" | "warn" | "bad"
    key_value: bool = False             # first column is a label column, no header line


@dataclasses.dataclass
class Images:
    figures: list[Figure]
    columns: int
    captions: bool = True


@dataclasses.dataclass
class Callout:
    title: str
    text: str
    source: str = ""
    tone: str = "drill"     # drill | fault


@dataclasses.dataclass
class PageBreak:
    pass


def fmt_value(value: float, unit: str) -> str:
    suffix = UNITS.get(unit, f" {unit}")
    if unit == "ratio":
        return f"{value:.2f}"
    if unit == "deg":
        return f"{value:.0f}{suffix}"
    return f"{value:.3g}{suffix}"


def flag_of(m: Metric) -> tuple[str, str]:
    """(text, tone) of a metric against its band."""
    if m.band is None:
        return "no reference", ""
    if m.in_band():
        return "in range", "ok"
    lo, hi = m.band
    width = max(hi - lo, 1e-9)
    off = (lo - m.value) / width if m.value < lo else (m.value - hi) / width
    return ("below range" if m.value < lo else "above range"), ("bad" if off > 0.5 else "warn")


def metric_rows(metrics: dict[str, Metric]) -> Table:
    rows, flags = [], {}
    for r, (name, m) in enumerate(metrics.items()):
        band = "" if m.band is None else f"{fmt_value(m.band[0], m.unit)} – {fmt_value(m.band[1], m.unit)}"
        text, tone = flag_of(m)
        conf = f"{m.confidence:.0%}" + ("" if m.confidence >= 0.7 else " (low)")
        at = "" if m.frame is None else f" (f{m.frame})"
        rows.append([f"{pretty_name(name)}{at}\n{m.definition}", fmt_value(m.value, m.unit), band, text, conf])
        if tone:
            flags[(r, 3)] = tone
        if m.confidence < 0.7:
            flags[(r, 4)] = "warn"
    return Table(["Metric", "Value", "Reference", "Flag", "Confidence"], rows, [0.38, 0.12, 0.18, 0.17, 0.15], flags)


def clip_facts(content: ReportContent) -> Table:
    m, a = content.motion, content.analysis
    yaw = a.camera_yaw_deg if a.camera_yaw_deg is not None else m.camera_yaw_deg
    view = "unknown (no camera)" if yaw is None else (
        "face-on" if abs(yaw) < 30 else "down the line" if abs(abs(yaw) - 90) < 30 else f"{yaw:.0f}° from face-on")
    rows = [["Athlete", content.athlete or "—"], ["Date", content.date.isoformat()], ["Clip", content.title],
            ["Sport", a.sport if a.sport != "none" else "no swing found"],
            ["Frames", f"{m.num_frames} at {m.fps:.0f} fps ({m.duration_s:.1f} s)"], ["Camera", view],
            ["Swings", str(len(a.swings))]]
    return Table([], rows, [0.25, 0.75], key_value=True)


def summary_table(content: ReportContent) -> Table:
    a = content.analysis
    names = []
    for s in a.swings:
        names += [n for n in s.metrics if n not in names]
    names = names[:3]
    rows, flags = [], {}
    for i, s in enumerate(a.swings):
        row = [str(i + 1), f"{s.start}–{s.end} ({s.start / a.fps:.1f}–{s.end / a.fps:.1f} s)", s.handedness]
        for c, n in enumerate(names):
            m = s.metrics.get(n)
            row.append("—" if m is None else fmt_value(m.value, m.unit))
            if m is not None and flag_of(m)[1]:
                flags[(i, 3 + c)] = flag_of(m)[1]
        row.append(", ".join(pretty_name(f.name) for f in s.faults) or "none")
        if s.faults:
            flags[(i, len(row) - 1)] = "warn"
        rows.append(row)
    n = len(names)
    widths = [0.06, 0.24, 0.1] + [0.3 / max(n, 1)] * n + [0.3 if n else 0.6]
    return Table(["#", "Frames", "Hand"] + [pretty_name(x) for x in names] + ["Faults"], rows, widths, flags)


def drill_callout(sport: str, fault: str) -> Callout | None:
    """The drill under a flagged fault, from the coaching knowledge base (the drill the chat's prompt names), or
    None for a fault without an entry."""
    coaching = entry_of(sport, fault)
    if coaching is None:
        return None
    drill = coaching.drill
    return Callout(f"Drill: {pretty_name(drill.name)}", f"{pretty_name(drill.cue)}.", f"Source: {coaching.source}")


def build_document(content: ReportContent, figs: ReportFigures) -> list:
    a = content.analysis
    kind = {"golf": "Golf swing", "baseball": "Baseball swing"}.get(a.sport, "Motion")
    who = f" — {content.athlete}" if content.athlete else ""
    doc: list = [Heading(f"{kind} report{who}", 0), clip_facts(content)]
    if a.swings:
        doc += [Heading("Summary", 1), summary_table(content)]
    else:
        doc += [Heading("Summary", 1), Para("No golf or baseball swing was found in this clip, so there are no "
                                            "events, metrics or faults. The frames below show the clip.")]
    for note in a.notes:
        doc.append(Para(note, "muted"))
    doc += [Heading("Timeline", 2), Images([figs.chart], 1, captions=False)]
    if content.notes.strip():
        doc += [Heading("Coach's notes", 1), Para(content.notes.strip(), "note")]
    if not a.swings:
        doc += [Heading("Clip frames", 2), Images(figs.overview_frames, 3)]

    for i, (s, sf) in enumerate(zip(a.swings, figs.swings)):
        doc += [PageBreak(), Heading(f"Swing {i + 1} of {len(a.swings)}: frames {s.start}–{s.end} "
                                     f"({s.start / a.fps:.2f}–{s.end / a.fps:.2f} s)", 1)]
        doc += [Heading("Key positions", 2), Images(sf.key_frames, 4),
                Para("Skeleton: orange = left side, blue = right side, green = lead arm. Yellow: spine tilt from "
                     "vertical; green arc: lead-arm (elbow) angle; both measured on the 3D motion. Pink: coach "
                     "annotations.", "small")]
        doc += [Heading("Phases and key curves", 2), Images([sf.chart], 1, captions=False)]
        doc += [Heading("Metrics", 2), metric_rows(s.metrics)]
        doc.append(Heading("Detected faults", 2))
        if not s.faults:
            doc.append(Para("No fault flagged for this swing.", "body"))
        for fault, evidence in zip(s.faults, sf.evidence):
            m = s.metrics.get(fault.metric)
            measured = "" if m is None else f" ({pretty_name(fault.metric)} {fmt_value(m.value, m.unit)})"
            doc.append(Callout(f"{pretty_name(fault.name)} — {fault.severity}",
                               f"{fault.description[:1].upper()}{fault.description[1:]}{measured}.", tone="fault"))
            if evidence:
                doc.append(Images(evidence, 4))
            drill = drill_callout(a.sport, fault.name)
            if drill is not None:
                doc.append(drill)

    if content.annotations:
        doc += [PageBreak(), Heading("Coach annotations", 1)]
        for fig in figs.annotated:
            marks = "; ".join(f"{pretty_name(x.kind)}{': ' + x.text if x.text else ''}"
                              for x in content.annotations_on(fig.frame))
            fig.caption = f"{content.moment_at(fig.frame)} · frame {fig.frame} ({fig.frame / content.motion.fps:.2f} s) — {marks}"
        doc.append(Images(figs.annotated, 2))
    if content.chat:
        if not content.annotations:
            doc.append(PageBreak())
        doc.append(Heading("Questions and answers", 1))
        for item, thumbs in zip(content.chat, figs.chat_thumbs):
            doc += [Para(item.question, "question"), Para(item.answer, "answer")]
            if thumbs:
                doc += [Para("Frames the model looked at:", "muted"), Images(thumbs, 8, captions=False)]
    return doc
