"""ReportContent, annotations and phases (the drills: tests/engine/coaching)."""

import pytest

from llamo_engine.report.content import Annotation, ChatItem, ReportContent, phase_name


def test_annotation_validation_and_round_trip():
    a = Annotation(12, "angle", [(0.1, 0.2), (0.3, 0.4), (0.5, 0.6)], "knee")
    assert Annotation.from_dict(a.to_dict()) == a
    assert Annotation(3, "note", [], "text only").points == []
    with pytest.raises(ValueError, match="kind"):
        Annotation(0, "circle", [(0.1, 0.1)])
    with pytest.raises(ValueError, match="2 points"):
        Annotation(0, "line", [(0.1, 0.1)])
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        Annotation(0, "line", [(0.1, 0.1), (1.5, 0.2)])
    c = ChatItem("q?", "a.", [1, 2])
    assert ChatItem.from_dict(c.to_dict()) == c


def test_content_checks_frames(golf_content):
    c = golf_content
    with pytest.raises(ValueError, match="outside the clip"):
        ReportContent(c.clip_path, c.motion, c.analysis, annotations=[Annotation(10_000, "note", [], "x")])
    names = [n for n, _ in c.key_frames(0)]
    assert names == ["address", "toe_up", "mid_backswing", "top", "mid_downswing", "impact", "mid_follow_through",
                     "finish"]
    frames = [f for _, f in c.key_frames(0)]
    assert frames == sorted(frames)
    top = c.analysis.swings[0].events["top"]
    assert c.moment_at(top) == "Top"
    assert c.moment_at(top + 1) == "Downswing"
    assert c.overview_frames(4)[0] == 0 and c.overview_frames(4)[-1] == c.motion.num_frames - 1


def test_phase_names():
    ev = {"address": 10, "top": 30, "impact": 40, "finish": 60}
    assert [phase_name("golf", ev, f) for f in (0, 10, 29, 30, 45, 60, 99)] == [
        "address", "backswing", "backswing", "downswing", "follow-through", "finish", "finish"]
    assert phase_name("golf", {"address": 10, "top": None, "impact": 40, "finish": 60}, 20) == ""
    assert phase_name("baseball", {"stance": 0, "load": 10, "foot_plant": 20, "contact": 25,
                                   "follow_through": 35}, 22) == "swing"
