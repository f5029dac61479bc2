"""Peak speeds of fast arcs (hands, club head) survive the analysis' smoothing."""

import numpy as np

from llamo_engine.analysis.kinematics import speed


def test_speed_of_a_fast_arc_is_not_cut_by_smoothing():
    fps, radius, omega = 30.0, 1.6, 18.0                      # a club head at ~29 m/s
    t = np.arange(60) / fps
    track = np.stack([radius * np.cos(omega * t), radius * np.sin(omega * t), np.zeros_like(t)], axis=1)
    v = speed(track, fps)
    assert abs(np.median(v[5:-5]) - radius * omega) / (radius * omega) < 0.07


def test_speed_of_a_still_point_is_zero_and_keeps_length():
    track = np.ones((10, 3))
    v = speed(track, 30.0)
    assert v.shape == (10,) and np.allclose(v, 0.0)
