import numpy as np

from llamo_engine.motion.filters import fill_gaps, find_gaps, one_euro


def test_find_gaps():
    present = np.array([0, 1, 1, 0, 0, 1, 0], dtype=bool)
    assert find_gaps(present) == [(0, 1), (3, 5), (6, 7)]


def test_short_interior_gaps_are_interpolated_and_long_ones_reported():
    values = np.arange(12, dtype=np.float64).reshape(12, 1)
    present = np.ones(12, dtype=bool)
    present[[3, 4]] = False          # short gap: filled linearly
    present[7:11] = False            # long gap (4 > max_gap 2): held, reported
    values[~present] = np.nan
    filled, long_gaps = fill_gaps(values, present, max_gap=2)
    assert np.allclose(filled[3:5, 0], [3, 4])
    assert long_gaps == [(7, 11)]
    assert np.all(filled[7:11, 0] == 6)  # held from the last observed frame
    assert np.isfinite(filled).all()


def test_one_euro_removes_jitter_but_follows_fast_motion():
    rng = np.random.default_rng(0)
    t = np.arange(300) / 30.0
    still = 1.0 + 0.01 * rng.standard_normal(300)
    smoothed = one_euro(still, t, min_cutoff=1.5, beta=2.0)
    assert np.std(np.diff(smoothed)) < 0.35 * np.std(np.diff(still))
    ramp = np.where(t < 5, 0.0, (t - 5) * 8.0)  # 8 m/s, like hands in a downswing
    followed = one_euro(ramp, t, min_cutoff=1.5, beta=2.0)
    lag_m = np.abs(followed - ramp)[t > 5.5].max()
    assert lag_m < 0.15


def test_zero_phase_filter_removes_the_lag():
    from llamo_engine.motion.filters import one_euro_zero_phase
    t = np.arange(120) / 30.0
    move = 0.3 / (1 + np.exp(-(t - 2.0) / 0.1))  # a 0.3 m shift over ~0.5 s, like the hands in transition
    rng = np.random.default_rng(2)
    noisy = move + 0.005 * rng.standard_normal(t.shape)

    def half_way_s(x):  # sub-frame time of the 50% crossing (the signal rises monotonically there)
        return np.interp(0.15, x[40:80], t[40:80])
    causal = one_euro(noisy, t, min_cutoff=1.5, beta=2.0)
    zero_phase = one_euro_zero_phase(noisy, t, min_cutoff=1.5, beta=2.0)
    assert half_way_s(causal) - half_way_s(move) > 1 / 30          # the causal filter lags a frame or more
    assert abs(half_way_s(zero_phase) - half_way_s(move)) < 0.2 / 30  # the zero-phase one does not
    still = t > 3
    assert np.std(np.diff(zero_phase[still])) < 0.5 * np.std(np.diff(noisy[still]))
