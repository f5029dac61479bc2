"""The engine API, the only thing the app and the CLI call.

    engine = Engine.load()                       # the default checkpoint, or untrained heads with a warning
    prepared = engine.prepare("swing.mp4")       # or a MotionSequence (motion only); cached by content hash
    stream = engine.ask(prepared, "When is impact?", history)
    for piece in stream: print(piece, end="")   # text pieces as they are generated
    answer = stream.answer                       # Answer(text, viewpoint_frames, frame_scores, timings, ...)
    stream.cancel()                              # from any thread; generation stops at the next token

Follow-ups pass the earlier answers (or (question, answer) pairs) as history.
"""

from __future__ import annotations

import copy
import dataclasses
import logging
import os
import pathlib
import threading
import time
from collections.abc import Iterator, Sequence

import numpy as np
import torch

from llamo_engine.inference.generate import GenerationStats, stream_generate
from llamo_engine.inference.prepare import PreparedClip, load_clip_features
from llamo_engine.inference.prompt import Turn, build_prompt, question_ids
from llamo_engine.model.backbone import load_backbone
from llamo_engine.model.config import LLMConfig, LlamoConfig
from llamo_engine.model.llamo import CONFIG_FILE, LlamoModel
from llamo_engine.model.motion_features import featurize
from llamo_engine.model.paths import DEFAULT_CHECKPOINT
from llamo_engine.motion.skeleton import MotionSequence
from llamo_engine.pipeline import ClipSettings, analyze_clip, real_time

log = logging.getLogger(__name__)
UNTRAINED_STATE = ("untrained: no trained checkpoint at {path}; the motion heads are random, so answers come from "
                   "the base language model and the clip's measurements only")


@dataclasses.dataclass
class Answer:
    question: str
    text: str
    viewpoint_frames: list[int]     # clip frame indices of the Cross Talker's viewpoint frames, ascending
    viewpoint_times: list[float]    # their times in seconds
    frame_scores: np.ndarray        # (T_clip,) language-guided importance s_j per clip frame
    timings: dict                   # seconds and token counts of this answer
    cancelled: bool = False
    engine_state: str = "trained"

    def as_turn(self) -> Turn:
        return Turn(self.question, self.text)


class AnswerStream:
    """Iterate for text pieces; `answer` is set when the iteration ends (also after a cancel)."""

    def __init__(self, run, cancel: threading.Event):
        self._run = run
        self._cancel = cancel
        self.answer: Answer | None = None

    def __iter__(self) -> Iterator[str]:
        self.answer = yield from self._run()

    def cancel(self) -> None:
        self._cancel.set()

    def result(self) -> Answer:
        """Consume the rest of the stream and return the Answer."""
        for _ in self:
            pass
        return self.answer


class Engine:
    def __init__(self, model: LlamoModel, checkpoint: pathlib.Path, trained: bool, device: str = "cpu"):
        self.model = model.eval()
        model.merge_lora()   # inference only: the adapter folded into the weights decodes as fast as the base LLM
        self.checkpoint = checkpoint
        self.is_trained = trained
        self.device = device
        self.state = "trained" if trained else UNTRAINED_STATE.format(path=checkpoint)
        tok = model.tokenizer
        ids = {tok.eos_token_id, tok.convert_tokens_to_ids("<|im_end|>")}
        eos = model.llm.generation_config.eos_token_id if model.llm.generation_config is not None else None
        ids |= set(eos) if isinstance(eos, (list, tuple)) else {eos}
        self.stop_ids = {int(i) for i in ids if i is not None and 0 <= i < len(tok)}

    @property
    def config(self) -> LlamoConfig:
        return self.model.cfg

    @classmethod
    def load(cls, checkpoint: str | os.PathLike | None = None, *, backbone: str | None = None, device: str = "cpu",
             progress=None) -> "Engine":
        """A trained checkpoint folder (default: assets/models/llamo_default), or untrained heads on the backbone
        when the default checkpoint is absent (Engine.is_trained False, a warning logged, `state` says so)."""
        path = DEFAULT_CHECKPOINT if checkpoint is None else pathlib.Path(checkpoint)
        if (path / CONFIG_FILE).is_file():
            return cls(LlamoModel.from_pretrained(path, backbone, device, progress), path, True, device)
        if checkpoint is not None:
            raise FileNotFoundError(f"{path}: no LLaMo checkpoint there (config.json missing); pass a folder written "
                                    "by training, or omit it to use the default")
        return cls.untrained(backbone, device=device, progress=progress, path=path)

    @classmethod
    def untrained(cls, backbone: str | None = None, *, device: str = "cpu", progress=None,
                  path: pathlib.Path = DEFAULT_CHECKPOINT) -> "Engine":
        """Untrained (seeded) heads on a backbone: what `load` falls back to without a checkpoint; also the way to
        run a backbone no checkpoint was trained for (tests, a new LLM before training)."""
        setting = backbone or LLMConfig().backbone
        llm, tokenizer = load_backbone(setting, device=device, progress=progress)
        cfg = LlamoConfig.for_backbone(setting, llm.get_input_embeddings().embedding_dim)
        with torch.random.fork_rng():
            torch.manual_seed(0)   # the same untrained heads on every load
            model = LlamoModel(cfg, llm, tokenizer).to(device)
        engine = cls(model, path, False, device)
        log.warning("LLaMo engine is %s", engine.state)
        return engine

    # ---- per clip ----------------------------------------------------------------------------------------
    @torch.inference_mode()
    def prepare(self, clip: str | os.PathLike | MotionSequence, *, motion: MotionSequence | None = None,
                settings: ClipSettings = ClipSettings(), use_video: bool = True, progress=None, cancel=None
                ) -> PreparedClip:
        """Motion (estimated from a video, or given), analysis, video features and F~_M of a clip.

        clip: a video path or a MotionSequence (motion only). motion: the motion already estimated from the video
        (skips the estimation). settings: the clip's sport and capture rate (the prompt's summary follows them).
        progress(stage, done, total); cancel: a threading.Event (raises PrepareCancelled)."""
        t0 = time.perf_counter()
        is_motion = isinstance(clip, MotionSequence)
        if not is_motion and not pathlib.Path(clip).is_file():
            raise FileNotFoundError(f"{clip}: file not found; check the path")
        cfg = self.config
        encode = lambda frames: self.model.encode_video(frames[None].to(self.device))[0].float().cpu()  # noqa: E731
        clip_features = load_clip_features(clip, encode, cfg.video_encoder, use_video and not is_motion,
                                           progress, cancel, None if is_motion else motion, settings)
        t1 = time.perf_counter()
        motion = real_time(clip_features.motion, settings)   # the model reads real time (slow motion re-timed)
        feats = featurize(motion, cfg.motion_encoder.input_kind, cfg.motion_encoder.max_frames)
        as_tensor = lambda a: torch.as_tensor(a, dtype=torch.float32, device=self.device)[None]  # noqa: E731
        mask = torch.ones(1, len(feats), dtype=torch.bool, device=self.device)
        video = video_times = video_mask = None
        if clip_features.video_features is not None:
            video = as_tensor(clip_features.video_features)                            # (1, Tv, 1280)
            video_times = as_tensor(motion.timestamps[clip_features.video_frame_index])  # (1, Tv)
            video_mask = torch.ones(video.shape[:2], dtype=torch.bool, device=self.device)
        enhanced, mask = self.model.encode(as_tensor(feats.features), as_tensor(feats.times), mask, video,
                                           video_times, video_mask)                    # (1, T', D)
        t2 = time.perf_counter()
        result = analyze_clip(motion, settings)
        analysis, summary = result.analysis, result.summary
        t3 = time.perf_counter()
        prompt = build_prompt(self.model.tokenizer, "?", summary, [], 0, self.model.placeholder_id)
        prefix_ids = prompt.input_ids[:prompt.prefix_len]
        prefix_cache = None
        if prefix_ids:
            prefix_cache = self.model.llm(input_ids=torch.tensor([prefix_ids], device=self.device), use_cache=True,
                                          logits_to_keep=1).cache
        t4 = time.perf_counter()
        return PreparedClip(
            key=clip_features.key, source=motion.source if is_motion else str(clip), motion=motion,
            analysis=analysis, summary=summary, frame_index=feats.frame_index, times=feats.times,
            video_frame_index=clip_features.video_frame_index, enhanced=enhanced, mask=mask,
            timings={"features_s": t1 - t0, "from_cache": clip_features.from_cache, "encode_s": t2 - t1,
                     "analysis_s": t3 - t2, "prefix_s": t4 - t3, "prefix_tokens": len(prefix_ids), "total_s": t4 - t0},
            prefix_ids=prefix_ids, prefix_cache=prefix_cache)

    # ---- per question ------------------------------------------------------------------------------------
    def ask(self, prepared: PreparedClip, question: str, history: Sequence[Turn | Answer | tuple[str, str]] = (),
            *, max_new_tokens: int = 96, cancel: threading.Event | None = None, num_viewpoints: int | None = None,
            selection: str = "topk", repetition_penalty: float = 1.1) -> AnswerStream:
        """Stream an answer. selection: "topk" (the Cross Talker), "uniform" or "all" frames (ablations)."""
        q_ids = question_ids(self.model.tokenizer, question)   # raises ValueError on an empty question
        turns = [h.as_turn() if isinstance(h, Answer) else h for h in history]
        cancel = cancel or threading.Event()

        @torch.inference_mode()
        def run():
            t0 = time.perf_counter()
            q = torch.tensor([q_ids], device=self.device)                              # (1, L)
            talker, tokens = self.model.talk(prepared.enhanced, prepared.mask, q, torch.ones_like(q, dtype=torch.bool),
                                             num_viewpoints, selection)                # (1, K + L, H)
            prompt = build_prompt(self.model.tokenizer, question, prepared.summary, turns, tokens.shape[1],
                                  self.model.placeholder_id)
            start, cache = 0, None
            if prepared.prefix_cache is not None and prompt.input_ids[:prompt.prefix_len] == prepared.prefix_ids:
                start, cache = prompt.prefix_len, copy.deepcopy(prepared.prefix_cache)   # the clip's system block
            input_ids = torch.tensor([prompt.input_ids[start:]], device=self.device)   # (1, S)
            embeds = self.model.embed_inputs(input_ids, tokens, talker.fusion_mask)    # (1, S, H)
            t1 = time.perf_counter()
            stats = GenerationStats()
            pieces = []
            for piece in stream_generate(self.model.llm, embeds, self.model.tokenizer, stats, cache=cache,
                                         max_new_tokens=max_new_tokens, stop_ids=self.stop_ids,
                                         repetition_penalty=repetition_penalty, cancel=cancel):
                pieces.append(piece)
                yield piece
            return self._answer(prepared, question, "".join(pieces).strip(), talker, stats, t1 - t0)

        return AnswerStream(run, cancel)

    def _answer(self, prepared: PreparedClip, question: str, text: str, talker, stats: GenerationStats,
                talker_s: float) -> Answer:
        rows = talker.viewpoints[0].cpu().numpy()
        frames = prepared.frame_index[rows]
        scores = talker.scores[0].float().cpu().numpy()                                # (T',)
        clip_times = prepared.motion.timestamps
        timings = {"talker_s": talker_s, "first_token_s": talker_s + stats.first_token_s,
                   "total_s": talker_s + stats.total_s, "prompt_tokens": stats.prompt_tokens,
                   "new_tokens": stats.new_tokens, "tokens_per_s": stats.tokens_per_s,
                   "viewpoint_tokens": int(len(rows))}
        return Answer(question=question, text=text, viewpoint_frames=[int(f) for f in frames],
                      viewpoint_times=[float(clip_times[f]) for f in frames],
                      frame_scores=np.interp(clip_times, prepared.times, scores).astype(np.float32),
                      timings=timings, cancelled=stats.stopped == "cancelled",
                      engine_state="trained" if self.is_trained else "untrained")
