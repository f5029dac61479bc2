"""`python -m llamo_engine.eval analysis`: how right is the swing analysis?

1. Held-out synthetic swings (seeds from HELDOUT_SEEDS) with MediaPipe-like noise, face-on camera: event PCE
   (GolfDB tolerance max(round((impact - address) / 30), 1) frames; baseball the same on stance -> contact),
   sport detection, metric MAE against the generator's truth, fault precision / recall. Then other held-out
   swings seen down the line (camera yaw +90 / -90 alternating, as every real golf clip we have): PCE per
   event, sport detection and metric MAE.
2. Synthetic sessions with several swings, waggles, practice swings and walking: repetition count.
3. Real clips (../shared/realdata, skipped when absent): labelled events vs. ours (golf phase labels, batting
   contact; `real events within tolerance: NN.N%`), the slow-motion check (real clips re-timed to 4x slow
   motion), sport detection on unlabelled clips, Driveline pitching hip-shoulder separation vs. Driveline's.
Last line: `overall PCE: NN.N%` (all events of the face-on held-out noisy synthetic swings; the down-the-line
PCE is printed in its own table).
"""

from __future__ import annotations

import argparse
import collections
import time

import numpy as np

from llamo_engine.analysis import EVENTS, analyze
from llamo_engine.data.synth import HELDOUT_SEEDS, add_estimator_noise, generate_session, generate_swing, \
    sample_params
from llamo_engine.eval import analysis_real, real_events, rotation_real, slow_motion


def _tolerance(ev: dict, sport: str) -> int:
    a, b = (ev["address"], ev["impact"]) if sport == "golf" else (ev["stance"], ev["contact"])
    return max(int(round((b - a) / 30.0)), 1)


def _match(swings, truth: dict):
    """The analysed swing overlapping the true swing most (None when none overlaps)."""
    best, overlap = None, 0
    for s in swings:
        o = min(s.end, truth["end"]) - max(s.start, truth["start"])
        if o > overlap:
            best, overlap = s, o
    return best


DOWN_THE_LINE_YAWS = (90.0, -90.0)
DOWN_THE_LINE_SEED_OFFSET = 20_000   # held-out seeds of the down-the-line swings (other swings than face-on)


def synthetic(n: dict, seed0: int, noise: bool, camera_yaws: tuple[float, ...] = (0.0,)) -> dict:
    """Analyse n[sport] held-out swings from seed0 on; the noisy motion is seen from camera_yaws in turn."""
    hits = collections.defaultdict(lambda: [0, 0])
    errs = collections.defaultdict(list)
    metric_err = collections.defaultdict(list)
    conf = collections.defaultdict(list)
    faults = collections.defaultdict(lambda: [0, 0, 0])  # tp, fp, fn
    sport_ok = collections.Counter()
    seed = seed0
    for sport, count in n.items():
        for i in range(count):
            params = sample_params(seed, sport)
            sw = generate_swing(params)
            yaw = camera_yaws[i % len(camera_yaws)]
            motion = add_estimator_noise(sw.motion, seed, camera_yaw_deg=yaw) if noise else sw.motion
            seed += 1
            a = analyze(motion)
            sport_ok[sport, a.sport == sport] += 1
            got = _match(a.swings, sw.truth) if a.sport == sport else None
            tol = _tolerance(sw.truth["events"], sport)
            for name in EVENTS[sport]:
                t = sw.truth["events"][name]
                p = None if got is None else got.events.get(name)
                ok = p is not None and abs(p - t) <= tol
                hits[sport, name][0] += ok
                hits[sport, name][1] += 1
                if p is not None:
                    errs[sport, name].append(p - t)
            pred_faults = set() if got is None else {f.name for f in got.faults}
            true_faults = set(sw.truth["faults"])
            for f in pred_faults | true_faults:
                faults[sport, f][0] += f in pred_faults and f in true_faults
                faults[sport, f][1] += f in pred_faults and f not in true_faults
                faults[sport, f][2] += f in true_faults and f not in pred_faults
            if got is not None:
                for name, value in sw.truth["metrics"].items():
                    if name in got.metrics:
                        metric_err[sport, name].append(got.metrics[name].value - value)
                        conf[sport, name].append(got.metrics[name].confidence)
    return {"hits": hits, "errs": errs, "metric_err": metric_err, "conf": conf, "faults": faults,
            "sport_ok": sport_ok}


def counting(n_sessions: int, seed0: int, noise: bool) -> dict:
    exact, abs_err, rows = 0, [], []
    for i in range(n_sessions):
        seed = seed0 + i
        s = generate_session(seed)
        motion = add_estimator_noise(s.motion, seed) if noise else s.motion
        a = analyze(motion)
        n_true, n_got = len(s.truth["swings"]), len(a.swings)
        exact += n_true == n_got
        abs_err.append(abs(n_true - n_got))
        rows.append((s.truth["sport"], n_true, n_got))
    return {"exact": exact / max(n_sessions, 1), "mae": float(np.mean(abs_err)) if abs_err else 0.0, "rows": rows}


def _print_synthetic(res: dict, view: str = "face-on") -> float:
    print(f"\n== held-out synthetic swings, {view}: events (PCE, GolfDB tolerance) ==")
    print(f"{'sport':<9}{'event':<20}{'PCE':>7}{'n':>6}{'mean err':>10}{'median |err|':>14}")
    total = [0, 0]
    for (sport, name), (h, n) in res["hits"].items():
        e = np.array(res["errs"][sport, name]) if res["errs"][sport, name] else np.array([np.nan])
        print(f"{sport:<9}{name:<20}{100 * h / n:>6.1f}%{n:>6}{np.nanmean(e):>10.2f}{np.nanmedian(np.abs(e)):>14.1f}")
        total[0] += h
        total[1] += n
    for sport in ("golf", "baseball"):
        h = sum(v[0] for k, v in res["hits"].items() if k[0] == sport)
        n = sum(v[1] for k, v in res["hits"].items() if k[0] == sport)
        if n:
            print(f"{sport:<9}{'ALL':<20}{100 * h / n:>6.1f}%{n:>6}")
    print("\nsport detection: " + ", ".join(f"{sport} {res['sport_ok'][sport, True]}/"
                                             f"{res['sport_ok'][sport, True] + res['sport_ok'][sport, False]}"
                                             for sport in ("golf", "baseball")))
    print(f"\n== metric error vs generator truth (noisy, {view}) ==")
    print(f"{'sport':<9}{'metric':<28}{'MAE':>9}{'bias':>9}{'n':>5}{'conf':>6}")
    for (sport, name), e in sorted(res["metric_err"].items()):
        e = np.asarray(e)
        print(f"{sport:<9}{name:<28}{np.abs(e).mean():>9.3f}{e.mean():>9.3f}{len(e):>5}"
              f"{np.mean(res['conf'][sport, name]):>6.2f}")
    print(f"\n== fault detection ({view}) ==")
    print(f"{'sport':<9}{'fault':<24}{'precision':>10}{'recall':>8}{'tp':>5}{'fp':>5}{'fn':>5}")
    for (sport, f), (tp, fp, fn) in sorted(res["faults"].items()):
        prec = tp / (tp + fp) if tp + fp else float("nan")
        rec = tp / (tp + fn) if tp + fn else float("nan")
        print(f"{sport:<9}{f:<24}{prec:>10.2f}{rec:>8.2f}{tp:>5}{fp:>5}{fn:>5}")
    return 100.0 * total[0] / max(total[1], 1)


def _print_real_events(root) -> None:
    """The labelled real clips (golf phases, batting contact): per clip and event, error and tolerance."""
    print(f"\n== real labelled clips ({root}): events vs labels (GolfDB tolerance) ==")
    rows = (real_events.golf_rows(root) or []) + (real_events.batting_rows(root) or [])
    if not rows:
        print("skipped: no labelled real clips")
        return
    print(f"real events within tolerance: {real_events.print_table(rows):.1f}%")


def _print_slow_motion(root) -> None:
    print(f"\n== slow-motion check: real golf clips re-timed to {slow_motion.FACTOR}x slow motion ==")
    golf = root / "golf"
    videos = sorted((golf / "labeled").glob("swing*.mp4")) + sorted((golf / "unlabeled").glob("*.mp4"))
    rows = [slow_motion.check(v.stem, analysis_real.cached_motion(v)) for v in videos]
    rows = [r for r in rows if r is not None]
    if not rows:
        print("skipped: no real golf clips")
        return
    slow_motion.print_checks(rows)


def _print_real(root) -> None:
    _print_real_events(root)
    _print_slow_motion(root)
    rotation_real.report(root)   # validation of the single-view estimator (not yet used by the analysis)
    un = analysis_real.unlabeled_clips(root)
    if un:
        print("\nsport detection on unlabelled clips: " +
              ", ".join(f"{r['clip']} {r['got']} (expect {r['expected']})" for r in un))
    print(f"\n== Driveline pitching: hip-shoulder separation ({root}/mocap/obp_pitching) ==")
    d = analysis_real.driveline(root)
    if d is None:
        print("skipped: folder absent")
    else:
        rows = d["rows"]
        if d["failures"]:
            print(f"{len(d['failures'])} capture(s) the C3D loader could not read, e.g. {d['failures'][0]}")
        if rows:
            a = np.array([[r["ours_max"], r["ref_max"], r["ours_fp"], r["ref_fp"]] for r in rows])
            for name, i in (("max", 0), ("at foot plant", 2)):
                mae = np.abs(a[:, i] - a[:, i + 1]).mean()
                corr = np.corrcoef(a[:, i], a[:, i + 1])[0, 1] if len(a) > 2 else float("nan")
                print(f"  separation {name:<14} MAE {mae:5.1f} deg, bias {np.mean(a[:, i] - a[:, i + 1]):+5.1f}, "
                      f"r = {corr:.2f} (n = {len(a)})  [ours: collar (thorax) line vs hip line]")
            mk = np.array([[r["markers"][0], r["ref_max"], r["markers"][1], r["ref_fp"]] for r in rows
                           if r["markers"] is not None])
            for name, i in (("max", 0), ("at foot plant", 2)):
                if len(mk) > 2:
                    print(f"  diagnostic {name:<14} MAE {np.abs(mk[:, i] - mk[:, i + 1]).mean():5.1f} deg, "
                          f"r = {np.corrcoef(mk[:, i], mk[:, i + 1])[0, 1]:.2f}  [thorax from C7/T10/CLAV/STRN "
                          "markers, same foot plant]")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m llamo_engine.eval analysis", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--golf", type=int, default=400, help="held-out golf swings")
    ap.add_argument("--baseball", type=int, default=200, help="held-out baseball swings")
    ap.add_argument("--dtl-golf", type=int, default=200, help="held-out golf swings seen down the line")
    ap.add_argument("--dtl-baseball", type=int, default=100, help="held-out baseball swings seen down the line")
    ap.add_argument("--sessions", type=int, default=60, help="multi-swing sessions for counting")
    ap.add_argument("--clean", action="store_true", help="no estimator noise (sanity check)")
    ap.add_argument("--realdata", default=None, help="folder of the real data (default ../shared/realdata)")
    ap.add_argument("--no-real", action="store_true", help="skip the real clips and captures")
    args = ap.parse_args(argv)
    t0 = time.time()
    res = synthetic({"golf": args.golf, "baseball": args.baseball}, HELDOUT_SEEDS.start, noise=not args.clean)
    pce = _print_synthetic(res)
    if args.dtl_golf or args.dtl_baseball:
        dtl = synthetic({"golf": args.dtl_golf, "baseball": args.dtl_baseball},
                        HELDOUT_SEEDS.start + DOWN_THE_LINE_SEED_OFFSET, noise=not args.clean,
                        camera_yaws=DOWN_THE_LINE_YAWS)
        dtl_pce = _print_synthetic(dtl, view="down the line (camera yaw +-90)")
        print(f"\ndown-the-line PCE (all events): {dtl_pce:.1f}%")
    c = counting(args.sessions, HELDOUT_SEEDS.start + 50_000, noise=not args.clean)
    print(f"\n== repetition counting ({args.sessions} sessions with waggles, practice swings, walking) ==")
    print(f"exact count {100 * c['exact']:.1f}%, MAE {c['mae']:.2f} swings")
    if not args.no_real:
        _print_real(analysis_real.default_realdata() if args.realdata is None else __import__("pathlib").Path(args.realdata))
    print(f"\n({time.time() - t0:.0f} s)")
    print(f"overall PCE: {pce:.1f}%")
    return 0
