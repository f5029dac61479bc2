"""Fixtures for the model tests: a fixed seed (the tiny backbone is the shared `tiny_backbone` fixture)."""

import pytest
import torch


@pytest.fixture
def seeded():
    torch.manual_seed(0)
