"""Analysis on a real golf clip with human phase labels (skipped without ../shared/realdata).

The clip is down the line (camera yaw about -83 deg): its follow-through through the lead side is lost in
MediaPipe depth, so the swing is found from the order of events (llamo_engine.analysis.hand_path)."""

import csv

import pytest

from llamo_engine.analysis import analyze


@pytest.mark.slow
@pytest.mark.realdata
def test_real_clip_is_golf_with_top_and_impact_near_the_labels(realdata):
    from llamo_engine.motion.estimator import estimate_motion
    folder = realdata / "golf" / "labeled"
    with open(folder / "swing1_labeled.csv", newline="") as f:
        phases = [r["phase"] for r in csv.DictReader(f)]
    start = {p: k for k, p in enumerate(phases) if k and phases[k - 1] != p}
    a = analyze(estimate_motion(folder / "swing1.mp4"))
    assert a.sport == "golf" and len(a.swings) == 1
    ev = a.swings[0].events
    assert abs(ev["top"] - start["Downswing"]) <= 3
    assert abs(ev["impact"] - start["Follow-through"]) <= 3
