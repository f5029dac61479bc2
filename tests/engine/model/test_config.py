import dataclasses

import pytest

from llamo_engine.model.config import LlamoConfig, LoraSettings, ProjectorConfig

from tests.engine.model.tiny_setup import tiny_config


def test_round_trip_through_json(tmp_path):
    cfg = tiny_config("some/folder", lora=LoraSettings(r=4))
    cfg.save(tmp_path / "config.json")
    assert LlamoConfig.load(tmp_path / "config.json") == cfg


def test_width_mismatch_raises():
    with pytest.raises(ValueError, match="projector.out_dim"):
        dataclasses.replace(tiny_config(), projector=ProjectorConfig(in_dim=32, out_dim=99))


def test_unknown_field_and_version_raise():
    data = tiny_config().to_dict()
    data["projector"]["extra"] = 1
    with pytest.raises(ValueError, match="unknown fields"):
        LlamoConfig.from_dict(data)
    data = tiny_config().to_dict()
    data["version"] = 999
    with pytest.raises(ValueError, match="version"):
        LlamoConfig.from_dict(data)


def test_for_backbone_sizes_every_module():
    cfg = LlamoConfig.for_backbone("x", hidden_size=96, dim=48)
    assert cfg.cross_talker.text_dim == cfg.projector.out_dim == cfg.llm.hidden_size == 96
    assert cfg.enhancer.dim == cfg.cross_talker.dim == cfg.projector.in_dim == 48
