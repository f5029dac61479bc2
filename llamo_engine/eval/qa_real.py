"""Real-clip SwingQA: a few questions whose truth is known on ../shared/realdata/golf/labeled (evaluation data, never
copied into the project): sport, number of swings, and the phase boundaries a person labelled per frame
(takeaway start = address, first downswing frame = top, first follow-through frame = impact).

Phase labels are a person's reading of the video, so event answers count within `PHASE_TOL_S` (0.15 s). Each clip
is asked with video features and without (the video ablation), through `Engine.prepare` / `Engine.ask`.
"""

from __future__ import annotations

import csv
import pathlib

from llamo_engine.data.qa import grade, grounded
from llamo_engine.data.qa.items import Expected, QAItem

PHASE_TOL_S = 0.15
BOUNDARIES = {"Takeaway": ("address", ["When does the takeaway start?", "When is address?"]),
              "Downswing": ("top", ["When is the top of the backswing?", "When does the downswing start?"]),
              "Follow-through": ("impact", ["When is impact?", "At which frame does the club hit the ball?"])}


def labelled_clips(root: str | pathlib.Path) -> list[tuple[pathlib.Path, pathlib.Path]]:
    """(video, phase CSV) pairs under realdata/golf/labeled; empty when the folder is absent."""
    folder = pathlib.Path(root) / "golf" / "labeled"
    return [(v, v.with_name(v.stem + "_labeled.csv")) for v in sorted(folder.glob("swing*.mp4"))
            if v.with_name(v.stem + "_labeled.csv").is_file()]


def phase_items(csv_path: pathlib.Path, fps: float) -> list[QAItem]:
    """Questions with truth from a per-frame phase CSV (columns `frame`, `phase`)."""
    with open(csv_path, newline="") as f:
        rows = [(int(r["frame"]), r["phase"]) for r in csv.DictReader(f)]
    firsts = {}
    for k, (frame, phase) in enumerate(rows):
        if k > 0 and phase != rows[k - 1][1] and phase not in firsts:
            firsts[phase] = frame
    tol = max(1, int(round(PHASE_TOL_S * fps)))
    items = [QAItem("sport", "What sport is this?", "Golf.", Expected(
                 "choice", options={"golf": ("golf",), "baseball": ("baseball", "batting")}, accept=("golf",)), []),
             QAItem("repetition", "How many swings are in this clip?", "1 swing.", Expected("count", 1), [])]
    for phase, (event, questions) in BOUNDARIES.items():
        if phase in firsts:
            frame = firsts[phase]
            items.append(QAItem("timing", questions[0], f"{event} at frame {frame}.",
                                Expected("frame", frame, tol=tol, fps=fps), [frame], tol, template=event))
    return items


def evaluate_real(engine, root, max_new_tokens: int = 64, progress=None) -> list[dict]:
    """Rows like `qa.evaluate`, modes "video" (motion + video features) and "motion" (motion only)."""
    rows = []
    for video, labels in labelled_clips(root):
        for mode, use_video in (("video", True), ("motion", False)):
            prepared = engine.prepare(video, use_video=use_video)
            for it in phase_items(labels, prepared.motion.fps):
                ans = engine.ask(prepared, it.question, max_new_tokens=max_new_tokens).result()
                rows.append({"clip": video.name, "category": it.category, "template": it.template, "mode": mode,
                             "question": it.question, "reference": it.answer, "answer": ans.text,
                             "correct": grade(it.expected, ans.text), "grounded": grounded(it, ans.viewpoint_frames),
                             "first_token_s": ans.timings["first_token_s"], "viewpoints": len(ans.viewpoint_frames),
                             "subset": True})
            if progress is not None:
                progress(video.name, mode)
    return rows
