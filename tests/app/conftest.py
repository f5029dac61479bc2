"""App test setup: offscreen Qt unless a display is present; every test gets its own data directory."""

import os

import numpy as np
import pytest

if not os.environ.get("DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    """LLAMO_DATA_DIR points at a fresh folder, so no test touches the user's library."""
    path = tmp_path / "data"
    monkeypatch.setenv("LLAMO_DATA_DIR", str(path))
    return path


@pytest.fixture
def needs_display():
    if not os.environ.get("DISPLAY"):
        pytest.skip("needs a display for OpenGL (run under xvfb-run -a)")


@pytest.fixture(scope="session")
def golf_swing():
    """A synthetic right-handed golf swing (clean motion with a measured club) and its truth."""
    from llamo_engine.data.synth.params import sample_params
    from llamo_engine.data.synth.swing import generate_swing
    return generate_swing(sample_params(3, "golf"), lead_in_s=0.5)


@pytest.fixture
def golf_npz(golf_swing, tmp_path):
    path = tmp_path / "clips" / "synth_golf.npz"
    path.parent.mkdir()
    golf_swing.motion.save(path)
    return path


@pytest.fixture
def tiny_motion():
    """A 10-frame standing skeleton (for view tests that need no analysis)."""
    from llamo_engine.motion.skeleton import MotionSequence
    rng = np.random.default_rng(0)
    joints = np.tile(rng.normal(0, 0.3, (1, 22, 3)).astype(np.float32), (10, 1, 1))
    joints[:, :, 1] += 1.0
    joints += np.linspace(0, 0.5, 10, dtype=np.float32)[:, None, None]
    return MotionSequence(joints=joints, confidence=np.ones((10, 22)), present=np.ones(10, bool),
                          timestamps=np.arange(10) / 30.0, fps=30.0, source="test")
