"""`python -m app.bench soak`: a long session in the real window (run under a display: `xvfb-run -a`).

Adds clips made by the project's synthetic generator (rendered videos that go through MediaPipe, or motion files),
analyses them, asks questions with the shipped engine, exports reports and switches clips, with an event-loop
latency probe running the whole time. Prints per-phase latency, RSS at start and end, what went wrong (worker
errors, exceptions reaching the event loop) and whether the library on disk holds every question and answer.

Goals (issue 16): event-loop p95 <= 50 ms, bounded memory, no crash, nothing lost. Sizes are options, so a short
run fits a small machine: `python -m app.bench soak --clips 4 --questions 10 --reports 2 --switches 40`.
"""

from __future__ import annotations

import argparse
import os
import pathlib
import random
import resource
import sys
import tempfile
import time

from app.qt_wait import wait as _wait, wait_until as _wait_until


def rss_mb() -> float:
    """Resident memory now (Linux /proc), else the peak so far."""
    statm = pathlib.Path("/proc/self/statm")
    if statm.exists():
        return int(statm.read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (2**20 if sys.platform == "darwin" else 2**10)


def make_clips(folder: pathlib.Path, n: int, kind: str) -> list[pathlib.Path]:
    """n short synthetic swings (golf and baseball), as rendered videos or as motion files."""
    from llamo_engine.data.synth import generate_swing, render_video, sample_params
    paths = []
    for i in range(n):
        sport = "baseball" if i % 3 == 2 else "golf"
        motion = generate_swing(sample_params(100 + i, sport=sport), lead_in_s=0.2).motion.resample(30.0)
        path = folder / f"soak_{sport}_{i:02d}.{'mp4' if kind == 'video' else 'npz'}"
        if kind == "video":
            render_video(motion, path, width=240, height=360)
        else:
            motion.save(path)
        paths.append(path)
    return paths


class Watch:
    """The probe, per-phase latency, error messages shown to the coach and exceptions reaching the event loop."""

    def __init__(self, controller) -> None:
        from app.latency import LatencyProbe
        self.probe = LatencyProbe(20)
        self.phases: list[tuple[str, dict, str]] = []
        self.errors: list[str] = []
        self.crashes: list[str] = []
        controller.session.events.message.connect(
            lambda level, text: self.errors.append(text) if level == "error" else None)
        hook = sys.excepthook

        def excepthook(kind, value, tb):
            self.crashes.append(f"{kind.__name__}: {value}")
            hook(kind, value, tb)
        sys.excepthook = excepthook
        self._all: list[float] = []

    def start(self) -> float:
        self.probe.start()
        return time.perf_counter()

    def stop(self, name: str, t0: float, note: str) -> None:
        self.probe.stop()
        self._all += self.probe.samples
        self.phases.append((name, self.probe.summary(), f"{time.perf_counter() - t0:.0f} s; {note}"))

    def overall(self) -> dict:
        self.probe.samples = self._all
        return self.probe.summary()


def _settled(controller) -> bool:
    return controller._job is None and not controller._queue and controller.flow.question is None


def _ask(controller, question: str, timeout_s: float) -> str:
    outcome = []
    slot = outcome.append
    controller.answer_settled.connect(slot)
    try:
        if not controller.ask(question):
            return "refused"
        _wait_until(lambda: bool(outcome), timeout_s)
    finally:
        controller.answer_settled.disconnect(slot)
    return outcome[0] if outcome else "timed out"


def soak(args) -> int:
    from app import open_window
    from app.report_export import output_paths
    from app.store import Store

    root = pathlib.Path(tempfile.mkdtemp(prefix="llamo-soak-"))
    os.environ["LLAMO_DATA_DIR"] = str(root / "library")
    clips_dir, reports_dir = root / "clips", root / "reports"
    clips_dir.mkdir()
    t = time.perf_counter()
    paths = make_clips(clips_dir, args.clips, args.kind)
    print(f"made {len(paths)} {args.kind} clips in {time.perf_counter() - t:.0f} s under {root}", flush=True)

    app, controller, window = open_window()
    _wait(500)
    watch = Watch(controller)
    rng = random.Random(0)
    rss_start = rss_mb()

    # 1. the model loads while every clip is added and analysed
    t0 = watch.start()
    if args.no_model:
        controller.chat.set_model_state("unavailable", "Model loading is turned off (--no-model).")
    else:
        controller.load_model()
    controller.add_paths([clips_dir])
    _wait_until(lambda: _settled(controller) and controller.chat.model_state[0] != "loading", args.timeout)
    statuses = [c.status for c in controller.library.clips]
    watch.stop("add + analyse + model load", t0, f"{statuses.count('ready')} of {len(statuses)} clips ready, "
               f"model {controller.chat.model_state[0]}")
    ready = [c.id for c in controller.library.clips if c.status == "ready"]
    print(f"analysed: {statuses.count('ready')} ready, RSS {rss_mb():.0f} MB", flush=True)

    # 2. questions, a few per clip, switching clips in between (a question may wait for the clip's motion)
    outcomes: dict[str, int] = {}
    t0 = watch.start()
    if controller.chat.can_ask and ready:
        per_clip = max(1, args.questions // max(1, min(len(ready), args.questions)))
        for i in range(args.questions):
            if i % per_clip == 0:
                controller.open_clip(ready[(i // per_clip) % len(ready)])
            question = controller.chat.suggestions[i % len(controller.chat.suggestions)]
            outcome = _ask(controller, question, args.timeout)
            outcomes[outcome] = outcomes.get(outcome, 0) + 1
            if (i + 1) % 20 == 0:
                print(f"  {i + 1} questions, RSS {rss_mb():.0f} MB", flush=True)
    watch.stop("questions", t0, ", ".join(f"{n} {k}" for k, n in sorted(outcomes.items())) or "no model")

    # 3. reports (PDF, HTML, data) of clips with their analysis and chat
    written = 0
    t0 = watch.start()
    for i in range(min(args.reports, len(ready))):
        controller.open_clip(ready[i])
        _wait_until(lambda: controller.session.analysis is not None or _settled(controller), args.timeout)
        content = controller.report_content()
        if content is None:
            continue
        done = []
        paths_out = output_paths(reports_dir / f"report_{i:02d}", ("pdf", "html", "csv"))
        controller.export_report(content, paths_out, connect=lambda w: w.finished.connect(lambda: done.append(1)))
        _wait_until(lambda: bool(done), args.timeout)
        written += int(all(p.exists() for p in paths_out.values()))
    watch.stop("report export", t0, f"{written} of {min(args.reports, len(ready))} reports written")

    # 4. the coach clicks through the library
    t0 = watch.start()
    for _ in range(args.switches):
        window.library_view.list.setCurrentRow(rng.randrange(window.library_view.list.count()))
        _wait(rng.randint(10, 60))
    _wait_until(lambda: _settled(controller), args.timeout)
    watch.stop("clip switches", t0, f"{args.switches} switches")
    rss_end = rss_mb()

    # 5. the library on disk holds every question and answer
    window.close()
    _wait(200)
    asked = sum(outcomes.values()) - outcomes.get("refused", 0)
    store = Store(os.environ["LLAMO_DATA_DIR"])
    records = [r for c in store.clips() for r in store.chat(c.id)]
    questions_kept = sum(r.role == "user" for r in records)
    answers_kept = sum(r.role == "assistant" and not r.text.endswith("[stopped]") for r in records)
    store.close()

    overall = watch.overall()
    print(f"\nLLaMo Coach soak: {args.clips} {args.kind} clips, {args.questions} questions, {args.reports} reports, "
          f"{args.switches} switches; {os.cpu_count()} CPUs, Qt platform {app.platformName()}\n")
    print("| phase | samples | p50 ms | p95 ms | max ms | note |")
    print("|---|---|---|---|---|---|")
    for name, s, note in watch.phases + [("whole run", overall, "")]:
        print(f"| {name} | {s['n']} | {s['p50']:.1f} | {s['p95']:.1f} | {s['max']:.1f} | {note} |")
    print(f"\nRSS: {rss_start:.0f} MB at start, {rss_end:.0f} MB at end ({rss_end - rss_start:+.0f} MB)")
    print(f"crashes (exceptions reaching the event loop): {len(watch.crashes)}"
          + "".join(f"\n  {c}" for c in watch.crashes[:5]))
    print(f"errors shown to the coach: {len(watch.errors)}" + "".join(f"\n  {e}" for e in watch.errors[:5]))
    print(f"library: {questions_kept} of {asked} questions and {answers_kept} of {outcomes.get('done', 0)} "
          f"answers kept")
    worst = max(watch.phases, key=lambda phase: phase[1]["p95"])
    ok = (not watch.crashes and questions_kept == asked and answers_kept == outcomes.get("done", 0)
          and worst[1]["p95"] <= 50.0)
    print(f"event-loop p95: whole run {overall['p95']:.1f} ms, worst phase {worst[1]['p95']:.1f} ms ({worst[0]}); "
          f"goal <= 50 ms in every phase; {'PASS' if ok else 'FAIL'}")
    return 0 if ok else 1


def main(argv) -> int:
    parser = argparse.ArgumentParser(prog="python -m app.bench soak", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clips", type=int, default=30)
    parser.add_argument("--questions", type=int, default=200)
    parser.add_argument("--reports", type=int, default=10)
    parser.add_argument("--switches", type=int, default=500)
    parser.add_argument("--kind", choices=("video", "motion"), default="video",
                        help="rendered videos (MediaPipe estimates their motion) or motion files (.npz)")
    parser.add_argument("--no-model", action="store_true", help="skip the engine (no questions)")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds any one step may take")
    args = parser.parse_args(argv)
    if not os.environ.get("DISPLAY") and os.environ.get("QT_QPA_PLATFORM") != "offscreen":
        print("needs a display for the 3D view: run under `xvfb-run -a python -m app.bench soak`", file=sys.stderr)
        return 2
    for name in ("clips", "questions", "reports", "switches"):
        if getattr(args, name) < 0:
            parser.error(f"--{name} must be 0 or more")
    if args.clips == 0:
        parser.error("--clips must be at least 1")
    return soak(args)
