"""`python -m llamo_engine.eval noise`: does the synthetic estimator noise look like MediaPipe's?

1. Real clips (../shared/realdata/golf, all seen down the line; skipped when absent) against the noise model
   applied to held-out synthetic swings seen from the same yaws, side by side, per axis of the camera frame
   (horiz = image horizontal, vert = image vertical, depth = along the camera axis), in millimetres:
   - jitter: RMS frame-to-frame step of the raw joints at address (the first 0.5 s, the athlete still);
   - sd, drift: spread of the raw joints about their address mean, per frame and after a 5-frame mean
     (white noise drops by ~2.2x under the mean, a slow wander does not);
   - residual: robust spread (1.4826 MAD) of raw minus a 0.3 s moving average over the whole clip on joints
     slower than 0.3 m/s, and `moving residual` the same on joints moving faster than 1 m/s (raw minus a
     0.2 s moving average: the
     swing's own curvature leaks into both columns alike, the noise on a moving joint makes the difference);
   - smoothed jitter: the same step on the One-Euro smoothed joints the analysis reads;
   - dropped frames (%), left/right swaps (per 100 frames: a left/right pair trades places between frames).
2. Rendered synthetic clips (face-on, truth known): the estimator's error against the truth per axis, its
   depth scale (slope of estimated on true depth about the pelvis) and the depth error near / far from the
   pelvis' camera plane, next to the noise model applied to the same swings.
Statistics use the 14 joints MediaPipe measures directly (not the spine, neck, head or collars it derives).
"""

from __future__ import annotations

import argparse
import dataclasses
import pathlib
import tempfile
import time

import numpy as np

from llamo_engine.analysis.signals import smooth
from llamo_engine.data.synth import HELDOUT_SEEDS, add_estimator_noise, generate_swing, render_video, sample_params
from llamo_engine.eval import analysis_real
from llamo_engine.motion import blazepose
from llamo_engine.motion.skeleton import MotionSequence, joint_index

AXES = ("horiz", "vert", "depth")
DIRECT = [joint_index(n) for n in blazepose.DIRECT]
PAIRS = [(joint_index(f"left_{n}"), joint_index(f"right_{n}"))
         for n in ("shoulder", "elbow", "wrist", "hip", "knee", "ankle")]
ADDRESS_S = 0.5
RESIDUAL_WINDOW_S = 0.3
SWAP_MIN_STEP_M = 0.08       # a swap must move the pair at least this far (frame-to-frame, both joints summed)
SEED_OFFSET = 30_000         # held-out swings other than the analysis evaluation's
STILL_SPEED_M_S, MOVING_SPEED_M_S = 0.3, 1.0
STILL_STATS = ("jitter", "sd", "drift", "residual", "moving residual", "smoothed jitter")


def camera_frame(joints: np.ndarray, camera_yaw_deg: float) -> np.ndarray:
    """(T, J, 3) canonical -> camera frame (x image right, y up, z toward the camera), as the estimator has it."""
    return joints @ blazepose.rotation_y(np.radians(camera_yaw_deg))


def raw_joints(motion: MotionSequence) -> np.ndarray:
    """(T, 22, 3) unsmoothed joints (NaN where absent); the joints themselves for a motion without a raw copy."""
    return motion.joints_raw if motion.joints_raw is not None else motion.joints


def still_stats(motion: MotionSequence) -> dict[str, np.ndarray]:
    """Per-axis noise statistics (3,) in mm of one clip whose first ADDRESS_S seconds are still."""
    yaw = motion.camera_yaw_deg or 0.0
    raw = camera_frame(raw_joints(motion).astype(np.float64), yaw)[:, DIRECT]      # (T, J, 3)
    smoothed = camera_frame(motion.joints.astype(np.float64), yaw)[:, DIRECT]
    n = max(int(round(ADDRESS_S * motion.fps)), 6)
    still = raw[:n]
    dev = still - np.nanmean(still, axis=0)
    mean5 = np.stack([np.nanmean(dev[k:k + 5], axis=0) for k in range(n - 4)])
    flat = raw.reshape(len(raw), -1)
    filled = np.where(np.isfinite(flat), flat, np.nanmean(flat, axis=0))
    speed = np.linalg.norm(np.gradient(smoothed, axis=0), axis=-1) * motion.fps          # (T, J)
    resid = (flat - smooth(filled, motion.fps, RESIDUAL_WINDOW_S)).reshape(raw.shape)[speed < STILL_SPEED_M_S]
    short = (flat - smooth(filled, motion.fps, 0.2)).reshape(raw.shape)[speed > MOVING_SPEED_M_S]  # (N, 3)
    moving = 1.4826 * np.nanmedian(np.abs(short), axis=0) if len(short) else np.full(3, np.nan)

    def rms(x):
        return 1000.0 * np.sqrt(np.nanmean(x ** 2, axis=(0, 1)))

    return {"jitter": rms(np.diff(still, axis=0)), "sd": rms(dev), "drift": rms(mean5),
            "residual": 1000.0 * 1.4826 * np.nanmedian(np.abs(resid), axis=0), "moving residual": 1000.0 * moving,
            "smoothed jitter": rms(np.diff(smoothed[:n], axis=0))}


def swap_frames(motion: MotionSequence) -> int:
    """Frames where some left/right pair of raw joints trades places (both joints jump onto the other's spot)."""
    raw = raw_joints(motion).astype(np.float64)
    count = 0
    for t in range(1, len(raw)):
        for a, b in PAIRS:
            la, lb, ra, rb = raw[t - 1, a], raw[t - 1, b], raw[t, a], raw[t, b]
            same = np.linalg.norm(ra - la) + np.linalg.norm(rb - lb)
            cross = np.linalg.norm(ra - lb) + np.linalg.norm(rb - la)
            if np.isfinite(same) and same > SWAP_MIN_STEP_M and cross < 0.5 * same:
                count += 1
                break
    return count


def summarize(motions: list[MotionSequence]) -> dict[str, np.ndarray | float]:
    """Mean of the per-clip statistics, the dropped-frame percentage and swaps per 100 frames."""
    per_clip = [still_stats(m) for m in motions]
    out: dict[str, np.ndarray | float] = {k: np.mean([s[k] for s in per_clip], axis=0) for k in STILL_STATS}
    frames = sum(m.num_frames for m in motions)
    out["dropped %"] = 100.0 * sum(int((~m.present).sum()) for m in motions) / frames
    out["swaps /100 fr"] = 100.0 * sum(swap_frames(m) for m in motions) / frames
    out["frames"] = frames
    return out


def synthetic_swings(n: int, yaws: list[float], fps: list[float]) -> list[MotionSequence]:
    """n held-out golf swings with the noise model, seen from yaws[i % len] at fps[i % len]."""
    out = []
    for i in range(n):
        seed = HELDOUT_SEEDS.start + SEED_OFFSET + i
        params = dataclasses.replace(sample_params(seed, "golf"), fps=fps[i % len(fps)])
        out.append(add_estimator_noise(generate_swing(params).motion, seed, camera_yaw_deg=yaws[i % len(yaws)]))
    return out


def truth_error(est: MotionSequence, truth: MotionSequence) -> dict[str, np.ndarray | float]:
    """Raw estimate vs truth (same canonical frame, face-on camera): per-axis RMS error (mm) after removing the
    clip's mean offset, depth scale about the pelvis, depth error (mm) near / far from the pelvis' camera plane."""
    yaw = est.camera_yaw_deg or 0.0
    e = camera_frame(raw_joints(est).astype(np.float64), yaw)
    g = camera_frame(truth.joints.astype(np.float64), yaw)
    err = (e - g)[:, DIRECT]
    err = err - np.nanmean(err, axis=(0, 1))
    rel_e = (e - e[:, :1])[:, DIRECT, 2].ravel()
    rel_g = (g - g[:, :1])[:, DIRECT, 2].ravel()
    ok = np.isfinite(rel_e)
    slope = float(np.polyfit(rel_g[ok], rel_e[ok], 1)[0])
    far = np.abs(rel_g)
    dz = np.abs(rel_e - slope * rel_g)
    return {"rms": 1000.0 * np.sqrt(np.nanmean(err ** 2, axis=(0, 1))), "depth scale": slope,
            "depth err near": 1000.0 * np.nanmedian(dz[far < 0.1]),
            "depth err far": 1000.0 * np.nanmedian(dz[far > 0.25])}


def rendered(n: int) -> tuple[dict, dict]:
    """Estimator vs noise model on n rendered face-on held-out swings: the mean truth_error of each."""
    from llamo_engine.motion.estimator import estimate_motion
    est_rows, model_rows = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(n):
            seed = HELDOUT_SEEDS.start + SEED_OFFSET + 500 + i
            truth = generate_swing(sample_params(seed, "golf")).motion
            video = render_video(truth, pathlib.Path(tmp) / f"swing{i}.mp4")
            est = estimate_motion(video)
            est_rows.append(truth_error(est, truth))
            model_rows.append(truth_error(add_estimator_noise(truth, seed, camera_yaw_deg=0.0), truth))

    def mean(rows):
        return {k: np.mean([r[k] for r in rows], axis=0) for k in rows[0]}
    return mean(est_rows), mean(model_rows)


def _ratio(a: float, b: float) -> str:
    return f"{b / a:7.2f}" if a > 1e-9 else "      -"


def print_side_by_side(title: str, left: str, right: str, a: dict, b: dict) -> None:
    print(f"\n== {title} ==")
    print(f"{'statistic':<18}{'axis':<7}{left:>10}{right:>10}{'ratio':>8}")
    for k, v in a.items():
        if k == "frames":
            continue
        if np.ndim(v):
            for i, axis in enumerate(AXES):
                print(f"{k:<18}{axis:<7}{v[i]:>10.2f}{b[k][i]:>10.2f}{_ratio(v[i], b[k][i])}")
        else:
            print(f"{k:<18}{'':<7}{v:>10.2f}{b[k]:>10.2f}{_ratio(v, b[k])}")


def real_motions(root: pathlib.Path) -> list[MotionSequence] | None:
    clips = sorted((root / "golf").glob("*/*.mp4")) if (root / "golf").is_dir() else []
    return [analysis_real.cached_motion(c) for c in clips] or None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m llamo_engine.eval noise", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--synthetic", type=int, default=24, help="synthetic swings with the noise model")
    ap.add_argument("--rendered", type=int, default=3, help="rendered face-on clips run through the estimator")
    ap.add_argument("--realdata", default=None, help="folder of the real data (default ../shared/realdata)")
    args = ap.parse_args(argv)
    t0 = time.time()
    root = analysis_real.default_realdata() if args.realdata is None else pathlib.Path(args.realdata)
    real = real_motions(root)
    if real is None:
        print(f"\nreal clips: skipped ({root}/golf absent)")
        yaws, fps = [-90.0, -80.0], [30.0]
    else:
        yaws = [float(m.camera_yaw_deg) for m in real]
        fps = [float(m.fps) for m in real]
        print(f"\nreal clips: {len(real)} from {root}/golf, camera yaw {min(yaws):.0f} to {max(yaws):.0f} deg")
    synth = summarize(synthetic_swings(args.synthetic, yaws, fps))
    if real is not None:
        r = summarize(real)
        print_side_by_side(f"raw estimator noise, real ({r['frames']} frames) vs noise model on synthetic swings "
                           f"({synth['frames']} frames), mm", "real", "model", r, synth)
    else:
        print_side_by_side("noise model on synthetic swings, mm", "model", "model", synth, synth)
    if args.rendered:
        est, model = rendered(args.rendered)
        print_side_by_side(f"error vs truth, {args.rendered} rendered face-on swings, mm", "estimator", "model",
                           est, model)
    print(f"\n({time.time() - t0:.0f} s)")
    return 0
