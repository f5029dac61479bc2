"""The estimator noise model: camera-frame noise, raw vs smoothed joints, drops, and its evaluation."""

import numpy as np
import pytest

from llamo_engine.data.synth import add_estimator_noise, generate_swing, sample_params
from llamo_engine.eval import noise as noise_eval
from llamo_engine.eval.__main__ import main


@pytest.fixture(scope="module")
def swing():
    return generate_swing(sample_params(1_000_123, "golf"))


def test_raw_joints_are_nan_exactly_where_frames_were_dropped(swing):
    m = add_estimator_noise(swing.motion, 5, drop_rate=0.1)
    assert (~m.present).sum() > 0
    assert np.isnan(m.joints_raw[~m.present]).all() and np.isfinite(m.joints_raw[m.present]).all()
    assert np.isfinite(m.joints).all() and (m.confidence[~m.present] == 0).all()


def test_depth_noise_follows_the_camera(swing):
    """Down the line the camera axis is the canonical x: the depth noise moves there."""
    clean = swing.motion.joints[:, noise_eval.DIRECT]
    err = {}
    for yaw in (0.0, 90.0):
        m = add_estimator_noise(swing.motion, 3, camera_yaw_deg=yaw, swap_rate=0.0, drop_rate=0.0,
                                depth_scale=(1.0, 1.0))
        d = m.joints_raw[:, noise_eval.DIRECT] - clean
        err[yaw] = np.abs(np.diff(d, axis=0)).mean(axis=(0, 1))   # frame-to-frame noise per canonical axis
    assert err[0.0][2] > 1.5 * err[0.0][0]
    assert err[90.0][0] > 1.5 * err[90.0][2]


def test_smoothing_removes_most_jitter_at_address(swing):
    stats = noise_eval.still_stats(add_estimator_noise(swing.motion, 2, swap_rate=0.0))
    assert (stats["smoothed jitter"] < 0.8 * stats["jitter"]).all()
    assert stats["jitter"][2] > stats["jitter"][0]                   # depth is the worst axis


def test_depth_error_grows_with_distance_from_the_camera_plane(swing):
    m = add_estimator_noise(swing.motion, 4, swap_rate=0.0)
    e = noise_eval.truth_error(m, swing.motion)
    assert e["depth err far"] > e["depth err near"]
    assert 0.4 < e["depth scale"] < 0.9


def test_swap_detector_counts_an_exchanged_pair(swing):
    m = add_estimator_noise(swing.motion, 1, swap_rate=0.0, drop_rate=0.0, camera_yaw_deg=90.0)
    assert noise_eval.swap_frames(m) == 0
    raw = m.joints_raw.copy()
    raw[40] = raw[40][[0, 2, 1] + list(range(3, 22))]    # hips exchanged in one frame
    m.joints_raw = raw
    assert noise_eval.swap_frames(m) == 2                  # into the swap and back out


def test_noise_eval_runs_without_real_data(capsys, tmp_path):
    assert main(["noise", "--synthetic", "2", "--rendered", "0", "--realdata", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "real clips: skipped" in out and "smoothed jitter" in out


@pytest.mark.realdata
@pytest.mark.slow
def test_model_matches_the_real_clips_within_a_factor_1_5(realdata):
    real = noise_eval.real_motions(realdata)
    if real is None:
        pytest.skip("no golf clips in the real data")
    r = noise_eval.summarize(real)
    s = noise_eval.summarize(noise_eval.synthetic_swings(24, [m.camera_yaw_deg for m in real], [m.fps for m in real]))
    for key in ("jitter", "sd", "drift", "residual", "smoothed jitter"):
        ratio = s[key] / r[key]
        assert ((ratio > 1 / 1.5) & (ratio < 1.5)).all(), (key, r[key], s[key])
