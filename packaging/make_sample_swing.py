"""Render the bundled sample swing `assets/samples/sample_golf_swing.mp4` with the project's own generator.

A synthetic right-handed golf swing (generator seed below), drawn as a shaded humanoid figure face-on by
`llamo_engine.data.synth.render_video`, so a newcomer's first start shows every panel on a real video path
(MediaPipe detects the rendered figure). Deterministic: rerunning writes the same motion.

    .venv/bin/python packaging/make_sample_swing.py [--out assets/samples/sample_golf_swing.mp4]
"""

import argparse
import pathlib
import sys

from llamo_engine.data.synth import generate_swing, render_video, sample_params

ROOT = pathlib.Path(__file__).resolve().parents[1]
SEED = 2  # a tour-tempo driver swing with one fault (sway), so the fault panel has something to show


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=pathlib.Path, default=ROOT / "assets" / "samples" / "sample_golf_swing.mp4")
    args = parser.parse_args()
    swing = generate_swing(sample_params(SEED, sport="golf"), lead_in_s=0.5)
    motion = swing.motion.resample(30.0)
    render_video(motion, args.out, width=480, height=720)
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB, {motion.num_frames} frames at 30 fps); "
          f"truth: {swing.truth['faults']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
