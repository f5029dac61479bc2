"""Tiny model settings shared by the model and inference tests (no downloads)."""

from llamo_engine.model.config import (CrossTalkerConfig, FeatureEnhancerConfig, LLMConfig, LlamoConfig,
                                       MotionEncoderConfig, ProjectorConfig)
from tests.tiny_llm import TINY_HIDDEN

DIM = 32


def tiny_config(backbone: str = "unused", **llm) -> LlamoConfig:
    return LlamoConfig(
        motion_encoder=MotionEncoderConfig(dim=DIM, layers=1, heads=2),
        enhancer=FeatureEnhancerConfig(dim=DIM, heads=2),
        cross_talker=CrossTalkerConfig(dim=DIM, text_dim=TINY_HIDDEN, heads=2, num_viewpoints=4, num_segments=3),
        projector=ProjectorConfig(in_dim=DIM, out_dim=TINY_HIDDEN),
        llm=LLMConfig(backbone=backbone, hidden_size=TINY_HIDDEN, **llm))
