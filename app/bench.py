"""`python -m app.bench`: playback rate and dropped frames with overlay + 3D sync, and GUI event-loop latency
during analysis and during generation. Prints a table (run under a display, e.g. `xvfb-run -a`).
`python -m app.bench soak [--clips N --questions N --reports N --switches N]`: a long session (app/bench_soak.py).

Goals (issue 6): playback at the clip's fps with <= 5% dropped frames; event-loop latency p95 < 50 ms.
"""

from __future__ import annotations

import argparse
import os
import pathlib
import platform
import sys
import tempfile
import time

from app.qt_wait import wait, wait_until

ROOT = pathlib.Path(__file__).resolve().parents[1]
DEFAULT_CLIP = ROOT / "assets" / "samples" / "sports2d_demo.mp4"


def _playback(window, seconds: float, overlay: bool, with_3d: bool) -> dict:
    c = window.controller
    c.session.set_overlay(overlay)
    window.view3d.setVisible(with_3d)
    wait(200)
    c.clock.pause()
    c.clock.seek(0)
    c.clock.set_loop((0, c.clock.num_frames - 1))     # loop so a short clip plays for the whole measurement
    c.clock.reset_stats()
    painted0 = window.player.canvas.painted
    t0 = time.perf_counter()
    c.clock.play(t0)
    wait(int(seconds * 1000))
    c.clock.pause()
    wall = time.perf_counter() - t0
    shown, skipped = c.clock.shown, c.clock.skipped
    c.clock.set_loop(None)
    window.view3d.setVisible(True)
    return {"fps": shown / wall, "target": c.clock.fps, "dropped": skipped / max(1, shown + skipped),
            "painted": (window.player.canvas.painted - painted0) / wall}


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] == ["soak"]:
        from app.bench_soak import main as soak   # the long-session soak run (issue 16)
        return soak(argv[1:])
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("clip", nargs="?", default=str(DEFAULT_CLIP), help="video clip (default: the bundled sample)")
    parser.add_argument("--seconds", type=float, default=6.0, help="playback measurement length")
    parser.add_argument("--no-model", action="store_true", help="skip model loading and generation")
    parser.add_argument("--question", default="When is the fastest moment of the movement?")
    args = parser.parse_args(argv)
    if not os.environ.get("DISPLAY") and os.environ.get("QT_QPA_PLATFORM") != "offscreen":
        print("needs a display for the 3D view: run under `xvfb-run -a python -m app.bench`", file=sys.stderr)
        return 2

    os.environ["LLAMO_DATA_DIR"] = tempfile.mkdtemp(prefix="llamo-bench-")   # a fresh library: real estimation
    from app import open_window
    from app.latency import LatencyProbe

    app, controller, window = open_window()
    wait(300)
    probe = LatencyProbe(20)
    rows = []

    # 1. event-loop latency while the clip is decoded, its motion estimated and analysed
    probe.start()
    t0 = time.perf_counter()
    controller.add_paths([args.clip])
    ok = wait_until(lambda: controller._job is None and not controller._queue
                     and controller.session.video is not None, 900)
    analysis_s = time.perf_counter() - t0
    probe.stop()
    state = controller.session.analysis_state
    rows.append(("latency during analysis", probe.summary(), f"{analysis_s:.1f} s decode+estimate+analyse, "
                 f"analysis {state[0]}" + ("" if ok else " (timed out)")))
    if controller.session.motion is None:
        print(f"no motion for {args.clip}: {state[1]}", file=sys.stderr)
        return 1

    # 2. playback: baseline (video only), then with skeleton overlay + 3D view + timeline in sync
    base = _playback(window, args.seconds, overlay=False, with_3d=False)
    full = _playback(window, args.seconds, overlay=True, with_3d=True)

    # 3. event-loop latency while the model loads and while it generates
    gen = None
    if not args.no_model:
        probe.start()
        t0 = time.perf_counter()
        controller.load_model()
        wait_until(lambda: controller.chat.model_state[0] != "loading", 600)
        load_s = time.perf_counter() - t0
        probe.stop()
        rows.append(("latency during model load", probe.summary(), f"{load_s:.1f} s, model "
                     f"{controller.chat.model_state[0]}"))
        if controller.chat.can_ask:
            probe.start()
            t0 = time.perf_counter()
            controller.ask(args.question)
            wait_until(lambda: not controller.chat.streaming, 900)
            gen = time.perf_counter() - t0
            probe.stop()
            last = controller.chat.history[-1]
            rows.append(("latency during generation", probe.summary(),
                         f"{gen:.1f} s prepare+answer, {len(last.text.split())} words, "
                         f"{len(last.viewpoint_frames)} viewpoint frames"))

    print(f"\nLLaMo Coach app bench: {pathlib.Path(args.clip).name}, {controller.clock.num_frames} frames at "
          f"{controller.clock.fps:g} fps; {platform.machine()}, {os.cpu_count()} CPUs, "
          f"Qt platform {app.platformName()}\n")
    print(f"| playback ({args.seconds:g} s, 1x) | frames/s | clip fps | ratio | dropped | paints/s |")
    print("|---|---|---|---|---|---|")
    for name, r in (("video only (baseline)", base), ("video + overlay + 3D + timeline", full)):
        print(f"| {name} | {r['fps']:.1f} | {r['target']:g} | {r['fps'] / r['target']:.2f} | "
              f"{100 * r['dropped']:.1f}% | {r['painted']:.1f} |")
    print(f"\nfull/baseline frame rate: {full['fps'] / max(base['fps'], 1e-9):.2f}\n")
    print("| event-loop latency (20 ms probe) | samples | p50 ms | p95 ms | max ms | note |")
    print("|---|---|---|---|---|---|")
    for name, s, note in rows:
        print(f"| {name} | {s['n']} | {s['p50']:.1f} | {s['p95']:.1f} | {s['max']:.1f} | {note} |")
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
