"""LlamoModel: motion encoder + video encoder -> Feature Enhancer -> Cross Talker -> projector -> LLM.

Joining follows transformers' LLaVA: the prompt holds `placeholder_id` exactly K + L times (K viewpoint tokens then
the L fused question tokens, per row); `embed_inputs` raises ValueError when the count differs from the features,
scatters the projected features into inputs_embeds, and labels are -100 there. `placeholder_id` is one past the
LLM's vocabulary, so a placeholder can never reach the LLM's embedding table unreplaced.

A checkpoint is a folder with `config.json` (LlamoConfig) and `model.safetensors` holding only HEAD_MODULES (and
the LoRA adapter when `cfg.llm.lora` is set); the video encoder and the base LLM come from their packages.
"""

from __future__ import annotations

import dataclasses
import json
import os
import pathlib
import warnings

import torch
from safetensors.torch import load_file, save
from torch import nn

from llamo_engine.atomic import atomic_open
from llamo_engine.model.backbone import load_backbone
from llamo_engine.model.config import LlamoConfig, LoraSettings
from llamo_engine.model.cross_talker import CrossTalker, CrossTalkerOutput
from llamo_engine.model.feature_enhancer import FeatureEnhancer
from llamo_engine.model.packed_attention import PackedLayout
from llamo_engine.model.motion_encoder import MotionEncoder
from llamo_engine.model.projector import build_projector
from llamo_engine.model.video_encoder import VideoEncoder

HEAD_MODULES = ("motion_encoder", "enhancer", "cross_talker", "projector")
WEIGHTS_FILE = "model.safetensors"
CONFIG_FILE = "config.json"
IGNORE_INDEX = -100


@dataclasses.dataclass
class LlamoOutput:
    loss: torch.Tensor | None       # mean NLL over answer tokens
    logits: torch.Tensor            # (B, S, V); with labels only the answer positions' (n, V)
    talker: CrossTalkerOutput


class LlamoModel(nn.Module):
    def __init__(self, cfg: LlamoConfig, llm: nn.Module, tokenizer, video_pretrained: bool = True):
        super().__init__()
        hidden = llm.get_input_embeddings().embedding_dim
        if hidden != cfg.llm.hidden_size:
            raise ValueError(f"the backbone {cfg.llm.backbone!r} has hidden size {hidden}, the checkpoint was built "
                             f"for {cfg.llm.hidden_size}; use the backbone it was trained with or retrain")
        self.cfg = cfg
        self.tokenizer = tokenizer
        self.motion_encoder = MotionEncoder(cfg.motion_encoder)
        self.video_encoder = VideoEncoder(cfg.video_encoder, pretrained=video_pretrained)
        self.enhancer = FeatureEnhancer(cfg.enhancer)
        self.cross_talker = CrossTalker(cfg.cross_talker)
        self.projector = build_projector(cfg.projector)
        self.llm = llm
        self.placeholder_id = llm.get_input_embeddings().num_embeddings
        if cfg.llm.lora is not None:
            self._wrap_lora(cfg.llm.lora)

    # ---- construction and persistence --------------------------------------------------------------------
    @classmethod
    def build(cls, cfg: LlamoConfig, device: str = "cpu", progress=None, video_pretrained: bool = True) -> "LlamoModel":
        llm, tokenizer = load_backbone(cfg.llm.backbone, cfg.llm.dtype, device, progress)
        return cls(cfg, llm, tokenizer, video_pretrained).to(device)

    @classmethod
    def from_pretrained(cls, folder: str | os.PathLike, backbone: str | None = None, device: str = "cpu",
                        progress=None) -> "LlamoModel":
        """Rebuild from a checkpoint folder; `backbone` overrides the saved backbone setting (same hidden size)."""
        folder = pathlib.Path(folder)
        if not (folder / CONFIG_FILE).is_file() or not (folder / WEIGHTS_FILE).is_file():
            raise FileNotFoundError(f"{folder}: not a LLaMo checkpoint (needs {CONFIG_FILE} and {WEIGHTS_FILE})")
        cfg = LlamoConfig.load(folder / CONFIG_FILE)
        if backbone is not None:
            cfg.llm.backbone = backbone
        model = cls.build(cfg, device, progress)
        model.load_heads(load_file(folder / WEIGHTS_FILE, device=device))
        return model

    def head_state_dict(self) -> dict[str, torch.Tensor]:
        """The trained weights: HEAD_MODULES, plus the LoRA adapter (keys prefixed `llm.`) when present."""
        state = {f"{name}.{k}": v for name in HEAD_MODULES for k, v in getattr(self, name).state_dict().items()}
        if self.cfg.llm.lora is not None:
            from peft import get_peft_model_state_dict
            state.update({f"llm.{k}": v for k, v in get_peft_model_state_dict(self.llm).items()})
        return {k: v.detach().contiguous().cpu() for k, v in state.items()}

    def load_heads(self, state: dict[str, torch.Tensor]) -> None:
        """Load head_state_dict() output strictly; ValueError naming missing or unexpected keys."""
        expected = set(self.head_state_dict())
        missing, unexpected = sorted(expected - set(state)), sorted(set(state) - expected)
        if missing or unexpected:
            raise ValueError(f"checkpoint does not match the model: missing {missing[:5]}, unexpected "
                             f"{unexpected[:5]}; it was saved by a different configuration")
        for name in HEAD_MODULES:
            prefix = name + "."
            getattr(self, name).load_state_dict({k[len(prefix):]: v for k, v in state.items() if k.startswith(prefix)},
                                                strict=True)
        if self.cfg.llm.lora is not None:
            from peft import set_peft_model_state_dict
            set_peft_model_state_dict(self.llm, {k[4:]: v for k, v in state.items() if k.startswith("llm.")})

    def save_pretrained(self, folder: str | os.PathLike) -> None:
        folder = pathlib.Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        with atomic_open(folder / WEIGHTS_FILE) as f:
            f.write(save(self.head_state_dict()))
        with atomic_open(folder / CONFIG_FILE, "w") as f:
            f.write(json.dumps(self.cfg.to_dict(), indent=2) + "\n")

    def enable_lora(self, settings: LoraSettings) -> None:
        """Add a LoRA adapter on the LLM (instruction tuning); it is saved with the heads from now on."""
        if self.cfg.llm.lora is not None:
            raise ValueError("this model already has a LoRA adapter")
        self.cfg.llm.lora = settings
        self._wrap_lora(settings)

    def merge_lora(self) -> None:
        """Fold the LoRA weights into the LLM's linear layers for inference (no extra matmuls per token).

        Training must not run on a merged model; `peft`'s unmerge_adapter() undoes it."""
        if self.cfg.llm.lora is not None:
            self.llm.merge_adapter()

    def _wrap_lora(self, settings: LoraSettings) -> None:
        from peft import LoraConfig, get_peft_model
        config = LoraConfig(r=settings.r, lora_alpha=settings.alpha, lora_dropout=settings.dropout,
                            target_modules=list(settings.target_modules))
        with warnings.catch_warnings():     # peft 0.21 reads transformers' deprecated `is_gradient_checkpointing`
            warnings.filterwarnings("ignore", message=".*is_gradient_checkpointing.*", category=FutureWarning)
            self.llm = get_peft_model(self.llm, config)

    # ---- features ----------------------------------------------------------------------------------------
    def encode(self, motion: torch.Tensor | None, motion_times: torch.Tensor | None, motion_mask: torch.Tensor | None,
               video: torch.Tensor | None = None, video_times: torch.Tensor | None = None,
               video_mask: torch.Tensor | None = None) -> tuple[torch.Tensor, torch.Tensor]:
        """Motion features (B, T, F) and/or video features F_V (B, Tv, 1280) -> F~_M (B, T, D) and its mask.

        Video here is the video encoder's output (computed once per clip, see `encode_video`)."""
        feats = None if motion is None else self.motion_encoder(motion, motion_times, motion_mask)   # F_M (B, T, D)
        return self.enhancer(feats, motion_mask, video, video_times, video_mask)

    def encode_video(self, frames: torch.Tensor) -> torch.Tensor:
        """(B, Tv, 3, H, W) ImageNet-normalised frames -> F_V (B, Tv, 1280)."""
        return self.video_encoder(frames)

    def text_embeddings(self, ids: torch.Tensor) -> torch.Tensor:
        """(B, L) token ids -> (B, L, H) the LLM's (frozen) input embeddings, in float32 for the heads."""
        return self.llm.get_input_embeddings()(ids).float()

    def talk(self, enhanced: torch.Tensor, mask: torch.Tensor, question_ids: torch.Tensor,
             question_mask: torch.Tensor, num_viewpoints: int | None = None, selection: str = "topk"
             ) -> tuple[CrossTalkerOutput, torch.Tensor]:
        """Cross Talker + projector: (talker output, modality tokens (B, K + L, H) in the LLM's dtype)."""
        talker = self.cross_talker(enhanced, mask, self.text_embeddings(question_ids), question_mask,
                                   num_viewpoints, selection)
        dtype = self.llm.get_input_embeddings().weight.dtype
        return talker, self.projector(talker.fusion).to(dtype)                        # (B, K + L, H)

    def embed_inputs(self, input_ids: torch.Tensor, tokens: torch.Tensor, token_mask: torch.Tensor,
                     token_row: torch.Tensor | None = None) -> torch.Tensor:
        """Scatter the valid modality tokens (N, K + L, H) into the placeholders of input_ids (B, S) -> (B, S, H).

        One question per row (N = B), or with `token_row` (N,) ascending: question n's tokens go to row token_row[n],
        in order (packed rows)."""
        placeholders = input_ids == self.placeholder_id                               # (B, S)
        have, want = placeholders.sum(dim=1), token_mask.sum(dim=1)
        if token_row is not None:
            want = torch.zeros_like(have).index_add_(0, token_row, want)
        if not torch.equal(have, want):
            raise ValueError(f"the prompt holds {have.tolist()} motion placeholders per row but the Cross Talker "
                             f"gave {want.tolist()} tokens; build the prompt with the talker's token count")
        embeds = self.llm.get_input_embeddings()(input_ids.masked_fill(placeholders, 0))  # (B, S, H)
        flat = tokens[token_mask]                                                     # (sum K+L, H) in row order
        return embeds.masked_scatter(placeholders[..., None].expand_as(embeds), flat.to(embeds.dtype))

    # ---- training forward --------------------------------------------------------------------------------
    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor, question_ids: torch.Tensor,
                question_mask: torch.Tensor, motion: torch.Tensor | None, motion_times: torch.Tensor | None,
                motion_mask: torch.Tensor | None, video: torch.Tensor | None = None,
                video_times: torch.Tensor | None = None, video_mask: torch.Tensor | None = None,
                labels: torch.Tensor | None = None, num_viewpoints: int | None = None,
                selection: str = "topk", question_clip: torch.Tensor | None = None,
                position_ids: torch.Tensor | None = None, blocks: torch.Tensor | None = None) -> LlamoOutput:
        """input_ids / labels (B, S); attention_mask (B, S), or (B, 1, S, S) for packed rows; question (N, L);
        motion (C, T, F); video F_V (C, Tv, 1280).

        Unpacked: one question per row (N = C = B). Packed (several questions sharing one clip's prompt prefix in a
        row, see data.dataset.PackedCollator): `question_clip` (N,) names each question's clip, the rows' placeholders
        hold the questions' tokens in order, and `position_ids` (B, S) restart every question block after the prefix;
        `blocks` (B, S), the rows' block ids, lets the LLM's attention skip the masked pairs when
        `packed_attention.enable` was called (training).
        The logits (and the loss) are computed only at the answer positions when labels are given."""
        enhanced, mask = self.encode(motion, motion_times, motion_mask, video, video_times, video_mask)
        if question_clip is not None:                                                 # clips -> questions
            enhanced, mask = enhanced[question_clip], mask[question_clip]
        talker, tokens = self.talk(enhanced, mask, question_ids, question_mask, num_viewpoints, selection)
        embeds = self.embed_inputs(input_ids, tokens, talker.fusion_mask, question_clip)  # (B, S, H)
        if attention_mask.dim() == 4:                                                 # boolean -> additive
            attention_mask = torch.zeros(attention_mask.shape, dtype=embeds.dtype, device=embeds.device) \
                .masked_fill(~attention_mask.bool(), torch.finfo(embeds.dtype).min)
        if labels is None:
            out = self.llm(inputs_embeds=embeds, attention_mask=attention_mask, position_ids=position_ids)
            return LlamoOutput(None, out.logits, talker)
        labels = labels.masked_fill(input_ids == self.placeholder_id, IGNORE_INDEX)
        target = labels[:, 1:]                                                        # (B, S-1) next tokens
        keep = target != IGNORE_INDEX
        layout = {} if blocks is None else {"packed_layout": PackedLayout.from_blocks(blocks)}
        hidden = self._decoder(inputs_embeds=embeds, attention_mask=attention_mask, position_ids=position_ids,
                               use_cache=False, **layout).last_hidden_state            # (B, S, H)
        logits = self.llm.get_output_embeddings()(hidden[:, :-1][keep]).float()       # (n answer tokens, V)
        loss = nn.functional.cross_entropy(logits, target[keep])
        return LlamoOutput(loss, logits, talker)

    @property
    def _decoder(self) -> nn.Module:
        """The LLM without its output head (LoRA layers, when present, sit inside it)."""
        base = self.llm.get_base_model() if self.cfg.llm.lora is not None else self.llm
        return base.model
