"""Parametric baseball swing (right-handed batter) as body tracks plus the bat line.

The batter faces the plate (+z); the pitcher is on the lead side (+x). Phases: stance (still), load (hands
back, pelvis and torso coil, lead leg lifts), stride to foot plant, rotation to contact, follow-through.
Hands are keyed in the thorax frame (they ride the torso's rotation); the bat direction is keyed in the world.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from llamo_engine.data.synth.body import ANKLE_HEIGHT, HIP_OFFSET, SHANK, SMPL_HEIGHT_M, THIGH, BodyTracks, \
    apply, rot_y, shoulder_points
from llamo_engine.data.synth.curves import accelerate, decelerate, ease, keyframes, progress
from llamo_engine.data.synth.params import SwingParams

BAT_LENGTH_M = 0.84


@dataclasses.dataclass
class BaseballTracks:
    tracks: BodyTracks
    club: np.ndarray   # (T, 2, 3) knob (hands), barrel end
    times: dict        # stance, load, foot_plant, contact, follow_through, end (seconds)


def baseball_times(p: SwingParams) -> dict:
    ts = p.address_s
    tl = ts + p.backswing_s
    tfp = tl + p.stride_s
    tc = tfp + p.downswing_s
    tft = tc + p.follow_s
    return {"stance": ts, "load": tl, "foot_plant": tfp, "contact": tc, "follow_through": tft,
            "end": tft + p.hold_s}


def baseball_tracks(p: SwingParams, t: np.ndarray) -> BaseballTracks:
    f = p.faults
    tm = baseball_times(p)
    ts, tl, tfp, tc, tft = (tm[k] for k in ("stance", "load", "foot_plant", "contact", "follow_through"))
    s = p.height_m / SMPL_HEIGHT_M
    T = len(t)
    kt = [ts, tl, tfp, tc, tft]

    # Turns in degrees, positive = closed (away from the pitcher).
    hips_fp = -15.0 if "early_hip_opening" in f else 0.6 * p.pelvis_turn
    swing_shapes = [ease, ease, ease, decelerate]
    pelvis = keyframes(t, kt, [0.0, p.pelvis_turn, hips_fp, -55.0, -85.0], swing_shapes)
    torso_fp = hips_fp + 4.0 if "early_hip_opening" in f else p.thorax_turn + 0.4 * p.x_stretch
    thorax = keyframes(t, kt, [0.0, p.thorax_turn, torso_fp, -60.0, -120.0], swing_shapes)
    # Torso lags the pelvis after foot plant: keep it near its foot-plant value for the first third.
    ud = progress(t, tfp, tc)
    in_swing = (t >= tfp) & (t < tc)
    thorax = np.where(in_swing, torso_fp + (-60.0 - torso_fp) * ud ** 2.2, thorax)
    pelvis = np.where(in_swing, hips_fp + (-55.0 - hips_fp) * ease(np.minimum(ud / 0.8, 1.0)), pelvis)

    pelvis, thorax = pelvis * p.swing_scale, thorax * p.swing_scale
    lean = np.full(T, p.spine_tilt)
    lunge = "lunging" in f
    side = keyframes(t, kt, [p.side_bend, p.side_bend + 3, p.side_bend + 2,
                             -12.0 if lunge else p.side_bend + 18, p.side_bend + 10])
    half = p.stance_width_m / 2
    leg = 0.93 * (THIGH + SHANK) * s
    root_y0 = ANKLE_HEIGHT * s + np.sqrt(leg ** 2 - (half - HIP_OFFSET[0] * s) ** 2) - HIP_OFFSET[1] * s
    drift = 0.14 if "head_drift" in f else 0.0
    shift = 0.18 if lunge else 0.0
    rx = keyframes(t, kt, [0.0, -0.04, 0.3 * p.stride_m + drift, 0.35 * p.stride_m + drift + shift,
                           0.35 * p.stride_m + drift + shift])
    drop = 0.3 * p.stride_m * p.swing_scale  # the hips lower as the stride widens
    ry = root_y0 - keyframes(t, kt, [0.0, 0.0, drop, drop, 0.8 * drop])
    root = np.stack([rx, ry, np.zeros(T)], axis=1)
    trail_ankle = np.tile([-half, ANKLE_HEIGHT * s, 0.0], (T, 1))
    lead_x = keyframes(t, [ts, tl, tfp], [half, half - 0.08, half + p.stride_m * p.swing_scale])
    lead_y = ANKLE_HEIGHT * s + keyframes(t, [ts, tl, tfp], [0.0, 0.14, 0.0])
    lead_ankle = np.stack([lead_x, lead_y, np.zeros(T)], axis=1)

    tracks = BodyTracks(root=root, pelvis_yaw=np.radians(-pelvis), trunk_lean=np.radians(lean),
                        trunk_side=np.radians(side), thorax_yaw=np.radians(-thorax), flat_plane=np.zeros(T),
                        lead_ankle=lead_ankle, trail_ankle=trail_ankle, lead_hand=root, trail_hand=root,
                        lead_pole=root, trail_pole=root, foot_yaw=0.1, head_turn=0.1)
    _, _, centre = shoulder_points(tracks, s)
    local = keyframes(t, kt, [[-0.14, 0.02, 0.16], [-0.2, 0.06, 0.08], [-0.2, 0.04, 0.1],
                              [0.05, -0.3, 0.48], [0.3, 0.0, 0.22]], [ease, ease, accelerate, decelerate]) * s
    local = local[:1] + (local - local[:1]) * p.swing_scale
    grip = centre + apply(rot_y(np.radians(-thorax)), local)
    mid = tfp + 0.6 * (tc - tfp)
    bat = keyframes(t, [ts, tl, tfp, mid, tc, tft],
                    [[-0.3, 0.85, -0.4], [-0.35, 0.7, -0.6], [-0.4, 0.7, -0.55], [-0.9, -0.05, 0.4],
                     [0.1, -0.05, 1.0], [0.2, 0.5, -0.8]], [ease, ease, accelerate, ease, decelerate])
    bat = bat[:1] + (bat - bat[:1]) * p.swing_scale
    bat /= np.linalg.norm(bat, axis=1, keepdims=True)
    tracks.lead_hand = grip
    tracks.trail_hand = grip + 0.08 * s * bat
    tracks.lead_pole = np.tile([0.2, -1.0, -0.3], (T, 1))
    tracks.trail_pole = np.tile([-0.4, -1.0, -0.2], (T, 1))
    club = np.stack([grip, grip + BAT_LENGTH_M * bat], axis=1)
    return BaseballTracks(tracks=tracks, club=club, times=tm)
