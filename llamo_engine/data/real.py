"""Instruction records from real motion: videos run through the pose estimator, motion capture (.c3d) or saved
motion (.npz, `MotionSequence.save`), with their truth from the analysis (`facts_from_analysis`). Such answers
quote what the analysis measured, so they teach reading the prompt on real-world motion, noise and framing; the
grading truth of SwingQA stays synthetic.

`python -m llamo_engine.train --stage instruct --real-motion FOLDER ...` adds them to the synthetic records. The
default recipe has none: the only real data on this machine (../shared/realdata) is for evaluation and may not
shape a shipped checkpoint. Estimated videos are cached like the app's clips (<cache>/clips), so a second run
does not estimate again.
"""

from __future__ import annotations

import os
import pathlib
import zlib
from collections.abc import Callable, Sequence

from llamo_engine.data.dataset import DataSettings, QARecord, record_of
from llamo_engine.data.qa import facts_from_analysis
from llamo_engine.inference.prepare import load_clip_features
from llamo_engine.model.config import VideoEncoderConfig
from llamo_engine.motion.estimator import EstimationError
from llamo_engine.motion.files import MOTION_SUFFIXES, is_motion_file, load_motion_file
from llamo_engine.motion.skeleton import MotionSequence
from llamo_engine.motion.video import VIDEO_SUFFIXES, VideoError
from llamo_engine.pipeline import analyze_clip

REAL_ID_BASE = 2_000_000_000     # record ids of real clips: never a synthetic seed (those are below 1.1 million)


def motion_files(paths: Sequence[str | os.PathLike]) -> list[pathlib.Path]:
    """The motion and video files named by `paths` (files, or folders searched recursively), sorted; ValueError
    naming a path that does not exist or holds none."""
    out: list[pathlib.Path] = []
    for p in map(pathlib.Path, paths):
        if p.is_dir():
            found = sorted(f for f in p.rglob("*") if f.suffix.lower() in VIDEO_SUFFIXES + MOTION_SUFFIXES)
            if not found:
                raise ValueError(f"{p} holds no video ({', '.join(VIDEO_SUFFIXES)}) or motion file ({', '.join(MOTION_SUFFIXES)})")
            out += found
        elif p.is_file():
            out.append(p)
        else:
            raise ValueError(f"{p} does not exist; give a folder of swing videos or motion files")
    return out


def load_motion(path: pathlib.Path, progress: Callable[[str], None] | None = None) -> MotionSequence:
    """The motion of one file: saved motion, motion capture, or a video through the (cached) pose estimator."""
    suffix = path.suffix.lower()
    if is_motion_file(path):
        return load_motion_file(path)
    if suffix not in VIDEO_SUFFIXES:
        raise ValueError(f"{path.name}: not a video ({', '.join(VIDEO_SUFFIXES)}) or motion file "
                         f"({', '.join(MOTION_SUFFIXES)})")
    if progress is not None:
        progress(f"estimating the motion of {path.name} (cached for the next run)")
    return load_clip_features(path, encode=None, cfg=VideoEncoderConfig(), use_video=False).motion


def real_record(motion: MotionSequence, record_id: int, settings: DataSettings) -> QARecord | None:
    """A record whose QA truth is the clip's own analysis; None when the analysis finds no swing."""
    result = analyze_clip(motion)
    analysis, summary = result.analysis, result.summary
    facts = facts_from_analysis(analysis)
    if facts.sport == "none" or not facts.swings:
        return None
    return record_of(record_id, motion, facts, summary, settings)


def real_records(paths: Sequence[str | os.PathLike], settings: DataSettings,
                 progress: Callable[[str], None] | None = None) -> list[QARecord]:
    """Records of every usable file under `paths`. A file that cannot be read or shows no swing is skipped with
    a message through `progress` naming it and why; ValueError when none is usable."""
    say = progress or (lambda message: None)
    records: list[QARecord] = []
    files = motion_files(paths)
    for path in files:
        try:
            motion = load_motion(path, say)
        except (OSError, ValueError, EstimationError, VideoError) as e:
            say(f"skipped {path.name}: {e}")
            continue
        record_id = REAL_ID_BASE + zlib.crc32(str(path.resolve()).encode()) % 1_000_000_000
        record = real_record(motion, record_id, settings)
        if record is None:
            say(f"skipped {path.name}: the analysis finds no golf or baseball swing in it")
            continue
        records.append(record)
    if not records:
        raise ValueError(f"none of the {len(files)} real motion file(s) gave a usable swing; check they show a "
                         "golf or baseball swing")
    say(f"{len(records)} real clip(s) with {sum(len(r.items) for r in records)} questions (truth: the analysis)")
    return records
