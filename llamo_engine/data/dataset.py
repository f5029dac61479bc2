"""Instruction-tuning data from synthetic clips: `build_records` makes clips (single swings, or sessions with
several swings for counting), optionally degraded by the estimator-noise model, with the prompt's measurements
(`pipeline.analyze_clip`, the same text the engine shows the model) and QA items whose truth comes from the
generator's parameters. `QADataset` flattens them into (clip, question) examples; `QACollator` pads a batch.

Records are cached on disk by their settings (a few MB per thousand clips), so the training entry point and the
SwingQA benchmark build each set once.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import pathlib
import pickle
import re
from collections.abc import Iterable, Sequence

import numpy as np
import torch

from llamo_engine.atomic import atomic_open
from llamo_engine.data.qa import QAItem, facts_from_truth, generate_qa
from llamo_engine.data.qa.facts import ClipFacts
from llamo_engine.data.synth.noise import add_estimator_noise
from llamo_engine.data.synth.params import sample_params
from llamo_engine.data.synth.session import generate_session
from llamo_engine.data.synth.swing import generate_swing
from llamo_engine.inference.prompt import build_prompt, question_ids
from llamo_engine.model.cross_talker import viewpoint_count
from llamo_engine.model.llamo import IGNORE_INDEX
from llamo_engine.model.motion_features import featurize
from llamo_engine.model.paths import cache_dir
from llamo_engine.motion.skeleton import MotionSequence
from llamo_engine.pipeline import analyze_clip

DATASET_VERSION = 2     # 2: the record class is QARecord (a version-1 cache pickled another class)
METRIC_LINE = re.compile(r"^\s+([a-z][a-z0-9_]*): [-+\d.]", re.MULTILINE)


@dataclasses.dataclass
class DataSettings:
    input_kind: str = "joints"
    max_frames: int = 512
    per_category: int = 2         # questions per category per clip
    noise_prob: float = 0.5       # share of clips degraded by the estimator-noise model
    session_prob: float = 0.15    # share of clips that are multi-swing sessions
    categories: tuple[str, ...] | None = None

    def key(self, seeds: Sequence[int]) -> str:
        blob = json.dumps([DATASET_VERSION, dataclasses.asdict(self), list(seeds), code_version()], sort_keys=True)
        return hashlib.sha1(blob.encode()).hexdigest()[:16]


def code_version() -> str:
    """Hash of the code a record depends on (generator, analysis, prompt summary, QA, featurizer): a cached set is
    rebuilt whenever any of it changes."""
    root = pathlib.Path(__file__).resolve().parents[1]
    files = sorted([*root.glob("data/synth/*.py"), *root.glob("data/qa/*.py"), *root.glob("analysis/*.py"),
                    *root.glob("coaching/*.py"), root / "pipeline.py", root / "model" / "motion_features.py"])
    h = hashlib.sha1()
    for f in files:
        h.update(f.name.encode() + f.read_bytes())
    return h.hexdigest()[:12]


@dataclasses.dataclass
class QARecord:
    seed: int
    facts: ClipFacts
    summary: str
    features: np.ndarray       # (T', F) float32
    times: np.ndarray          # (T',) seconds
    frame_index: np.ndarray    # (T',) clip frame of each row
    items: list[QAItem]


def visible_metrics(summary: str) -> set[str]:
    """Metric names the summary text shows with a value ("  tempo_ratio: 3.1 ratio ...")."""
    return set(METRIC_LINE.findall(summary))


def make_clip(seed: int, settings: DataSettings) -> tuple[MotionSequence, ClipFacts]:
    """The motion and truth facts of clip `seed` (deterministic)."""
    rng = np.random.default_rng(seed + 12_345)
    if rng.random() < settings.session_prob:
        session = generate_session(seed, fps=float(rng.choice([25.0, 30.0])))
        motion, truths = session.motion, session.truth["swings"]
    else:
        swing = generate_swing(sample_params(seed))
        motion, truths = swing.motion, [swing.truth]
    facts = facts_from_truth(truths, motion.fps, motion.num_frames)
    if rng.random() < settings.noise_prob:
        motion = add_estimator_noise(motion, seed, camera_yaw_deg=float(rng.choice([0.0, 0.0, 90.0, -90.0, 30.0])))
    return motion, facts


def build_record(seed: int, settings: DataSettings) -> QARecord:
    motion, facts = make_clip(seed, settings)
    return record_of(seed, motion, facts, analyze_clip(motion).summary, settings)


def record_of(record_id: int, motion: MotionSequence, facts: ClipFacts, summary: str, settings: DataSettings
              ) -> QARecord:
    """A clip's record: its model features and the QA items of its facts (generated with `record_id` as seed)."""
    feats = featurize(motion, settings.input_kind, settings.max_frames)
    kwargs = {} if settings.categories is None else {"categories": settings.categories}
    items = generate_qa(facts, record_id, settings.per_category, visible=visible_metrics(summary), **kwargs)
    return QARecord(record_id, facts, summary, feats.features, feats.times, feats.frame_index, items)


def build_records(seeds: Iterable[int], settings: DataSettings, *, cache: bool = True, progress=None
                  ) -> list[QARecord]:
    """Records for the seeds, from the cache when it holds this exact set (progress(done, total) while building)."""
    seeds = list(seeds)
    path = cache_dir("datasets") / f"qa-{settings.key(seeds)}.pkl"
    if cache and path.is_file():
        with open(path, "rb") as f:
            return pickle.load(f)
    out = []
    for n, seed in enumerate(seeds):
        out.append(build_record(seed, settings))
        if progress is not None:
            progress(n + 1, len(seeds))
    if cache:
        with atomic_open(path, "wb") as f:
            pickle.dump(out, f)
    return out


def frame_rows(item: QAItem, frame_index: np.ndarray) -> np.ndarray:
    """(n answer frames, T') bool: per answer frame, the model rows within the item's tolerance of it (the nearest
    row when none is)."""
    out = np.zeros((len(item.answer_frames), len(frame_index)), dtype=bool)
    for k, f in enumerate(item.answer_frames):
        near = np.abs(frame_index - f) <= item.tol_frames
        out[k] = near if near.any() else (np.arange(len(frame_index)) == np.argmin(np.abs(frame_index - f)))
    return out


def answer_rows(item: QAItem, frame_index: np.ndarray) -> np.ndarray:
    """(T',) bool: model rows within the item's tolerance of one of its answer frames."""
    return frame_rows(item, frame_index).any(axis=0)


class QADataset(torch.utils.data.Dataset):
    """(clip record, QA item) pairs; `shard(rank, world)` keeps every world-th example for data parallelism."""

    def __init__(self, records: Sequence[QARecord]):
        self.records = list(records)
        self.index = [(r, i) for r, rec in enumerate(self.records) for i in range(len(rec.items))]

    def __len__(self) -> int:
        return len(self.index)

    def limit_summary(self, max_chars: int) -> None:
        """Keep only the examples whose prompt summary has at most max_chars characters (shorter prompts train
        faster; the long ones are multi-swing sessions)."""
        self.index = [(r, i) for r, i in self.index if len(self.records[r].summary) <= max_chars]

    def __getitem__(self, n: int) -> dict:
        r, i = self.index[n]
        rec = self.records[r]
        it = rec.items[i]
        return {"record": rec, "item": it, "frame_rows": frame_rows(it, rec.frame_index)}


class QACollator:
    """Pads a batch for `LlamoModel.forward`: motion (B, T, F) with its mask, the question ids (B, L) for the Cross
    Talker, and the chat prompt ids / labels (B, S) with exactly K + L_b placeholders per row, where K is
    min(num_viewpoints, shortest clip) as the Cross Talker selects it (all frames for selection "all")."""

    def __init__(self, tokenizer, placeholder_id: int, num_viewpoints: int, selection: str = "topk",
                 with_answers: bool = True, prompts: bool = True):
        self.tokenizer, self.placeholder_id = tokenizer, placeholder_id
        self.num_viewpoints, self.selection, self.with_answers = num_viewpoints, selection, with_answers
        self.prompts = prompts      # False: no chat prompts (input_ids/labels None), for the no-LLM selection stage

    def __call__(self, examples: Sequence[dict]) -> dict:
        B = len(examples)
        motion, times, mask, K = self.motion_batch([e["record"] for e in examples])
        T = mask.shape[1]
        qids = [question_ids(self.tokenizer, e["item"].question) for e in examples]
        n_frames = max(len(e["frame_rows"]) for e in examples)
        per_frame = torch.zeros(B, max(n_frames, 1), T, dtype=torch.bool)        # (B, answer frames, T)
        for b, e in enumerate(examples):
            per_frame[b, :len(e["frame_rows"]), :len(e["record"].features)] = torch.from_numpy(e["frame_rows"])
        L = max(map(len, qids))
        question = torch.full((B, L), self._pad, dtype=torch.long)
        question_mask = torch.zeros(B, L, dtype=torch.bool)
        for b, q in enumerate(qids):
            question[b, :len(q)] = torch.tensor(q)
            question_mask[b, :len(q)] = True
        input_ids, attention, labels = self._prompts(examples, qids, K) if self.prompts else (None, None, None)
        return {"input_ids": input_ids, "attention_mask": attention, "labels": labels, "frame_rows": per_frame,
                "question_ids": question, "question_mask": question_mask, "motion": motion, "motion_times": times,
                "motion_mask": mask, "answer_rows": per_frame.any(dim=1), "num_viewpoints": K,
                "selection": self.selection, "clip_seeds": [e["record"].seed for e in examples]}

    @property
    def _pad(self) -> int:
        return self.tokenizer.pad_token_id if self.tokenizer.pad_token_id is not None else 0

    def _prompts(self, examples: Sequence[dict], qids: list[list[int]], K: int):
        """The chat prompts' ids, attention mask (B, S) and labels (None without answers)."""
        prompts = [build_prompt(self.tokenizer, e["item"].question, e["record"].summary, e["item"].history,
                                K + len(q), self.placeholder_id, e["item"].answer if self.with_answers else None)
                   for e, q in zip(examples, qids)]
        B, S = len(prompts), max(len(p.input_ids) for p in prompts)
        input_ids = torch.full((B, S), self._pad, dtype=torch.long)
        attention = torch.zeros(B, S, dtype=torch.long)
        labels = torch.full((B, S), IGNORE_INDEX, dtype=torch.long)
        for b, p in enumerate(prompts):
            input_ids[b, :len(p.input_ids)] = torch.tensor(p.input_ids)
            attention[b, :len(p.input_ids)] = 1
            if p.labels is not None:
                labels[b, :len(p.labels)] = torch.tensor(p.labels)
        return input_ids, attention, labels if self.with_answers else None

    def motion_batch(self, records: Sequence[QARecord]) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, int]:
        """Padded motion (C, T, F), times (C, T), mask (C, T) of the records, and K: min(num_viewpoints, shortest
        clip) as the Cross Talker selects it (all frames of the shortest clip for selection "all")."""
        lengths = [len(r.features) for r in records]
        T, F = max(lengths), records[0].features.shape[1]
        K = viewpoint_count(min(lengths), self.num_viewpoints, self.selection)
        motion, times = torch.zeros(len(records), T, F), torch.zeros(len(records), T)
        mask = torch.zeros(len(records), T, dtype=torch.bool)
        for c, rec in enumerate(records):
            n = lengths[c]
            motion[c, :n] = torch.from_numpy(rec.features)
            times[c, :n] = torch.from_numpy(rec.times.astype(np.float32))
            mask[c, :n] = True
        return motion, times, mask, K


class PackedQADataset(QADataset):
    """Up to `pack` QA items of one clip per example: they share the clip's prompt prefix (system block with the
    measurements) in one packed row (see PackedCollator), so the long prefix is run once for all of them."""

    def __init__(self, records: Sequence[QARecord], pack: int):
        if pack < 1:
            raise ValueError("pack must be at least 1 question per row")
        self.records = list(records)
        self.index = [(r, tuple(range(k, min(k + pack, len(rec.items)))))
                      for r, rec in enumerate(self.records) for k in range(0, len(rec.items), pack)]

    def __getitem__(self, n: int) -> dict:
        r, items = self.index[n]
        rec = self.records[r]
        return {"record": rec, "items": [rec.items[i] for i in items],
                "answer_rows": [answer_rows(rec.items[i], rec.frame_index) for i in items]}


class PackedCollator(QACollator):
    """A batch of PackedQADataset examples for `LlamoModel.forward`: one row per clip holding its prompt prefix once,
    then each question's block (history, motion placeholders, question, answer). A block attends to the prefix and
    to itself only, and its positions continue from the prefix as if it were alone (exactly what inference sees:
    the prefix's KV cache, then one question), so a packed row trains on the same computation as separate rows.
    Motion (C, T, F) is one row per clip; `question_clip` (N,) maps each question to its clip."""

    def __call__(self, examples: Sequence[dict]) -> dict:
        C = len(examples)
        motion, times, mask, K = self.motion_batch([e["record"] for e in examples])
        T = mask.shape[1]
        qids, rows, clip_of, packed = [], [], [], []
        for c, e in enumerate(examples):
            rec, n = e["record"], len(e["record"].features)
            ids, labels, block = [], [], []
            for it, answer_row in zip(e["items"], e["answer_rows"]):
                q = question_ids(self.tokenizer, it.question)
                p = build_prompt(self.tokenizer, it.question, rec.summary, it.history, K + len(q),
                                 self.placeholder_id, it.answer)
                if not p.prefix_len:
                    raise ValueError("the chat template does not split off the system block; train unpacked")
                if not ids:
                    ids, labels, block = p.input_ids[:p.prefix_len], [IGNORE_INDEX] * p.prefix_len, [0] * p.prefix_len
                elif p.input_ids[:p.prefix_len] != ids[:p.prefix_len]:
                    raise ValueError("questions of one clip do not share the prompt prefix")
                k = len(qids) + 1
                ids += p.input_ids[p.prefix_len:]
                labels += p.labels[p.prefix_len:]
                block += [k] * (len(p.input_ids) - p.prefix_len)
                qids.append(q)
                row = torch.zeros(T, dtype=torch.bool)
                row[:n] = torch.from_numpy(answer_row)
                rows.append(row)
                clip_of.append(c)
            packed.append((ids, labels, block))
        S, L, N = max(len(p[0]) for p in packed), max(map(len, qids)), len(qids)
        pad = self._pad
        input_ids = torch.full((C, S), pad, dtype=torch.long)
        labels_t = torch.full((C, S), IGNORE_INDEX, dtype=torch.long)
        blocks = torch.full((C, S), -1, dtype=torch.long)
        for c, (ids, labels, block) in enumerate(packed):
            input_ids[c, :len(ids)] = torch.tensor(ids)
            labels_t[c, :len(ids)] = torch.tensor(labels)
            blocks[c, :len(ids)] = torch.tensor(block)
        attention, positions = packed_attention(blocks)
        question = torch.full((N, L), pad, dtype=torch.long)
        question_mask = torch.zeros(N, L, dtype=torch.bool)
        for j, q in enumerate(qids):
            question[j, :len(q)] = torch.tensor(q)
            question_mask[j, :len(q)] = True
        return {"input_ids": input_ids, "attention_mask": attention, "position_ids": positions,
                "labels": labels_t if self.with_answers else None, "question_ids": question,
                "question_mask": question_mask, "question_clip": torch.tensor(clip_of), "motion": motion,
                "motion_times": times, "motion_mask": mask, "answer_rows": torch.stack(rows),
                "num_viewpoints": K, "selection": self.selection, "blocks": blocks}


def packed_attention(blocks: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Block ids (B, S) (0 = shared prefix, k > 0 = question k, -1 = padding) -> boolean attention (B, 1, S, S)
    (causal; a position sees the prefix and its own block) and position ids (B, S) (each block continues from the
    prefix)."""
    B, S = blocks.shape
    causal = torch.ones(S, S, dtype=torch.bool).tril()
    query, key = blocks[:, :, None], blocks[:, None, :]                               # (B, S, 1), (B, 1, S)
    allowed = causal & (key >= 0) & ((key == 0) | (key == query))
    allowed |= torch.eye(S, dtype=torch.bool)                                         # padding sees itself
    prefix_len = (blocks == 0).sum(dim=1, keepdim=True)                               # (B, 1)
    index = torch.arange(S)[None].expand(B, S)
    block_start = torch.zeros_like(blocks)
    for b in range(B):                                                                # first index of each block
        for k in blocks[b].unique().tolist():
            if k > 0:
                where = (blocks[b] == k).nonzero()[:, 0]
                block_start[b, where] = where[0]
    positions = torch.where(blocks > 0, prefix_len + index - block_start, index)
    return allowed[:, None], positions
