"""Training stages as data: stage name -> the modules that train, their learning rates and the loss.

    pretrain_motion  (0) masked motion modelling: the motion encoder (and its reconstruction head) learn to fill
                         in masked frames; the encoder is frozen in every later stage.
    align            (1) Feature Enhancer, Cross Talker and projector learn to answer through the frozen LLM.
    instruct         (2) as align, plus a LoRA adapter (peft) on the LLM's attention and MLP projections.
    select           (3) viewpoint-selection refinement: only the Cross Talker's scoring projections (W_Q, W_K)
                         learn to put every answer frame in the top-K (no LLM in the loop; the features the LLM
                         receives are computed as before, only which frames are chosen changes).

Motion and video encoders stay frozen in (1) and (2). `apply_stage` is the one function that sets requires_grad
and returns the optimizer's parameter groups.
"""

from __future__ import annotations

import dataclasses

from torch import nn

from llamo_engine.train.losses import LOSSES

LORA = "lora"   # pseudo-module name: the LoRA adapter's parameters inside the LLM


@dataclasses.dataclass(frozen=True)
class Stage:
    name: str
    modules: dict[str, float]          # module name (attribute of LlamoModel, or LORA) -> learning rate
    loss: str                          # a name in losses.LOSSES: "masked_motion" | "nll" | "selection"
    lora: bool = False                 # add a LoRA adapter before training (instruction tuning)
    grounding_weight: float = 0.0      # weight of the Cross Talker grounding loss (answer frames known)

    def __post_init__(self) -> None:
        if self.loss not in LOSSES:
            raise ValueError(f"stage {self.name!r}: unknown loss {self.loss!r}; choose one of {', '.join(LOSSES)}")


STAGES = {s.name: s for s in (
    Stage("pretrain_motion", {"motion_encoder": 1e-3, "masked_motion_head": 1e-3}, loss="masked_motion"),
    Stage("align", {"enhancer": 1e-3, "cross_talker": 1e-3, "projector": 1e-3}, loss="nll", grounding_weight=0.5),
    Stage("instruct", {"enhancer": 3e-4, "cross_talker": 3e-4, "projector": 3e-4, LORA: 1e-3}, loss="nll", lora=True,
          grounding_weight=0.5),
    Stage("select", {"cross_talker.w_q": 1e-3, "cross_talker.w_k": 1e-3}, loss="selection"),
)}


def get_stage(name: str) -> Stage:
    if name not in STAGES:
        raise ValueError(f"unknown training stage {name!r}; choose one of {', '.join(STAGES)}")
    return STAGES[name]


def _lora_parameters(model: nn.Module) -> list[nn.Parameter]:
    return [p for n, p in model.llm.named_parameters() if "lora_" in n]


def apply_stage(model: nn.Module, stage: Stage, lr_scale: float = 1.0) -> list[dict]:
    """Freeze everything, unfreeze the stage's modules; parameter groups [{"params", "lr", "name"}] for AdamW.

    `model` is a LlamoModel (with a `masked_motion_head` attribute for pretrain_motion); a stage that trains LoRA
    needs the adapter to be present (LlamoModel.enable_lora)."""
    model.requires_grad_(False)
    groups = []
    for name, lr in stage.modules.items():
        if name == LORA:
            params = _lora_parameters(model)
            if not params:
                raise ValueError(f"stage {stage.name!r} trains a LoRA adapter but the model has none; call "
                                 "model.enable_lora(...) first")
        else:
            try:
                module = model.get_submodule(name)
            except AttributeError:
                module = None
            if not isinstance(module, nn.Module):
                raise ValueError(f"stage {stage.name!r} trains {name!r}, which this model does not have")
            params = list(module.parameters())
        for p in params:
            p.requires_grad_(True)
        groups.append({"params": params, "lr": lr * lr_scale, "name": name})
    return groups


def trainable_names(model: nn.Module) -> set[str]:
    return {n for n, p in model.named_parameters() if p.requires_grad}
