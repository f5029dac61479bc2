"""Single-view pelvis and thorax turn checked on real motion: captures seen through virtual cameras.

Each real capture in ../shared/realdata/mocap (GEARS golf driver and iron, Driveline hitting and pitching) is
resampled to a video rate, given the estimator's noise for a camera at a face-on or down-the-line yaw
(`add_estimator_noise`: compressed, noisy depth), and projected through a pinhole camera to BlazePose-style
image landmarks (normalised x, y, visibility) whose image-plane error is that same noise. The single-view
estimate (`analysis.single_view`) is compared with the capture's own 3-D rotation (hip line, thorax/collar line,
relative to address): at the top of the golf swings and over every frame of every capture, per view.
`python -m llamo_engine.eval rotation` prints the table; `report(root)` is what the analysis evaluation calls.
"""

from __future__ import annotations

import argparse
import dataclasses
import pathlib

import numpy as np

from llamo_engine.analysis import analyze
from llamo_engine.analysis.kinematics import body_of, line_rotation
from llamo_engine.analysis.single_view import single_view_of, turns
from llamo_engine.data.synth import add_estimator_noise
from llamo_engine.motion.blazepose import L as LANDMARK, rotation_y
from llamo_engine.motion.c3d import load_c3d
from llamo_engine.motion.skeleton import MotionSequence, joint_index

VIDEO_FPS = 60.0
VIEWS = {"face-on": (0.0, 12.0, -12.0), "down-the-line": (-90.0, -78.0, 90.0)}   # camera yaws per view
SEEDS = (0, 1)
WIDTH, HEIGHT, FOV_DEG, DISTANCE_M, CAMERA_HEIGHT_M = 720, 1280, 42.0, 4.0, 1.0
# BlazePose landmarks drawn from the SMPL joints (the rest stay invisible NaN).
LANDMARK_JOINTS = {f"{s}_{p}": f"{s}_{p}" for s in ("left", "right")
                   for p in ("hip", "knee", "ankle", "shoulder", "elbow", "wrist")}


def captures(root: pathlib.Path) -> list[pathlib.Path]:
    mocap = root / "mocap"
    return sorted(mocap.glob("golf_gears/*.c3d")) + sorted(mocap.glob("obp_hitting/*.c3d")) + \
        sorted(mocap.glob("obp_pitching/*.c3d"))


def project(motion: MotionSequence, noisy: MotionSequence, yaw_deg: float) -> np.ndarray:
    """(T, 33, 4) image landmarks: the noisy joints' image-plane position at the true depth, pinhole camera
    DISTANCE_M in front of the first pelvis along the camera axis."""
    R = rotation_y(np.radians(yaw_deg))
    true_cam = motion.joints.astype(np.float64) @ R                     # (T, 22, 3) camera frame
    noisy_cam = noisy.joints.astype(np.float64) @ R
    centre = true_cam[0, joint_index("pelvis")]
    f = 0.5 * HEIGHT / np.tan(np.radians(FOV_DEG) / 2)
    out = np.full((motion.num_frames, 33, 4), np.nan, dtype=np.float32)
    for lm, jn in LANDMARK_JOINTS.items():
        j = joint_index(jn)
        depth = DISTANCE_M - (true_cam[:, j, 2] - centre[2])
        x = WIDTH / 2 + f * (noisy_cam[:, j, 0] - centre[0]) / depth
        y = HEIGHT / 2 - f * (noisy_cam[:, j, 1] - CAMERA_HEIGHT_M) / depth
        out[:, LANDMARK[lm]] = np.stack([x / WIDTH, y / HEIGHT, np.zeros_like(x), np.ones_like(x)], axis=1)
    return out


def seen_by(motion: MotionSequence, yaw_deg: float, seed: int) -> MotionSequence:
    """The capture as the estimator would give it for a video from a camera at `yaw_deg`."""
    noisy = add_estimator_noise(motion, seed, camera_yaw_deg=yaw_deg)
    return dataclasses.replace(noisy, landmarks_image=project(motion, noisy, yaw_deg),
                               meta=dict(noisy.meta, width=WIDTH, height=HEIGHT))


def _truth(motion: MotionSequence):
    """(right_handed, address frame, top frame or None, pelvis (T,), thorax (T,)) of a capture."""
    a = analyze(motion)
    golf = a.sport == "golf" and a.swings and a.swings[0].events.get("address") is not None
    right = a.swings[0].handedness == "right" if a.swings else True
    ref = a.swings[0].events["address"] if golf else 0
    top = a.swings[0].events["top"] if golf else None
    body = body_of(motion, right)
    return right, ref, top, line_rotation(*body.hips, body.target, ref), line_rotation(*body.collars, body.target, ref)


def measure(root: pathlib.Path, seeds=SEEDS) -> list[dict] | None:
    """One row per capture, view, yaw and seed: errors (estimate - capture) at the top and over the clip."""
    files = captures(root)
    if not files:
        return None
    rows = []
    for path in files:
        motion = load_c3d(path, target_fps=VIDEO_FPS)
        right, ref, top, pelvis, thorax = _truth(motion)
        end = len(pelvis)
        for view, yaws in VIEWS.items():
            for yaw in yaws:
                for seed in seeds:
                    video = seen_by(motion, yaw, seed)
                    sv_pelvis, sv_thorax = turns(single_view_of(video, right), 1.0 if right else -1.0, ref)
                    cv = {"pelvis_rotation": sv_pelvis, "thorax_rotation": sv_thorax}
                    body3d = body_of(dataclasses.replace(video, camera_yaw_deg=None), right)
                    old = {"pelvis": line_rotation(*body3d.hips, body3d.target, ref),
                           "thorax": line_rotation(*body3d.collars, body3d.target, ref)}
                    for seg, truth in (("pelvis", pelvis), ("thorax", thorax)):
                        est = cv[f"{seg}_rotation"]
                        rows.append(dict(capture=path.name, golf=top is not None, view=view, yaw=yaw, seed=seed,
                                         segment=seg, truth_top=None if top is None else truth[top],
                                         est_top=None if top is None else est[top],
                                         old_top=None if top is None else old[seg][top],
                                         err_all=est[ref:end] - truth[ref:end],
                                         old_all=old[seg][ref:end] - truth[ref:end]))
    return rows


def _stats(e: np.ndarray, est: np.ndarray | None = None, truth: np.ndarray | None = None) -> str:
    r = np.corrcoef(est, truth)[0, 1] if est is not None and len(est) > 2 and np.std(truth) > 0 else float("nan")
    return f"{np.abs(e).mean():>7.1f}{e.mean():>+8.1f}{r:>7.2f}"


def report(root: pathlib.Path) -> dict | None:
    """Print the per-view table; return {view: top MAE over pelvis and thorax} (None without the captures)."""
    print(f"\n== single-view rotation on real captures through virtual cameras ({root}/mocap) ==")
    rows = measure(root)
    if rows is None:
        print("skipped: no captures")
        return None
    print(f"{'view':<15}{'segment':<8}{'at the top (golf)':>22}{'':>7}{'every frame (all)':>22}{'':>7}"
          f"{'3-D estimate, top':>20}")
    print(f"{'':<23}{'MAE':>7}{'bias':>8}{'r':>7}{'n':>7}{'MAE':>7}{'bias':>8}{'r':>7}{'MAE':>10}{'bias':>8}")
    out = {}
    for view in VIEWS:
        tops = []
        for seg in ("pelvis", "thorax"):
            sel = [r for r in rows if r["view"] == view and r["segment"] == seg]
            g = [r for r in sel if r["golf"]]
            est = np.array([r["est_top"] for r in g])
            tru = np.array([r["truth_top"] for r in g])
            old = np.array([r["old_top"] for r in g])
            e_all = np.concatenate([r["err_all"] for r in sel])
            tops.append(np.abs(est - tru))
            print(f"{view:<15}{seg:<8}{_stats(est - tru, est, tru)}{len(g):>7}{_stats(e_all)}"
                  f"{np.abs(old - tru).mean():>10.1f}{(old - tru).mean():>+8.1f}")
        out[view] = float(np.concatenate(tops).mean())
    print(f"({len({r['capture'] for r in rows})} captures, views' yaws {VIEWS}, seeds {SEEDS}; error = estimate - "
          "capture, deg)")
    print(f"single-view rotation MAE: face-on {out['face-on']:.1f} deg, down-the-line {out['down-the-line']:.1f} deg")
    return out


def main(argv: list[str] | None = None) -> int:
    from llamo_engine.eval.analysis_real import default_realdata
    ap = argparse.ArgumentParser(prog="python -m llamo_engine.eval rotation", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--realdata", default=None, help="folder of the real data (default ../shared/realdata)")
    args = ap.parse_args(argv)
    report(default_realdata() if args.realdata is None else pathlib.Path(args.realdata))
    return 0
