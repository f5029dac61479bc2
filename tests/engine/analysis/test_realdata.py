"""Analysis on a real face-on golf clip with human phase labels (skipped without ../shared/realdata)."""

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
