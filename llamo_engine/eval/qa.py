"""SwingQA: `python -m llamo_engine.eval qa [--checkpoint DIR] [--clips N] [--modes ...] [--out FILE]`

Held-out synthetic clips (seeds from HELDOUT_SEEDS, never trained on; half of them degraded by the estimator-noise
model) with generated questions, answered through the Engine exactly as the app asks, graded deterministically
(data/qa/grade.py). Prints a markdown table per category and mode; the last line is `overall: NN.N%` for the
LLaMo mode (Cross Talker top-K).

Modes (ablations in the same run, on the same questions):
  topk      the Cross Talker's K language-selected viewpoint frames (LLaMo)
  uniform   K uniformly spaced frames
  all       every motion frame as a viewpoint token
  text      the trained LLM (with its adapter) given the analysis summary and question, no motion tokens
  untuned   plain SmolLM2 (adapter off) with the same text prompt
Video on/off: synthetic clips have no video, so that ablation is not part of this benchmark (see the report).
Grounding: share of answers whose viewpoint frames cover every answer frame within the PCE tolerance.
Numbers here are not comparable with LLaMo's paper (24.8% on its Swing set, 55.3% on MoVid-Bench motion): different
data, questions and grading.
"""

from __future__ import annotations

import argparse
import collections
import pathlib
import sys
import time

import numpy as np
import torch

from llamo_engine.data.dataset import DataSettings, build_records, make_clip
from llamo_engine.data.qa import CATEGORIES, grade, grounded
from llamo_engine.inference.generate import GenerationStats, stream_generate
from llamo_engine.eval.qa_ceiling import agreement_table, prompt_agreement
from llamo_engine.inference.prompt import build_prompt

MODES = ("topk", "uniform", "all", "text", "untuned")
REALDATA = pathlib.Path(__file__).resolve().parents[2].parent / "shared" / "realdata"
MOTION_MODES = ("topk", "uniform", "all")


def ask_text_only(engine, question: str, summary: str, history, adapter: bool, max_new_tokens: int
                  ) -> tuple[str, float]:
    """The LLM alone with the same prompt minus the motion tokens; adapter=False disables LoRA (untuned model)."""
    model = engine.model
    prompt = build_prompt(model.tokenizer, question, summary, history, 0, model.placeholder_id)
    ids = torch.tensor([prompt.input_ids], device=engine.device)
    stats = GenerationStats()

    def run() -> str:
        with torch.inference_mode():
            embeds = model.llm.get_input_embeddings()(ids)                             # (1, S, H)
            return "".join(stream_generate(model.llm, embeds, model.tokenizer, stats, max_new_tokens=max_new_tokens,
                                           stop_ids=engine.stop_ids)).strip()
    if not adapter and model.cfg.llm.lora is not None:
        with model.llm.disable_adapter():
            text = run()
    else:
        text = run()
    return text, stats.first_token_s


def evaluate(engine, records, settings: DataSettings, modes, max_new_tokens: int = 64, ablation_items: int | None = None,
             progress=None) -> list[dict]:
    """One result row per (item, mode): category, correct, grounded (motion modes), first-token time. The first mode
    runs on every item, the others (ablations) on the first `ablation_items` items (all when None); rows of that
    subset carry "subset": True for every mode."""
    rows = []
    total = sum(len(r.items) for r in records)
    done = 0
    for rec in records:
        motion, _ = make_clip(rec.seed, settings)
        prepared = engine.prepare(motion, use_video=False)
        if prepared.summary != rec.summary:
            raise RuntimeError("the engine's prompt summary differs from the dataset's; rebuild the dataset cache")
        for it in rec.items:
            subset = ablation_items is None or done < ablation_items
            for mode in (modes if subset else modes[:1]):
                if mode in MOTION_MODES:
                    ans = engine.ask(prepared, it.question, it.history, max_new_tokens=max_new_tokens,
                                     selection=mode).result()
                    text, first, vp = ans.text, ans.timings["first_token_s"], ans.viewpoint_frames
                    ground = grounded(it, vp)
                else:
                    text, first = ask_text_only(engine, it.question, rec.summary, it.history, mode == "text",
                                                max_new_tokens)
                    vp, ground = [], None
                rows.append({"seed": rec.seed, "category": it.category, "template": it.template, "mode": mode,
                             "question": it.question, "reference": it.answer, "answer": text,
                             "correct": grade(it.expected, text), "grounded": ground, "first_token_s": first,
                             "viewpoints": len(vp), "subset": subset})
            done += 1
            if progress is not None:
                progress(done, total)
    return rows


def pct(values) -> str:
    values = [v for v in values if v is not None]
    return f"{100.0 * np.mean(values):.1f}%" if values else "-"


def table(rows: list[dict], modes) -> str:
    """Markdown table: per category and mode accuracy, overall, grounding, prefill time, motion tokens."""
    by = collections.defaultdict(list)
    for r in rows:
        by[(r["mode"], r["category"])].append(r)
    cats = [c for c in CATEGORIES if any((m, c) in by for m in modes)]
    head = "| category | n | " + " | ".join(modes) + " |"
    lines = [head, "|" + "---|" * (len(modes) + 2)]
    for c in cats:
        n = len(by[(modes[0], c)])
        lines.append(f"| {c} | {n} | " + " | ".join(pct(r["correct"] for r in by[(m, c)]) for m in modes) + " |")
    per_mode = {m: [r for r in rows if r["mode"] == m] for m in modes}
    lines.append("| **overall** | " + str(len(per_mode[modes[0]])) + " | " +
                 " | ".join(pct(r["correct"] for r in per_mode[m]) for m in modes) + " |")
    lines.append("| grounding | | " + " | ".join(pct(r["grounded"] for r in per_mode[m]) for m in modes) + " |")
    lines.append("| first token (prefill) s, mean | | " + " | ".join(
        f"{np.mean([r['first_token_s'] for r in per_mode[m]]):.3f}" for m in modes) + " |")
    lines.append("| motion tokens, mean | | " + " | ".join(
        f"{np.mean([r['viewpoints'] for r in per_mode[m]]):.1f}" for m in modes) + " |")
    return "\n".join(lines)


def report(rows: list[dict], modes, title: str) -> str:
    """The full markdown report; its last line is `overall: NN.N%` for the first mode on every question."""
    main_rows = [r for r in rows if r["mode"] == modes[0]]
    parts = [f"# SwingQA ({title})", "", f"## {modes[0]} on every question", "", table(main_rows, modes[:1])]
    subset = [r for r in rows if r["subset"]]
    if len(modes) > 1:
        n = len([r for r in subset if r["mode"] == modes[0]])
        parts += ["", f"## Ablations, all modes on the same {n} questions", "", table(subset, modes)]
    parts += ["", "Not comparable with the LLaMo paper's Swing (24.8%) or MoVid-Bench motion (55.3%) numbers: "
              "different data, questions and grading.",
              f"overall: {100.0 * np.mean([r['correct'] for r in main_rows]):.1f}%"]
    return "\n".join(parts)


def main(argv: list[str] | None = None) -> int:
    from llamo_engine.data.synth.params import HELDOUT_SEEDS
    from llamo_engine.inference.engine import Engine

    p = argparse.ArgumentParser(prog="python -m llamo_engine.eval qa", description=__doc__.split("\n")[0])
    p.add_argument("--checkpoint", help="checkpoint folder (default: the shipped default, as Engine.load())")
    p.add_argument("--clips", type=int, default=40, help="held-out clips (default 40)")
    p.add_argument("--per-category", type=int, default=1, help="questions per category per clip")
    p.add_argument("--modes", nargs="+", default=list(MODES), choices=MODES)
    p.add_argument("--ablation-items", type=int, default=None,
                   help="run the modes after the first on only this many questions (default: all)")
    p.add_argument("--max-new-tokens", type=int, default=64)
    p.add_argument("--threads", type=int, default=0)
    p.add_argument("--out", help="also write the table (and a JSONL of every answer next to it)")
    p.add_argument("--real", nargs="?", const=str(REALDATA), default=None,
                   help=f"also ask the real-clip questions (default folder {REALDATA}; skipped when absent)")
    args = p.parse_args(argv)
    if args.threads:
        torch.set_num_threads(args.threads)
    engine = Engine.load(args.checkpoint)
    settings = DataSettings(input_kind=engine.config.motion_encoder.input_kind,
                            max_frames=engine.config.motion_encoder.max_frames, per_category=args.per_category)
    records = build_records(HELDOUT_SEEDS[:args.clips], settings)
    t0 = time.perf_counter()
    modes = tuple(args.modes)
    title = f"checkpoint {engine.checkpoint}{'' if engine.is_trained else ' UNTRAINED'}"
    if records:
        rows = evaluate(engine, records, settings, modes, args.max_new_tokens, args.ablation_items,
                        progress=lambda d, n: print(f"\r{d}/{n} questions", end="", file=sys.stderr, flush=True))
        print(file=sys.stderr)
        text = report(rows, modes, f"{len(records)} held-out clips, {title}, {time.perf_counter() - t0:.0f} s")
        head, last = text.rsplit("\n", 1)
        text = "\n".join([head, "", "## The prompt's measurements against the truth (the ceiling for answers read "
                           "from them)", "", agreement_table(prompt_agreement(records, settings)), "", last])
    else:   # --clips 0: real clips only
        rows, text = [], f"# SwingQA ({title})\noverall: n/a (no synthetic clips)"
    if args.real is not None:
        from llamo_engine.eval.qa_real import evaluate_real, labelled_clips
        if labelled_clips(args.real):
            real = evaluate_real(engine, args.real, args.max_new_tokens,
                                 progress=lambda clip, mode: print(f"real: {clip} ({mode})", file=sys.stderr))
            rows += real
            head, last = text.rsplit("\n", 1)
            if not records:
                last = f"overall: {100.0 * np.mean([r['correct'] for r in real if r['mode'] == 'video']):.1f}%"
            text = "\n".join([head, "", "## Real clips (realdata/golf/labeled; phase truth within 0.15 s)", "",
                               table(real, ("video", "motion")), "", last])
        else:
            print(f"real-clip QA skipped: no labelled clips under {args.real}", file=sys.stderr)
    print(text)
    if args.out:
        import json
        out = pathlib.Path(args.out)
        out.write_text(text + "\n")
        with open(out.with_suffix(".jsonl"), "w") as f:
            for r in rows:
                f.write(json.dumps(r) + "\n")
    return 0
