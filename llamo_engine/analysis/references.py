"""Reference bands for swing metrics, each with its source, and the thresholds that flag faults.

Bands marked "engineering default" are this project's choices (not a published norm) and say so in the output.
"""

from __future__ import annotations

SWING_MD = "docs/SWING.md"
ENG = "engineering default"

# metric -> (lo, hi, source)
GOLF_BANDS = {
    "tempo_ratio": (2.5, 3.5, "tour tempo ~3:1 (2.5-3.3); GolfDB median 3.43 (" + SWING_MD + ")"),
    "backswing_time_s": (0.65, 1.1, ENG),
    "downswing_time_s": (0.2, 0.35, "GolfDB: ~7-9 frames at 30 fps (" + SWING_MD + ")"),
    "pelvis_rotation_top": (38.0, 55.0, "hip turn ~45-50 deg at the top (" + SWING_MD + ")"),
    "thorax_rotation_top": (80.0, 110.0, "shoulder turn ~90 deg or more (" + SWING_MD + ")"),
    "x_factor_top": (30.0, 55.0, "TPI tour average ~42 deg (" + SWING_MD + ")"),
    "x_factor_stretch": (2.0, 12.0, "~5 deg for tour players (" + SWING_MD + ")"),
    "pelvis_rotation_impact": (-55.0, -25.0, ENG),
    "thorax_rotation_impact": (-35.0, 0.0, ENG),
    "lead_elbow_top": (155.0, 180.0, "lead arm near straight at the top (" + SWING_MD + ")"),
    "shoulder_tilt_top": (28.0, 45.0, "lead-shoulder tilt ~36 deg at the top, SwingTRU (" + SWING_MD + ")"),
    "spine_angle_change_impact": (-6.0, 4.0, ENG + " (loss of posture below)"),
    "hip_depth_change_impact": (-0.03, 0.04, ENG + " (early extension above; TPI: 67% of amateurs)"),
    "pelvis_sway_top": (-0.05, 0.04, ENG + " (+ = toward the target)"),
    "pelvis_slide_impact": (0.0, 0.13, ENG + " (+ = toward the target)"),
    "upper_body_shift_top": (-0.08, 0.02, ENG + " (+ = toward the target: reverse pivot)"),
    "head_rise_impact": (-0.05, 0.035, ENG),
    "head_movement": (0.0, 0.1, "small; head stays behind the ball (" + SWING_MD + ")"),
    "hand_speed_max": (6.0, 12.0, ENG),
    "club_speed_max": (30.0, 55.0, "GEARS capture: 48.3 m/s driver, 38.6 m/s iron"),
    "downswing_path_offset": (-0.1, 0.05, ENG + " (+ = hands outside the backswing path: over the top)"),
    "wrist_hinge_mid_downswing": (60.0, 110.0, ENG + " (lag held into the downswing)"),
    "club_past_parallel_top": (-45.0, 3.0, "overswing = club past parallel (" + SWING_MD + ")"),
    "backswing_arc": (115.0, 168.0, ENG),
    "lead_elbow_follow": (115.0, 180.0, ENG + " (chicken wing below)"),
    "kinematic_sequence": (1.0, 1.0, "pelvis -> thorax -> arms, each peak later (" + SWING_MD + ")"),
}

BASEBALL_BANDS = {
    "stride_length_m": (0.2, 0.55, ENG + " (lead-ankle travel)"),
    "hip_shoulder_sep_fp": (15.0, 40.0, ENG + " (Driveline OpenBiomechanics naming)"),
    "hip_shoulder_sep_max": (20.0, 55.0, ENG),
    "fp_to_contact_s": (0.12, 0.25, ENG),
    "head_movement": (-0.15, 0.0, ENG + " (toward the pitcher +; the head should stay back)"),
    "upper_lean_contact": (-0.25, 0.04, ENG + " (+ = trunk over the front leg: lunging)"),
    "hand_speed_max": (5.0, 12.0, ENG),
    "bat_speed_max": (25.0, 40.0, ENG),
    "kinematic_sequence": (1.0, 1.0, "pelvis before torso (Driveline OpenBiomechanics)"),
}
BANDS = {"golf": GOLF_BANDS, "baseball": BASEBALL_BANDS}

# fault -> (metric, comparison, threshold, description)
GOLF_FAULT_RULES = {
    "early_extension": ("hip_depth_change_impact", ">", 0.05, "pelvis moves toward the ball in the downswing"),
    "loss_of_posture": ("spine_angle_change_impact", "<", -11.0, "spine angle lost (stands up) by impact"),
    "sway": ("pelvis_sway_top", "<", -0.06, "pelvis shifts away from the target in the backswing"),
    "slide": ("pelvis_slide_impact", ">", 0.15, "pelvis slides past the lead foot toward the target"),
    "reverse_pivot": ("upper_body_shift_top", ">", 0.03, "upper body leans toward the target at the top"),
    "over_the_top": ("downswing_path_offset", ">", 0.11, "hands start the downswing outside the backswing path"),
    "chicken_wing": ("lead_elbow_follow", "<", 113.0, "lead elbow bends and flies after impact"),
    "casting": ("wrist_hinge_mid_downswing", "<", 48.0, "wrist hinge released early in the downswing"),
    "overswing": ("club_past_parallel_top", ">", 0.0, "club goes past parallel at the top"),
    "head_lift": ("head_rise_impact", ">", 0.06, "head rises through impact"),
    "flat_shoulder_plane": ("shoulder_tilt_top", "<", 27.0, "shoulders turn too level at the top"),
    "insufficient_hip_turn": ("pelvis_rotation_top", "<", 30.0, "hips barely turn in the backswing"),
}
# Without a measured club, overswing is read from the hand-path arc.
OVERSWING_ARC_RULE = ("backswing_arc", ">", 170.0, "hands swing far past the trail shoulder (overswing)")
BASEBALL_FAULT_RULES = {
    "early_hip_opening": ("hip_shoulder_sep_fp", "<", 13.0, "hips open with the shoulders: no separation at foot plant"),
    "long_stride": ("stride_length_m", ">", 0.56, "stride too long"),
    "head_drift": ("head_movement", ">", 0.0, "head drifts toward the pitcher before contact"),
    "lunging": ("upper_lean_contact", ">", 0.05, "trunk lunges over the front leg at contact"),
}
FAULT_RULES = {"golf": GOLF_FAULT_RULES, "baseball": BASEBALL_FAULT_RULES}
# Stricter thresholds for a metric measured with weak depth (confidence below faults.MIN_CONFIDENCE: a face-on or
# down-the-line clip). Only faults whose metric still separates in one camera view have one; the rest are not
# flagged from such a clip. Chosen on 600 training-seed synthetic clips with the estimator-noise model (true
# positives / misses / false alarms among the weak-depth clips at the threshold): chicken wing 12/8/4 (113 gave
# 20/0/22), insufficient hip turn 11/15/3 (30 gave 22/4/44), early hip opening 8/5/2, lunging 4/3/0. Sway, slide and
# early extension read depth and show no signal there. Reverse pivot (5/0/0 at 0.06) and flat shoulder plane
# (14/2/0 at 27) separated on synthetic noise but not on real video: MediaPipe put the upper body 8-19 cm toward the
# target at the top in all five real down-the-line clips, and measured 2 deg of shoulder tilt for the sample clip's
# face-on render of a swing with 42 deg, so neither is flagged from one view.
SINGLE_VIEW_THRESHOLDS = {
    "golf": {"chicken_wing": 100.0, "insufficient_hip_turn": 10.0},
    "baseball": {"early_hip_opening": 10.0, "lunging": 0.05},
}
