"""Fixtures for the model tests: a random tiny Llama backbone folder (no downloads), a fixed seed."""

import pytest
import torch

from llamo_engine.model.tiny import build_tiny_backbone
from tests.engine.model.tiny_setup import TINY_HIDDEN


@pytest.fixture(scope="session")
def tiny_backbone(tmp_path_factory) -> str:
    return str(build_tiny_backbone(tmp_path_factory.mktemp("tiny_llm"), hidden_size=TINY_HIDDEN))


@pytest.fixture
def seeded():
    torch.manual_seed(0)
