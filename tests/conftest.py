"""Shared fixtures: paths to shipped assets and to the evaluation data (skipped when absent), the tiny random
LLM backbone."""

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
def tiny_backbone(tmp_path_factory) -> str:
    """A random tiny Llama backbone folder (hidden size TINY_HIDDEN, byte tokenizer; no downloads), once per run."""
    from tests.tiny_llm import TINY_HIDDEN, build_tiny_backbone
    return str(build_tiny_backbone(tmp_path_factory.mktemp("tiny_llm"), hidden_size=TINY_HIDDEN))


@pytest.fixture(scope="session")
def person_motion():
    """The estimator's MotionSequence of the shipped Sports2D demo clip (computed once per session)."""
    from llamo_engine.motion.estimator import estimate_motion
    return estimate_motion(SAMPLE_PERSON_CLIP)
