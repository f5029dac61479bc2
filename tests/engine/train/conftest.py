"""A tiny training config on the tiny random backbone (`tiny_backbone`, tests/conftest.py); the dataset cache in a
temp folder."""

import pytest


@pytest.fixture(autouse=True)
def isolated_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("LLAMO_CACHE_DIR", str(tmp_path / "cache"))


def tiny_train_config(backbone: str, out, stage: str, init=None, **kw):
    from llamo_engine.train.loop import TrainConfig
    settings = dict(stage=stage, out=str(out), init=None if init is None else str(init), backbone=backbone, dim=32,
                    layers=1, steps=4, batch_size=2, train_clips=3, per_category=1, save_every=2, log_every=2,
                    warmup=1, video_pretrained=False)
    settings.update(kw)
    return TrainConfig(**settings)
