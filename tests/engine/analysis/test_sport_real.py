"""Sport detection and baseball events on real motion (skipped without ../shared/realdata): marker captures
(GEARS golf, Driveline hitting and pitching) and the real batting video with its labelled contact frame."""

import numpy as np
import pytest

from llamo_engine.analysis import analyze
from llamo_engine.analysis.kinematics import body_of, curves
from llamo_engine.motion.files import load_motion_file

FOOT_PLANT_LABEL = 54   # batting1.mp4: the lead foot back on the ground, read by hand from a zoomed contact sheet


@pytest.mark.realdata
@pytest.mark.parametrize("name", ["C3D_TA_Driver.c3d", "C3D_TA_Iron.c3d"])
def test_gears_golf_captures_are_golf_with_impact_at_the_ball(realdata, name):
    motion = load_motion_file(realdata / "mocap" / "golf_gears" / name)
    a = analyze(motion)
    assert a.sport == "golf" and len(a.swings) == 1
    ev = a.swings[0].events
    assert ev["address"] < ev["top"] < ev["impact"]
    head_y = motion.club[:, 1, 1]
    lowest = ev["top"] + int(np.argmin(head_y[ev["top"]:ev["impact"] + int(0.2 * motion.fps)]))
    assert abs(ev["impact"] - lowest) <= 0.02 * motion.fps        # the club head at the ball, within 20 ms


@pytest.mark.realdata
def test_driveline_hitting_capture_is_batting_with_contact_at_peak_bat_speed(realdata):
    motion = load_motion_file(realdata / "mocap" / "obp_hitting" / "hitting_sample.c3d")
    a = analyze(motion)
    assert a.sport == "baseball" and len(a.swings) == 1 and a.swings[0].handedness == "right"
    ev, fps = a.swings[0].events, motion.fps
    cv = curves(body_of(motion, True), 0)
    assert abs(ev["contact"] - int(np.argmax(cv["club_speed"]))) <= 0.02 * fps
    assert ev["load"] < ev["foot_plant"] < ev["contact"]
    ankle = cv["lead_ankle_height"]
    assert ankle[ev["foot_plant"]] - ankle[ev["contact"]] < 0.03      # the lead foot is down at foot plant
    assert ankle[ev["load"]] - ankle[ev["foot_plant"]] > 0.2           # ... after the leg lift
    bat = a.swings[0].metrics["bat_speed_max"].value
    assert 26.0 < bat < 33.0            # Driveline's 677 swings: 58-74 mph (26-33 m/s) from 5th to 95th percentile


@pytest.mark.realdata
def test_pitching_captures_are_no_swing(realdata):
    paths = sorted((realdata / "mocap" / "obp_pitching").glob("*.c3d"))
    assert len(paths) >= 10
    sports = {p.name: analyze(load_motion_file(p)).sport for p in paths}
    assert set(sports.values()) == {"none"}, sports


@pytest.mark.slow
@pytest.mark.realdata
def test_real_batting_video_contact_and_foot_plant(realdata):
    from llamo_engine.eval.batting_real import per_event_rows
    from llamo_engine.eval.analysis_real import cached_motion
    rows = per_event_rows(realdata)
    assert rows and all(r["sport"] == "baseball" and r["swings"] == 1 for r in rows)
    contact = [r for r in rows if r["event"] == "contact"]
    assert contact and all(r["within"] and abs(r["error"]) <= 2 for r in contact)
    a = analyze(cached_motion(realdata / "baseball" / "batting_video" / "batting1.mp4"))
    ev = a.swings[0].events
    assert abs(ev["foot_plant"] - FOOT_PLANT_LABEL) <= 2
    assert ev["stance"] is not None and ev["stance"] < ev["load"] < ev["foot_plant"] < ev["contact"]
    m = a.swings[0].metrics
    assert 0.1 < m["stride_length_m"].value < 0.5 and 3.0 < m["hand_speed_max"].value < 12.0
    for clip in sorted((realdata / "baseball" / "pitching_video").glob("*.mp4")):
        assert analyze(cached_motion(clip)).sport == "none", clip.name
