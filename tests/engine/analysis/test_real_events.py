"""Real labelled clips through the whole analysis (skipped without ../shared/realdata): events near the labels,
slow motion flagged where the clip is slow, and the 4x slow-motion copy of a real clip."""

import pytest

from llamo_engine.eval import real_events, slow_motion
from llamo_engine.eval.analysis_real import cached_motion


@pytest.mark.slow
@pytest.mark.realdata
def test_top_and_impact_within_golfdb_tolerance_and_slow_clips_flagged(realdata):
    rows = real_events.golf_rows(realdata)
    assert rows and all(r["sport"] == "golf" for r in rows)
    for r in rows:
        ok = real_events.within(r)
        assert ok["top"] and ok["impact"], r
        # 21-30 fps files whose labelled downswing lasts over 1 s are slow motion; the one real-time clip is not.
        label_down = (r["events"]["impact"][0] - r["events"]["top"][0]) / r["fps"]
        assert (r["suggested_capture_fps"] is not None) == (label_down > 0.5), r


@pytest.mark.slow
@pytest.mark.realdata
def test_a_real_clip_in_four_times_slow_motion_keeps_its_events(realdata):
    r = slow_motion.check("swing1", cached_motion(realdata / "golf" / "labeled" / "swing1.mp4"))
    assert r["suggested"] is not None                       # flagged as slow motion without the rate
    assert r["known"] is not None and r["known"] <= 1.0     # the same events once the rate is known
