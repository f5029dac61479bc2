"""Fixtures for the inference tests: an Engine on a tiny random Llama backbone, with a private cache folder."""

import pytest

from llamo_engine.inference import Engine
from llamo_engine.model.tiny import build_tiny_backbone, tiny_motion


@pytest.fixture(scope="session")
def tiny_backbone(tmp_path_factory) -> str:
    return str(build_tiny_backbone(tmp_path_factory.mktemp("tiny_llm"), hidden_size=64))


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("LLAMO_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


@pytest.fixture
def engine(tiny_backbone, cache):
    return Engine.untrained(tiny_backbone)


@pytest.fixture
def motion():
    return tiny_motion(120, fps=30.0)
