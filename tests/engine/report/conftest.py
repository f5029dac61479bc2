"""Report fixtures: a synthetic golf swing (or two, back to back) with a hand-built SwingAnalysis, so the
report tests do not depend on the analysis' detectors."""

import datetime as dt

import numpy as np
import pytest

from llamo_engine.analysis.types import Fault, Metric, Swing, SwingAnalysis
from llamo_engine.data.synth.params import SwingParams
from llamo_engine.data.synth.swing import generate_swing
from llamo_engine.motion.skeleton import MotionSequence
from llamo_engine.report.content import Annotation, ChatItem, ReportContent


def line_yaw(motion: MotionSequence, a: str, b: str, ref: int) -> np.ndarray:
    """(T,) ground-plane rotation (deg) of the a->b line from frame `ref`, + away from the target (+x)."""
    v = motion.joint(a) - motion.joint(b)
    yaw = np.unwrap(np.arctan2(-v[:, 2], v[:, 0]))
    return -np.degrees(yaw - yaw[ref])


def hand_made_analysis(motion: MotionSequence, truths: list[dict], faults: bool = True) -> SwingAnalysis:
    swings = []
    for k, truth in enumerate(truths):
        ev = truth["events"]
        metrics = {
            "tempo_ratio": Metric((ev["top"] - ev["address"]) / (ev["impact"] - ev["top"]), "ratio", 0.9,
                                  (2.5, 3.5), "tour tempo ~3:1", "backswing / downswing time", None),
            "pelvis_rotation_top": Metric(27.0 + 10 * k, "deg", 0.9, (38.0, 55.0), "SWING.md", "hip turn at top",
                                          ev["top"]),
            "thorax_rotation_top": Metric(92.0, "deg", 0.5, (80.0, 110.0), "SWING.md", "shoulder turn at top",
                                          ev["top"]),
            "hip_depth_change_impact": Metric(0.071, "m", 0.8, (-0.03, 0.04), "engineering default",
                                              "pelvis toward the ball", ev["impact"]),
        }
        fl = [Fault("early_extension", "moderate", "hip_depth_change_impact", [ev["mid_downswing"], ev["impact"]],
                    "pelvis moves toward the ball in the downswing"),
              Fault("insufficient_hip_turn", "mild", "pelvis_rotation_top", [ev["top"]],
                    "hips barely turn in the backswing")] if faults else []
        swings.append(Swing(truth["start"], truth["end"], dict(ev), metrics, fl, "right"))
    ref = truths[0]["start"]
    pelvis = line_yaw(motion, "left_hip", "right_hip", ref)
    thorax = line_yaw(motion, "left_shoulder", "right_shoulder", ref)
    hands = (motion.joint("left_wrist") + motion.joint("right_wrist")) / 2
    curves = {"pelvis_rotation": pelvis, "thorax_rotation": thorax, "x_factor": thorax - pelvis,
              "hand_speed": np.linalg.norm(np.gradient(hands, axis=0), axis=1) * motion.fps}
    return SwingAnalysis("golf", swings, curves, motion.fps, motion.num_frames, motion.camera_yaw_deg)


def synthetic_content(n_swings: int = 1, chat: bool = True, notes: bool = True) -> ReportContent:
    parts = [generate_swing(SwingParams(seed=s, fps=30.0, faults=frozenset({"early_extension"})),
                            compute_metrics=False) for s in range(n_swings)]
    motion = parts[0].motion
    truths = [parts[0].truth]
    for p in parts[1:]:
        offset = motion.num_frames
        joints = np.concatenate([motion.joints, p.motion.joints])
        club = np.concatenate([motion.club, p.motion.club])
        T = joints.shape[0]
        motion = MotionSequence(joints, np.ones((T, 22)), np.ones(T, bool), np.arange(T) / 30.0, 30.0,
                                "synthetic:two", club=club, club_estimated=False)
        t = dict(p.truth)
        t["events"] = {k: v + offset for k, v in p.truth["events"].items()}
        t["start"], t["end"] = p.truth["start"] + offset, p.truth["end"] + offset
        truths.append(t)
    analysis = hand_made_analysis(motion, truths)
    ev = truths[0]["events"]
    items = [ChatItem("What is my tempo ratio?", "Your backswing takes about three times as long as your "
                      "downswing (tempo 3.0), right in the tour range.", [ev["address"], ev["top"], ev["impact"]]),
             ChatItem("Is there early extension in my downswing?", "Yes: your pelvis moves 7 cm toward the ball "
                      "between the top and impact.", list(range(ev["top"], ev["impact"] + 1, 2)))] if chat else []
    notes_text = ("Great tempo. Work on keeping the hips back through impact:\n"
                  "- wall drill, 3 x 10 slow swings\n- film again next week") if notes else ""
    annotations = [Annotation(ev["top"], "line", [(0.3, 0.2), (0.7, 0.9)], "shaft plane"),
                   Annotation(ev["impact"], "angle", [(0.4, 0.3), (0.5, 0.6), (0.7, 0.6)], "knee flex"),
                   Annotation(ev["impact"], "note", [(0.55, 0.45)], "hips toward the ball")]
    return ReportContent(clip_path="synthetic_swing.npz", motion=motion, analysis=analysis, chat=items,
                         notes=notes_text, annotations=annotations, athlete="Jamie Rivera",
                         date=dt.date(2025, 5, 17))


@pytest.fixture(scope="session")
def golf_content() -> ReportContent:
    return synthetic_content(1)


@pytest.fixture(scope="session")
def two_swing_content() -> ReportContent:
    return synthetic_content(2, chat=False)
