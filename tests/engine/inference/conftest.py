"""Fixtures for the inference tests: an Engine on the tiny random backbone (`tiny_backbone`, tests/conftest.py),
with a private cache folder."""

import pytest

from llamo_engine.data.synth.tiny import tiny_motion
from llamo_engine.inference import Engine


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
