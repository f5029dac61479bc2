"""Shared fixtures: paths to shipped assets and to the evaluation data (skipped when absent)."""

import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
REALDATA = ROOT.parent / "shared" / "realdata"
SAMPLE_PERSON_CLIP = ROOT / "assets" / "samples" / "sports2d_demo.mp4"


@pytest.fixture(scope="session")
def realdata() -> pathlib.Path:
    """../shared/realdata (evaluation only); tests using it skip cleanly on a fresh clone without it."""
    if not REALDATA.is_dir():
        pytest.skip("../shared/realdata is absent (evaluation data is not part of the project)")
    return REALDATA


@pytest.fixture(scope="session")
def person_motion():
    """The estimator's MotionSequence of the shipped Sports2D demo clip (computed once per session)."""
    from llamo_engine.motion.estimator import estimate_motion
    return estimate_motion(SAMPLE_PERSON_CLIP)
