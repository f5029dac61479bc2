"""Slow motion read from the motion itself, and events that do not depend on the clip being in real time."""

import numpy as np
import pytest

from llamo_engine.analysis import analyze
from llamo_engine.analysis.golf_events import takeaway_start
from llamo_engine.analysis.slow_motion import suggest_capture_fps
from llamo_engine.analysis.types import SwingAnalysis
from llamo_engine.data.synth import HELDOUT_SEEDS, add_estimator_noise, generate_swing, sample_params
from llamo_engine.eval.slow_motion import retime


def test_suggested_rate_from_the_downswing_length():
    assert suggest_capture_fps(8, 30.0) is None             # 0.27 s: real time
    assert suggest_capture_fps(14, 30.0) is None            # 0.47 s: a slow amateur, still real time
    assert suggest_capture_fps(32, 30.0) == 120.0           # 1.07 s at 30 fps: 4x slow motion
    assert suggest_capture_fps(64, 30.0) == 240.0
    assert suggest_capture_fps(64, 240.0) is None           # the same clip once 'recorded at' 240 is set


@pytest.fixture(scope="module")
def swing():
    seed = HELDOUT_SEEDS.start + 7
    sw = generate_swing(sample_params(seed, "golf"))
    return sw, add_estimator_noise(sw.motion, seed)


def test_a_four_times_slow_copy_is_flagged_and_keeps_its_events(swing):
    sw, motion = swing
    a0 = analyze(motion)
    assert a0.suggested_capture_fps is None
    slow = retime(motion, 4)
    a = analyze(slow)
    assert a.sport == "golf" and len(a.swings) == 1
    assert a.suggested_capture_fps == 4 * motion.fps
    rate = 4 * motion.fps
    assert any(f"looks like slow motion recorded at about {rate:.0f} fps" in n for n in a.notes)
    d = a.to_dict()
    assert d["suggested_capture_fps"] == rate
    assert SwingAnalysis.from_dict(d).suggested_capture_fps == rate
    known = analyze(slow.with_capture_fps(4 * motion.fps))
    assert known.suggested_capture_fps is None
    for name in ("address", "top", "impact", "toe_up"):
        assert abs(a.swings[0].events[name] / 4 - a0.swings[0].events[name]) <= 1.0, name
        assert abs(known.swings[0].events[name] / 4 - a0.swings[0].events[name]) <= 1.0, name
    for name in ("downswing_time_s", "backswing_time_s"):
        assert known.swings[0].metrics[name].value == pytest.approx(a0.swings[0].metrics[name].value, abs=0.04)


def test_takeaway_start_is_where_the_hands_leave_their_swaying_rest():
    fps = 30.0
    t = np.arange(90) / fps
    rng = np.random.default_rng(0)
    P = np.zeros((90, 2))
    P[:, 0] = 0.01 * np.sin(2 * np.pi * 0.5 * t) + rng.normal(0, 0.002, 90)   # sway at address
    move = np.clip(t - 1.5, 0, None)                                           # takeaway at frame 45
    P[:, 0] -= 2.0 * move ** 2
    P[:, 1] -= 1.5 * move ** 2
    k = takeaway_start(P, 80, 0, fps)
    assert k is not None and 44 <= k <= 49
    assert takeaway_start(P[60:], 25, 0, fps) is None          # moving since the clip's first frame
