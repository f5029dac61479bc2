"""`generate_swing`: one synthetic golf or baseball swing as a MotionSequence with its ground truth.

Truth events come from the generator's own phase curves (e.g. impact = the moment the club returns to the ball,
toe-up = the shaft crossing horizontal); truth metrics are the analysis' metric definitions evaluated on the
clean motion at the true events, so an evaluation measures event finding and robustness to estimator noise.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from llamo_engine.analysis.kinematics import body_of, curves, elevation
from llamo_engine.analysis.signals import crossing
from llamo_engine.data.synth.baseball import baseball_tracks
from llamo_engine.data.synth.body import build_joints, mirror
from llamo_engine.data.synth.golf import golf_tracks
from llamo_engine.data.synth.params import SwingParams
from llamo_engine.motion.skeleton import MotionSequence, joint_index


@dataclasses.dataclass
class SyntheticSwing:
    """`motion`: clean motion (club measured, camera None). `truth`: {"sport", "handedness", "events" (name ->
    frame), "start", "end", "metrics" (name -> value), "faults" (sorted names), "params" (dict)}."""

    motion: MotionSequence
    truth: dict
    params: SwingParams


def _golf_truth_events(p: SwingParams, times: dict, chi: np.ndarray, joints: np.ndarray, fps: float) -> dict:
    lead = "left" if p.handedness == "right" else "right"
    arm = elevation(joints[:, joint_index(f"{lead}_wrist")] - joints[:, joint_index(f"{lead}_shoulder")])
    f = {k: int(round(v * fps)) for k, v in times.items()}
    address = int(np.floor(times["takeaway"] * fps + 1e-6))
    return {"address": address, "toe_up": crossing(chi, 90.0, address, f["top"], rising=True),
            "mid_backswing": crossing(arm, 0.0, address, f["top"], rising=True), "top": f["top"],
            "mid_downswing": crossing(arm, 0.0, f["top"], f["impact"], rising=False), "impact": f["impact"],
            "mid_follow_through": crossing(chi, -90.0, f["impact"], f["finish"], rising=False),
            "finish": f["finish"]}


def generate_swing(params: SwingParams, *, lead_in_s: float = 0.0, compute_metrics: bool = True) -> SyntheticSwing:
    """Clean synthetic swing for `params` (deterministic). `lead_in_s` adds still time before the address."""
    p = dataclasses.replace(params, address_s=params.address_s + lead_in_s) if lead_in_s else params
    fps = p.fps
    if p.sport == "golf":
        from llamo_engine.data.synth.golf import golf_times
        total = golf_times(p)["end"]
    else:
        from llamo_engine.data.synth.baseball import baseball_times
        total = baseball_times(p)["end"]
    T = int(np.ceil(total * fps)) + 1
    t = np.arange(T) / fps
    if p.sport == "golf":
        g = golf_tracks(p, t)
        tracks, club, times = g.tracks, g.club, g.times
    else:
        b = baseball_tracks(p, t)
        tracks, club, times = b.tracks, b.club, b.times
    joints = build_joints(tracks, p.height_m)
    # The club hangs from the lead wrist where IK put it (the reach can clamp the target a little).
    club = club - club[:, :1] + joints[:, joint_index("left_wrist")][:, None]
    if p.handedness == "left":
        joints, club = mirror(joints, club)
    if p.sport == "golf":
        events = _golf_truth_events(p, times, g.chi, joints, fps)
        start, end = events["address"], events["finish"]
    else:
        events = {k: int(round(times[k] * fps)) for k in ("load", "foot_plant", "contact", "follow_through")}
        events = {"stance": int(np.floor(times["stance"] * fps + 1e-6)), **events}
        start, end = events["stance"], events["follow_through"]
    motion = MotionSequence(
        joints=joints, confidence=np.ones(joints.shape[:2]), present=np.ones(T, bool), timestamps=t, fps=fps,
        source=f"synthetic:{p.sport}:seed={p.seed}", club=club, club_estimated=False, camera_yaw_deg=None,
        meta={"synthetic": True, "sport": p.sport, "club": p.club})
    truth = {"sport": p.sport, "handedness": p.handedness, "events": events, "start": start, "end": end,
             "faults": sorted(p.faults), "params": {k: (sorted(v) if isinstance(v, frozenset) else v)
                                                    for k, v in dataclasses.asdict(p).items()}, "metrics": {}}
    if compute_metrics:
        from llamo_engine.analysis.metrics import swing_metrics
        body = body_of(motion, right_handed=p.handedness == "right", window_s=0.0)
        cv = curves(body, start)
        truth["metrics"] = {k: m.value for k, m in swing_metrics(p.sport, body, cv, events, None).items()}
    return SyntheticSwing(motion=motion, truth=truth, params=p)
