"""Per-swing metrics from the body curves at the swing's events, each with unit, definition, reference band
and a confidence that drops when the metric rests on depth the camera cannot see well.

Depth reliance: a metric declares the canonical axes it reads ("x", "y", "z", or "t" for timing). The camera
looks along (sin yaw, 0, cos yaw) (yaw 0 = face-on), so a face-on clip has weak z and a down-the-line clip
weak x. Motion capture and synthetic motion (camera_yaw_deg None) get full confidence.
"""

from __future__ import annotations

import numpy as np

from llamo_engine.analysis.kinematics import Body, inner_angle
from llamo_engine.analysis.references import BANDS
from llamo_engine.analysis.types import Metric


def axis_confidence(axes: str, camera_yaw_deg: float | None) -> float:
    if camera_yaw_deg is None:
        return 1.0
    yaw = np.radians(camera_yaw_deg)
    depth = {"x": abs(np.sin(yaw)), "y": 0.0, "z": abs(np.cos(yaw)), "t": 0.0}
    reliance = max(depth[a] for a in axes)
    return round(float(0.9 - 0.65 * reliance), 2)


class _Builder:
    def __init__(self, sport: str, camera_yaw_deg: float | None):
        self.bands, self.yaw, self.out = BANDS[sport], camera_yaw_deg, {}

    def add(self, name: str, value, unit: str, axes: str, definition: str, frame: int | None = None,
            conf_scale: float = 1.0) -> None:
        if value is None or not np.isfinite(value):
            return
        lo, hi, source = self.bands.get(name, (None, None, ""))
        self.out[name] = Metric(value=round(float(value), 4), unit=unit,
                                confidence=round(axis_confidence(axes, self.yaw) * conf_scale, 2),
                                band=None if lo is None else (lo, hi), source=source, definition=definition,
                                frame=None if frame is None else int(frame))


def _at(curve: np.ndarray, k: int | None):
    return None if k is None else float(curve[k])


def _peak(curve: np.ndarray, lo: int, hi: int, sign: float) -> tuple[int, float]:
    seg = curve[lo:hi + 1] * sign
    k = lo + int(np.argmax(seg))
    return k, float(seg.max())


def golf_metrics(b: _Builder, body: Body, cv: dict, ev: dict, club_measured: bool) -> None:
    fps = body.fps
    ad, top, imp = ev["address"], ev["top"], ev["impact"]
    if ad is not None and top is not None and imp is not None and imp > top > ad:
        b.add("tempo_ratio", (top - ad) / (imp - top), "ratio", "t", "backswing time (address -> top) / "
              "downswing time (top -> impact)")
        b.add("backswing_time_s", (top - ad) / fps, "s", "t", "address -> top")
    if top is not None and imp is not None and imp > top:
        b.add("downswing_time_s", (imp - top) / fps, "s", "t", "top -> impact")
    for name, key in (("pelvis", "pelvis_rotation"), ("thorax", "thorax_rotation")):
        b.add(f"{name}_rotation_top", _at(cv[key], top), "deg", "xz", f"{name} turn in the ground plane at the "
              "top, from address, + away from the target", top)
        b.add(f"{name}_rotation_impact", _at(cv[key], imp), "deg", "xz", f"{name} turn at impact from address, "
              "+ away from the target (negative = open)", imp)
    b.add("x_factor_top", _at(cv["x_factor"], top), "deg", "xz", "thorax turn - pelvis turn at the top", top)
    if top is not None and imp is not None and imp > top:
        early = top + max(1, int(round(0.6 * (imp - top))))
        k, v = _peak(cv["x_factor"], top, early, 1.0)
        b.add("x_factor_stretch", v - cv["x_factor"][top], "deg", "xz", "peak X-factor early in the downswing "
              "minus X-factor at the top", k)
        path = _downswing_path_offset(body, top, imp, ad)
        b.add("downswing_path_offset", path, "m", "z", "hands early in the downswing vs. the backswing path at "
              "the same height, + = farther from the body (over the top)", top)
        b.add("hand_speed_max", float(cv["hand_speed"][top:imp + 2].max()), "m/s", "xyz",
              "peak speed of the hands in the downswing")
        if "club_speed" in cv and club_measured:
            b.add("club_speed_max", float(cv["club_speed"][top:imp + 2].max()), "m/s", "xyz",
                  "peak club-head speed in the downswing")
        lo, hi = top, min(len(cv["hand_speed"]) - 1, imp + 2)
        kp, _ = _peak(cv["pelvis_speed"], lo, hi, -1.0)
        kt, _ = _peak(cv["thorax_speed"], lo, hi, -1.0)
        ka, _ = _peak(cv["arm_speed"], lo, hi, 1.0)
        b.add("pelvis_peak_speed", -cv["pelvis_speed"][kp], "deg/s", "xz", "peak pelvis rotation speed toward "
              "the target", kp)
        b.add("thorax_peak_speed", -cv["thorax_speed"][kt], "deg/s", "xz", "peak thorax rotation speed", kt)
        b.add("kinematic_sequence", float(kp <= kt <= ka), "bool", "xz", "1 when pelvis, thorax and arm "
              f"speeds peak in that order (frames {kp}, {kt}, {ka})")
    b.add("lead_elbow_top", _at(cv["lead_elbow_angle"], top), "deg", "xyz", "lead elbow angle at the top "
          "(180 = straight)", top)
    b.add("shoulder_tilt_top", _at(cv["shoulder_tilt"], top), "deg", "xyz", "lead shoulder below the trail "
          "shoulder at the top, angle of the shoulder line to the ground", top)
    if ad is not None and imp is not None:
        b.add("spine_angle_change_impact", cv["spine_angle"][imp] - cv["spine_angle"][ad], "deg", "yz",
              "forward spine tilt at impact minus at address (negative = standing up)", imp)
        b.add("hip_depth_change_impact", cv["pelvis_forward"][imp], "m", "z", "pelvis movement toward the ball "
              "from address to impact (early extension when large)", imp)
        b.add("pelvis_slide_impact", cv["pelvis_lateral"][imp], "m", "x", "pelvis shift toward the target from "
              "address to impact", imp)
        b.add("head_rise_impact", cv["head_vertical"][imp], "m", "y", "head height change from address to "
              "impact", imp)
        disp = np.hypot(cv["head_lateral"][ad:imp + 1], cv["head_vertical"][ad:imp + 1])
        b.add("head_movement", float(disp.max()), "m", "xy", "largest head displacement in the face-on plane "
              "between address and impact", ad + int(np.argmax(disp)))
    if ad is not None and top is not None:
        b.add("pelvis_sway_top", cv["pelvis_lateral"][top], "m", "x", "pelvis shift from address to the top, "
              "+ toward the target (sway when strongly negative)", top)
        b.add("upper_body_shift_top", cv["upper_lateral"][top], "m", "x", "shoulder midpoint relative to the "
              "pelvis at the top vs. address, + toward the target (reverse pivot)", top)
        b.add("backswing_arc", cv["hand_angle"][top] - cv["hand_angle"][ad], "deg", "xy", "hand-path angle "
              "from address to the top in the face-on plane", top)
    if top is not None and "shaft_elevation" in cv and club_measured:
        shaft = body.club[top, 1] - body.club[top, 0]
        toward = np.sign(shaft[0] * body.target) or 1.0
        b.add("club_past_parallel_top", -cv["shaft_elevation"][top] * toward, "deg", "xyz", "shaft angle below "
              "horizontal at the top (positive = past parallel)", top)
        md = ev["mid_downswing"]
        if md is not None:
            shaft_d = body.club[md:md + 1, 1] - body.club[md:md + 1, 0]
            wrist = body.wrists[0][md:md + 1]
            ang = 180.0 - inner_angle(body.elbows[0][md:md + 1], wrist, wrist + shaft_d)[0]
            b.add("wrist_hinge_mid_downswing", ang, "deg", "xyz", "angle between lead forearm and shaft at "
                  "mid-downswing (lag; casting when small)", md)
    mf = ev["mid_follow_through"]
    if mf is None and imp is not None and ev["finish"] is not None:
        mf = imp + int(round(0.25 * (ev["finish"] - imp)))
    b.add("lead_elbow_follow", _at(cv["lead_elbow_angle"], mf), "deg", "xyz", "lead elbow angle at "
          "mid-follow-through (180 = straight; chicken wing when bent)", mf)


def _downswing_path_offset(body: Body, top: int, imp: int, ad: int | None) -> float | None:
    """Max over the first 60% of the downswing of (hand depth toward the ball) minus the backswing's hand depth
    at the same hand height (m)."""
    start = ad if ad is not None else max(0, top - 3 * (imp - top))
    back = body.hands[start:top + 1]
    if len(back) < 3:
        return None
    order = np.argsort(back[:, 1])
    hy, hz = back[order, 1], back[order, 2]
    end = top + max(2, int(round(0.6 * (imp - top))))
    down = body.hands[top:end + 1]
    ok = (down[:, 1] >= hy[0]) & (down[:, 1] <= hy[-1])
    if not ok.any():
        return None
    return float(np.max(down[ok, 2] - np.interp(down[ok, 1], hy, hz)))


def baseball_metrics(b: _Builder, body: Body, cv: dict, ev: dict, club_measured: bool) -> None:
    fps = body.fps
    st, ld, fp, ct = ev["stance"], ev["load"], ev["foot_plant"], ev["contact"]
    if fp is not None:
        b.add("stride_length_m", cv["lead_ankle_lateral"][fp], "m", "x", "lead ankle travel toward the pitcher "
              "from stance to foot plant", fp)
        b.add("hip_shoulder_sep_fp", cv["x_factor"][fp], "deg", "xz", "torso - pelvis rotation at foot plant "
              "(+ = torso more closed)", fp)
    if fp is not None and ct is not None and ct > fp:
        b.add("fp_to_contact_s", (ct - fp) / fps, "s", "t", "foot plant -> contact")
    lo = ld if ld is not None else (st if st is not None else fp)
    if lo is not None and ct is not None and ct > lo:
        k, v = _peak(cv["x_factor"], lo, ct, 1.0)
        b.add("hip_shoulder_sep_max", v, "deg", "xz", "maximum torso - pelvis separation from load to contact", k)
        hi = min(len(cv["hand_speed"]) - 1, ct + 2)
        b.add("hand_speed_max", float(cv["hand_speed"][lo:hi + 1].max()), "m/s", "xyz", "peak hand speed")
        if "club_speed" in cv and club_measured:
            b.add("bat_speed_max", float(cv["club_speed"][lo:hi + 1].max()), "m/s", "xyz", "peak bat-end speed")
        kp, _ = _peak(cv["pelvis_speed"], lo, hi, -1.0)
        kt, _ = _peak(cv["thorax_speed"], lo, hi, -1.0)
        b.add("pelvis_peak_speed", -cv["pelvis_speed"][kp], "deg/s", "xz", "peak pelvis rotation speed", kp)
        b.add("torso_peak_speed", -cv["thorax_speed"][kt], "deg/s", "xz", "peak torso rotation speed", kt)
        b.add("kinematic_sequence", float(kp <= kt), "bool", "xz", f"1 when the pelvis peaks before the torso "
              f"(frames {kp}, {kt})")
    if st is not None and ct is not None:
        b.add("head_movement", cv["head_lateral"][ct], "m", "x", "head travel toward the pitcher from stance to "
              "contact", ct)
        b.add("upper_lean_contact", cv["upper_lateral"][ct], "m", "x", "shoulder midpoint relative to the pelvis "
              "at contact vs. stance, + toward the pitcher", ct)


def swing_metrics(sport: str, body: Body, cv: dict, events: dict, camera_yaw_deg: float | None,
                  club_measured: bool = True) -> dict[str, Metric]:
    """Metrics of one swing; `cv` are curves relative to the swing's first event (address / stance)."""
    b = _Builder(sport, camera_yaw_deg)
    (golf_metrics if sport == "golf" else baseball_metrics)(b, body, cv, events, club_measured)
    return b.out
