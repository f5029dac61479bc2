"""`python -m llamo_engine.bench engine [--clip VIDEO]`: the LLaMo engine's latency and memory on this machine.

Measures, in one process: Engine.load; prepare of a 10 s clip (a synthetic 30 fps MotionSequence, which the
answers are about; with --clip also a video: estimation + video encoder, then the cached re-run); time to first
token and decode speed of 60-token answers (end tokens ignored so every answer has exactly --tokens tokens);
peak RSS; and the prefill cost with the Cross Talker's K viewpoint frames vs all T frames (the paper's
O((L_T+T)^2) -> O((L_T+K)^2) claim), alternating the two, median of --repeat runs each.
Wall time and process CPU time are both shown: other processes share this CPU, and CPU time is less disturbed.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import statistics
import time

import torch

from llamo_engine.inference.engine import Engine
from llamo_engine.inference.prepare import content_key
from llamo_engine.model.paths import cache_dir
from llamo_engine.data.synth.tiny import tiny_motion

QUESTIONS = ("When is impact?", "What does the lead arm do at the top?", "How long is the backswing?",
             "Which starts the downswing, hips or shoulders?", "What should this player work on first?")


def spread(values: list[float]) -> str:
    """Median (best) of a list of seconds: on a shared CPU the best run is the least disturbed one."""
    return f"{statistics.median(values):.3f} s (best {min(values):.3f})"


def peak_rss_gb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 ** 2     # ru_maxrss is in KiB on Linux


def run(args: argparse.Namespace) -> int:
    rows: list[tuple[str, str, str]] = []
    t0 = time.perf_counter()
    engine = Engine.load(args.checkpoint, backbone=args.backbone)
    rows.append(("Engine.load", f"{time.perf_counter() - t0:.2f} s", engine.state.split(":")[0]))

    motion = tiny_motion(int(10 * 30), fps=30.0)                                   # a 10 s clip at 30 fps
    t0 = time.perf_counter()
    prepared = engine.prepare(motion)
    rows.append(("prepare 10 s motion (300 frames)", f"{time.perf_counter() - t0:.3f} s",
                 f"{'cached' if prepared.timings['from_cache'] else 'first run'}; of which system-prompt prefill "
                 f"({prepared.timings['prefix_tokens']} tokens) {prepared.timings['prefix_s']:.3f} s"))
    if args.clip:
        key = content_key(args.clip, engine.config.video_encoder, True)
        shutil.rmtree(cache_dir("clips") / key, ignore_errors=True)                # measure a true first run
        for label in ("first run", "cached re-run"):
            t0 = time.perf_counter()
            video_clip = engine.prepare(args.clip)
            rows.append((f"prepare video {os.path.basename(args.clip)} ({video_clip.num_frames} frames)",
                         f"{time.perf_counter() - t0:.2f} s",
                         f"{label}; cache hit: {video_clip.timings['from_cache']}"))

    engine.stop_ids = set()                     # exactly --tokens tokens per answer
    engine.ask(prepared, QUESTIONS[0], max_new_tokens=2).result()                 # warm-up, not measured
    answers, cpu = [], []
    for i in range(args.repeat):
        c0 = time.process_time()
        answers.append(engine.ask(prepared, QUESTIONS[i % len(QUESTIONS)], max_new_tokens=args.tokens).result())
        cpu.append(time.process_time() - c0)
    first = [a.timings["first_token_s"] for a in answers]
    total = [a.timings["total_s"] for a in answers]
    rows.append(("time to first token (K viewpoints)", spread(first), "goal <= 0.5 s"))
    rows.append((f"{args.tokens}-token answer", spread(total), f"goal <= 3 s; CPU time {spread(cpu)}"))
    rows.append(("decode speed", f"{statistics.median(a.timings['tokens_per_s'] for a in answers):.1f} tokens/s",
                 f"best {max(a.timings['tokens_per_s'] for a in answers):.1f}"))

    prefill = {"topk": [], "all": []}
    prefill_cpu = {"topk": [], "all": []}
    tokens = {}
    for _ in range(args.repeat):
        for selection in ("topk", "all"):
            c0 = time.process_time()
            a = engine.ask(prepared, QUESTIONS[0], max_new_tokens=1, selection=selection).result()
            prefill_cpu[selection].append(time.process_time() - c0)
            prefill[selection].append(a.timings["first_token_s"])
            tokens[selection] = (a.timings["prompt_tokens"], a.timings["viewpoint_tokens"])
    ratio = statistics.median(prefill["all"]) / statistics.median(prefill["topk"])
    cpu_ratio = statistics.median(prefill_cpu["all"]) / statistics.median(prefill_cpu["topk"])
    rows.append((f"prefill, Cross Talker K={tokens['topk'][1]} ({tokens['topk'][0]} prompt tokens)",
                 spread(prefill["topk"]), f"CPU time {spread(prefill_cpu['topk'])}"))
    rows.append((f"prefill, all T={tokens['all'][1]} frames ({tokens['all'][0]} prompt tokens)", spread(prefill["all"]),
                 f"CPU time {spread(prefill_cpu['all'])}; {ratio:.2f}x the K prefill (CPU time {cpu_ratio:.2f}x)"))
    rows.append(("peak RSS", f"{peak_rss_gb():.2f} GB", "goal <= 2 GB"))

    load = os.getloadavg()
    print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, torch threads {torch.get_num_threads()}, "
          f"load average {load[0]:.1f} (other processes share the CPU); median of {args.repeat} runs")
    print(f"backbone: {engine.config.llm.backbone}; engine: {engine.state.split(':')[0]}")
    print("| measure | value | note |")
    print("|---|---:|---|")
    for name, value, note in rows:
        print(f"| {name} | {value} | {note} |")
    print(f"sample answer ({answers[0].question!r}): {answers[0].text[:200]!r}")
    return 0


def add_parser(sub) -> None:
    p = sub.add_parser("engine", help="LLaMo engine load/prepare/first-token/decode times, RSS, K vs T prefill")
    p.add_argument("--clip", default=None, help="also prepare this video (estimation + video encoder)")
    p.add_argument("--checkpoint", default=None, help="checkpoint folder (default: the shipped model)")
    p.add_argument("--backbone", default=None, help="LLM backbone name or local folder")
    p.add_argument("--tokens", type=int, default=60, help="answer length in tokens (default 60)")
    p.add_argument("--repeat", type=int, default=3, help="runs per measure (median reported)")
    p.set_defaults(func=run)
