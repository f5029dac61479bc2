"""vispy and pyqtgraph adapters, checked by their node and item data (no rendering)."""

import numpy as np
import pytest

from app import analysis_view
from app.vispy_skeleton import (BONES, GHOST_COLOURS, MAX_VIEWPOINT_GHOSTS, SkeletonScene, grid_segments,
                                 to_view)


def test_to_view_maps_canonical_y_up_to_vispy_z_up():
    np.testing.assert_allclose(to_view(np.array([[1.0, 2.0, 3.0]])), [[1.0, -3.0, 2.0]])


def test_skeleton_scene_follows_frames(golf_swing):
    from vispy import scene
    motion = golf_swing.motion
    root = scene.Node()
    s = SkeletonScene(root)
    assert not s.bones.visible
    s.set_motion(motion)
    s.set_frame(100)
    expected = to_view(motion.joints[100])[BONES.reshape(-1)]
    np.testing.assert_allclose(s.bones.pos, expected, atol=1e-6)
    np.testing.assert_allclose(s.joints._data["a_position"], to_view(motion.joints[100]), atol=1e-6)
    assert s.club.visible
    np.testing.assert_allclose(s.club.pos, to_view(motion.club[100]), atol=1e-6)
    # the hand path runs from the trail start to the playhead
    s.set_trail("Hand path", (90, 200))
    hands = 0.5 * (motion.joint("left_wrist") + motion.joint("right_wrist"))
    assert s.trail.visible and len(s.trail.pos) == 100 - 90 + 1
    np.testing.assert_allclose(s.trail.pos[-1], to_view(hands[100]), atol=1e-6)
    s.set_trail("No trail")
    assert not s.trail.visible
    with pytest.raises(ValueError, match="unknown trail"):
        s.set_trail("Sparkles")


def test_ghosts_and_viewpoints(golf_swing):
    from vispy import scene
    s = SkeletonScene(scene.Node())
    s.set_motion(golf_swing.motion)
    s.set_ghosts({"top": 159, "address": 93})
    assert s.ghosts.visible and len(s.ghosts.pos) == 2 * 2 * len(BONES)
    assert s.ghost_names == ["address", "top"]                  # in event order, one colour each
    colours = s.ghosts.color                                    # (K * 42, 4)
    np.testing.assert_allclose(colours[0], GHOST_COLOURS[0])
    np.testing.assert_allclose(colours[-1], GHOST_COLOURS[1])
    s.set_viewpoints([5, 6, 7])
    assert s.viewpoints.visible and len(s.viewpoints.pos) == 3 * 2 * len(BONES)
    scores = np.zeros(golf_swing.motion.num_frames)
    scores[[40, 50, 60, 70, 80]] = [0.1, 0.9, 0.2, 0.8, 0.7]
    s.set_viewpoints([40, 50, 60, 70, 80], scores)              # only the top three by score are drawn
    assert s.viewpoint_frames == [50, 70, 80] and len(s.viewpoints.pos) == MAX_VIEWPOINT_GHOSTS * 2 * len(BONES)
    np.testing.assert_allclose(s.viewpoints.pos[:42], to_view(golf_swing.motion.joints[50])[BONES.reshape(-1)])
    s.set_viewpoints([])
    assert not s.viewpoints.visible
    s.set_motion(None)
    assert not s.bones.visible and not s.ghosts.visible


def test_grid_lies_on_the_ground():
    g = grid_segments(1.0, 0.5)
    assert np.all(g[:, 1] == 0) and len(g) == 5 * 4


def test_timeline_items(qtbot, golf_swing):
    from llamo_engine.analysis import analyze
    from app.pg_timeline import TimelinePlots
    analysis = analyze(golf_swing.motion)
    plots = TimelinePlots()
    qtbot.addWidget(plots)
    plots.set_length(golf_swing.motion.num_frames)
    plots.set_curves({n: analysis.curves[n] for n in ("pelvis_rotation", "hand_speed")})
    x, y = plots.curve_items["pelvis_rotation"].getData()
    np.testing.assert_allclose(y, analysis.curves["pelvis_rotation"])
    assert plots.curve_items["hand_speed"].getViewBox() is plots.right_box      # m/s on the right axis
    plots.set_bands(analysis_view.swings(analysis), analysis_view.phases(analysis))
    assert [r.getRegion() for r in plots.swing_items] == [(s.start, s.end) for s in analysis.swings]
    marks = analysis_view.events(analysis)
    plots.set_events(marks)
    assert [line.value() for line in plots.event_items] == [m.frame for m in marks]
    assert "impact" in [m.name for m in marks]
    seeks = []
    plots.seek_requested.connect(seeks.append)
    plots.set_playhead(42)
    assert all(p.value() == 42 for p in plots.playheads) and seeks == []   # no echo
    plots.playheads[0].setValue(50)
    plots.playheads[0].sigDragged.emit(plots.playheads[0])
    assert seeks == [50]
    scores = np.linspace(0, 2, golf_swing.motion.num_frames)
    plots.set_scores(scores, [10, 20])
    assert [v.value() for v in plots.viewpoint_items] == [10, 20]
    np.testing.assert_allclose(plots.score_item.getData()[1], scores / 2)
    plots.set_scores([], [])
    assert plots.viewpoint_items == [] and plots.scores_hint.isVisible()
