"""Parametric golf swing (right-handed) as body tracks plus the club line, with the phase curves that define
its true events.

Hands travel on an inclined plane through the shoulder midpoint: hand-path angle phi (0 = hanging at address,
positive toward the trail side, ~145 deg at the top, ~-200 deg at the finish). The club lies in its own plane
at angle chi = phi + wrist hinge: chi = 0 at address and impact, +90 at toe-up (shaft parallel, head to the
trail side), -90 at mid-follow-through.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from llamo_engine.data.synth.body import ANKLE_HEIGHT, HIP_OFFSET, SHANK, SMPL_HEIGHT_M, THIGH, BodyTracks, \
    shoulder_points
from llamo_engine.data.synth.curves import decelerate, ease, hump, keyframes, progress
from llamo_engine.data.synth.params import SwingParams

CLUB_LENGTH_M = {"driver": 1.12, "iron": 0.92}  # lead hand to club head
HAND_PLANE_DEG = {"driver": 60.0, "iron": 66.0}
IMPACT_PHI, FINISH_PHI, IMPACT_HINGE = -6.0, -200.0, 6.0


@dataclasses.dataclass
class GolfTracks:
    tracks: BodyTracks
    club: np.ndarray      # (T, 2, 3) grip, head
    phi: np.ndarray       # (T,) hand-path angle, degrees
    chi: np.ndarray       # (T,) club angle in its plane, degrees
    times: dict           # phase times in seconds: takeaway, top, impact, finish, end


def golf_times(p: SwingParams) -> dict:
    ta = p.address_s
    tt = ta + p.backswing_s
    ti = tt + p.downswing_s
    tf = ti + p.follow_s
    return {"takeaway": ta, "top": tt, "impact": ti, "finish": tf, "end": tf + p.hold_s}


def golf_tracks(p: SwingParams, t: np.ndarray) -> GolfTracks:
    """All tracks of a right-handed golf swing sampled at times t (T,) seconds."""
    f = p.faults
    tm = golf_times(p)
    ta, tt, ti, tf = tm["takeaway"], tm["top"], tm["impact"], tm["finish"]
    s = p.height_m / SMPL_HEIGHT_M
    T = len(t)
    ub, ud, uf = progress(t, ta, tt), progress(t, tt, ti), progress(t, ti, tf)
    back, follow = ease(ub), 1 - (1 - uf) ** 2
    down = ud ** 2.0
    in_back, in_down, in_follow = (t >= ta) & (t < tt), (t >= tt) & (t < ti), t >= ti

    arm_top = p.arm_top + (35.0 if "overswing" in f else 0.0)
    phi = np.where(t < tt, arm_top * back, arm_top + (IMPACT_PHI - arm_top) * down)
    phi = np.where(in_follow, IMPACT_PHI + (FINISH_PHI - IMPACT_PHI) * follow, phi)
    hinge_top = p.wrist_hinge + (15.0 if "overswing" in f else 0.0)
    release = ud ** (1.0 if "casting" in f else 4.0)
    hinge = np.where(t < tt, hinge_top * ease(ub / 0.75), hinge_top + (IMPACT_HINGE - hinge_top) * release)
    hinge = np.where(in_follow, IMPACT_HINGE + (-70.0 - IMPACT_HINGE) * follow, hinge)
    chi = phi + hinge
    phi, chi, hinge = phi * p.swing_scale, chi * p.swing_scale, hinge * p.swing_scale

    # Pelvis and thorax turn (degrees, positive away from the target); the thorax lags in the downswing.
    hip_top = p.pelvis_turn * (0.45 if "insufficient_hip_turn" in f else 1.0)
    lag = 1.0 + p.x_stretch / 30.0
    pelvis = keyframes(t, [ta, tt, ti, tf], [0.0, hip_top, -40.0, -85.0], [ease, ease, decelerate])
    pelvis = np.where(in_down, hip_top + (-40.0 - hip_top) * ease(ud / 0.9), pelvis)
    thorax = keyframes(t, [ta, tt, ti, tf], [0.0, p.thorax_turn, -22.0, -110.0], [ease, ease, decelerate])
    thorax = np.where(in_down, p.thorax_turn + (-22.0 - p.thorax_turn) * ease(ud) ** lag, thorax)

    pelvis, thorax = pelvis * p.swing_scale, thorax * p.swing_scale
    lean = np.full(T, p.spine_tilt)
    lean -= (14.0 if "loss_of_posture" in f else 2.0) * ease(ud) * (t < ti) + \
        (14.0 if "loss_of_posture" in f else 2.0) * in_follow
    lean -= (6.0 if "early_extension" in f else 0.0) * np.where(t < ti, ease(ud), 1.0)
    lean -= (5.0 if "head_lift" in f else 0.0) * np.where(t < ti, ease(ud), 1.0)
    lean -= 20.0 * follow * in_follow * p.swing_scale
    side_top = -10.0 if "reverse_pivot" in f else p.side_bend + 4.0
    side = keyframes(t, [ta, tt, ti, tf], [p.side_bend, side_top, p.side_bend + 8.0, p.side_bend + 6.0])
    flat = np.full(T, 0.7 if "flat_shoulder_plane" in f else 0.0)

    # Pelvis position: knees flexed, hips pushed back; lateral shift (sway/slide), toward the ball (EE), height.
    half = p.stance_width_m / 2
    leg = 0.95 * (THIGH + SHANK) * s
    root_z0 = -0.1 * s
    root_y0 = ANKLE_HEIGHT * s + np.sqrt(leg ** 2 - (half - HIP_OFFSET[0] * s) ** 2 - root_z0 ** 2) \
        - HIP_OFFSET[1] * s
    x_top = -0.11 if "sway" in f else (0.05 if "reverse_pivot" in f else -0.015)
    x_imp = 0.19 if "slide" in f else 0.07
    rx = keyframes(t, [ta, tt, ti, tf], [0.0, x_top, x_imp, x_imp + 0.05])
    ee = 0.11 if "early_extension" in f else 0.01
    rz = root_z0 + keyframes(t, [tt, ti, tf], [0.0, ee, ee + 0.03])
    lift = (0.07 if "head_lift" in f else 0.0) + (0.03 if "loss_of_posture" in f else 0.0)
    ry = root_y0 + keyframes(t, [tt, ti, tf], [0.0, lift, lift + 0.03])
    root = np.stack([rx, ry, rz], axis=1)
    lead_ankle = np.tile([half, ANKLE_HEIGHT * s, 0.0], (T, 1))
    trail_ankle = np.tile([-half, ANKLE_HEIGHT * s, 0.0], (T, 1))

    tracks = BodyTracks(root=root, pelvis_yaw=np.radians(-pelvis), trunk_lean=np.radians(lean),
                        trunk_side=np.radians(side), thorax_yaw=np.radians(-thorax), flat_plane=flat,
                        lead_ankle=lead_ankle, trail_ankle=trail_ankle, lead_hand=root, trail_hand=root,
                        lead_pole=root, trail_pole=root)
    _, _, centre = shoulder_points(tracks, s)
    psi = np.radians(HAND_PLANE_DEG[p.club])
    follow_radius = 0.75 if "chicken_wing" in f else 1.35  # a straight lead arm extends through the ball
    radius = 0.47 * s * np.where(in_follow, 1 + (follow_radius - 1) * hump(t, ti, tf), 1.0)
    ph = np.radians(phi)[:, None]
    down_dir = np.array([0.0, -np.sin(psi), np.cos(psi)])
    grip = centre + radius[:, None] * (np.sin(ph) * np.array([-1.0, 0, 0]) + np.cos(ph) * down_dir)
    grip[:, 2] += (0.18 if "over_the_top" in f else -0.02) * hump(t, tt, ti)
    length = CLUB_LENGTH_M[p.club]
    lean_c = np.arcsin(np.clip((grip[0, 1] - 0.03) / length, 0.2, 0.99))  # shaft plane: head on the ground
    ch = np.radians(chi)[:, None]
    club_dir = np.sin(ch) * np.array([-1.0, 0, 0]) + np.cos(ch) * np.array([0.0, -np.sin(lean_c), np.cos(lean_c)])
    tracks.lead_hand = grip
    tracks.trail_hand = grip + 0.085 * s * club_dir
    cw = "chicken_wing" in f
    lead_pole = np.where(in_follow[:, None], [1.0, 0.6, -0.2] if cw else [0.3, -1.0, -0.4], [0.4, -1.0, 0.2])
    tracks.lead_pole = np.asarray(lead_pole, dtype=np.float64)
    tracks.trail_pole = np.tile([-0.5, -1.0, -0.2], (T, 1))
    club = np.stack([grip, grip + length * club_dir], axis=1)
    return GolfTracks(tracks=tracks, club=club, phi=phi, chi=chi, times=tm)
