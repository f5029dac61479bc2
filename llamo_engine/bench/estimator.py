"""`python -m llamo_engine.bench estimator CLIP`: the bare PoseLandmarker loop vs the full pipeline.

Bare loop: sequential OpenCV decode + BGR->RGB + PoseLandmarker.detect_for_video, nothing else.
Full pipeline: `estimate_motion` (our VideoReader, the landmarker, gap filling, One-Euro smoothing, SMPL
mapping, canonical frame). Both run in the same process on the same clip, `--repeat` times each, alternating;
the table reports the best run of each and the ratio (goal: pipeline within 1.15x of the bare loop).
"""

from __future__ import annotations

import argparse
import pathlib
import platform
import time

import cv2

from llamo_engine.motion.estimator import PoseEstimator, estimate_motion


def bare_loop(path: pathlib.Path) -> tuple[int, float]:
    """Frames processed and seconds taken by the minimal decode + detect loop."""
    t0 = time.perf_counter()
    cap = cv2.VideoCapture(str(path))
    fps = cap.get(cv2.CAP_PROP_FPS) or 30.0
    n = 0
    with PoseEstimator() as estimator:
        while True:
            ok, bgr = cap.read()
            if not ok:
                break
            estimator.detect(cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB), n / fps)
            n += 1
    cap.release()
    return n, time.perf_counter() - t0


def pipeline(path: pathlib.Path) -> tuple[int, float]:
    t0 = time.perf_counter()
    motion = estimate_motion(path)
    return motion.num_frames, time.perf_counter() - t0


def run(args: argparse.Namespace) -> int:
    path = pathlib.Path(args.clip)
    best = {}
    for _ in range(args.repeat):
        for name, fn in (("bare PoseLandmarker loop", bare_loop), ("full pipeline (estimate_motion)", pipeline)):
            frames, seconds = fn(path)
            if name not in best or seconds < best[name][1]:
                best[name] = (frames, seconds)
    base_fps = best["bare PoseLandmarker loop"][0] / best["bare PoseLandmarker loop"][1]
    print(f"clip: {path.name}; machine: {platform.machine()}, {platform.processor() or 'cpu'}; "
          f"best of {args.repeat}")
    print("| run | frames | seconds | frames/s | ms/frame | time vs bare |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, (frames, seconds) in best.items():
        fps = frames / seconds
        print(f"| {name} | {frames} | {seconds:.2f} | {fps:.1f} | {1000 / fps:.1f} | {base_fps / fps:.3f}x |")
    ratio = base_fps / (best["full pipeline (estimate_motion)"][0] / best["full pipeline (estimate_motion)"][1])
    print(f"pipeline / bare: {ratio:.3f}x (goal <= 1.15x)")
    return 0


def add_parser(sub) -> None:
    p = sub.add_parser("estimator", help="frames/s of the bare PoseLandmarker loop vs the full pipeline")
    p.add_argument("clip", help="a video file")
    p.add_argument("--repeat", type=int, default=2, help="runs of each (best is reported)")
    p.set_defaults(func=run)
