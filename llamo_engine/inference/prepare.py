"""Per-clip work that does not depend on the question: motion (estimated from a video or given), the frozen video
encoder's features, cached on disk by content hash, and the `PreparedClip` the engine answers questions about.

Cache: <cache>/clips/<key>/ with motion.npz and video.npz, written to a temporary folder and renamed into place.
The key hashes the file's bytes (or the motion's arrays), PREPARE_VERSION and the video settings, so an edited clip
or a changed setting never reuses stale features. Checkpoint-dependent features (F~_M) are computed per engine.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import pathlib
import shutil
import tempfile

import numpy as np
import torch

from llamo_engine.model.config import VideoEncoderConfig
from llamo_engine.model.paths import cache_dir
from llamo_engine.model.video_frames import athlete_box, preprocess_frame, sample_video_frames
from llamo_engine.motion.estimator import EstimationCancelled, estimator_fingerprint
from llamo_engine.motion.skeleton import MotionSequence
from llamo_engine.motion.video import VideoReader
from llamo_engine.pipeline import ClipSettings, load_motion

PREPARE_VERSION = 1
ENCODE_BATCH = 16


class PrepareCancelled(Exception):
    """Preparing a clip was cancelled; nothing was cached."""


@dataclasses.dataclass
class ClipFeatures:
    key: str
    motion: MotionSequence
    video_features: np.ndarray | None      # (Tv, 1280) F_V
    video_frame_index: np.ndarray | None   # (Tv,) motion frame index of each encoded video frame
    from_cache: bool = False


@dataclasses.dataclass
class PreparedClip:
    """Everything `Engine.ask` needs about one clip; reusable for any number of questions."""
    key: str
    source: str
    motion: MotionSequence
    analysis: object | None
    summary: str
    frame_index: np.ndarray        # (T',) clip frame of each model frame
    times: np.ndarray              # (T',) seconds
    video_frame_index: np.ndarray | None   # (Tv,) clip frames whose video was encoded, None when motion-only
    enhanced: torch.Tensor         # (1, T', D) F~_M
    mask: torch.Tensor             # (1, T') bool
    timings: dict
    prefix_ids: list[int] = dataclasses.field(default_factory=list)   # the prompt's per-clip system block
    prefix_cache: object | None = None                                 # its KV cache (copied by every question)

    @property
    def has_video(self) -> bool:
        return self.video_frame_index is not None

    @property
    def num_frames(self) -> int:
        return self.motion.num_frames


def _hash_motion(digest, motion: MotionSequence) -> None:
    for name in ("joints", "confidence", "present", "timestamps", "club", "landmarks_image"):
        value = getattr(motion, name)
        digest.update(name.encode() + (b"-" if value is None else np.ascontiguousarray(value).tobytes()))
    digest.update(repr((motion.fps, motion.camera_yaw_deg, motion.club_estimated,
                        motion.meta.get("first_frame", 0))).encode())


def content_key(clip: str | os.PathLike | MotionSequence, video_cfg: VideoEncoderConfig, use_video: bool,
                motion: MotionSequence | None = None, settings: ClipSettings = ClipSettings()) -> str:
    """Hash of the clip's content (file bytes or motion arrays; plus the given motion of a video) and settings."""
    digest = hashlib.sha256()
    if isinstance(clip, MotionSequence):
        _hash_motion(digest, clip)
    else:
        if motion is not None:
            _hash_motion(digest, motion)
        with open(clip, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                digest.update(block)
    settings = {"version": PREPARE_VERSION, "video": dataclasses.asdict(video_cfg) if use_video else None,
                "estimator": None if isinstance(clip, MotionSequence) or motion is not None else estimator_fingerprint(),
                "range_s": [settings.start_s, settings.end_s]}
    digest.update(json.dumps(settings, sort_keys=True).encode())
    return digest.hexdigest()[:32]


def encode_clip_video(path, motion: MotionSequence, encode, cfg: VideoEncoderConfig, progress=None, cancel=None
                      ) -> tuple[np.ndarray, np.ndarray]:
    """F_V (Tv, 1280) of the sampled frames of a video, and their motion frame indices (Tv,).

    encode: (N, 3, S, S) float tensor -> (N, 1280). Motion frame i is video frame meta["first_frame"] + i."""
    first = int(motion.meta.get("first_frame", 0))
    wanted = sample_video_frames(motion.timestamps, cfg.fps, cfg.max_frames)          # (Tv,) motion frames
    feats, batch = [], []
    with VideoReader(path) as reader:
        box = athlete_box(motion.landmarks_image, reader.width, reader.height, cfg.crop_margin)
        targets = set((first + wanted).tolist())
        for i, rgb in reader.frames(first, first + int(wanted[-1]) + 1):
            if cancel is not None and cancel.is_set():
                raise PrepareCancelled("preparing the clip was cancelled")
            if i in targets:
                batch.append(preprocess_frame(rgb, box, cfg.image_size))
            if len(batch) == ENCODE_BATCH or (batch and i == first + int(wanted[-1])):
                feats.append(encode(torch.from_numpy(np.stack(batch))).numpy())
                batch = []
                if progress is not None:
                    progress("encoding video", sum(len(f) for f in feats), len(wanted))
    features = np.concatenate(feats).astype(np.float32)
    if len(features) != len(wanted):
        raise ValueError(f"{path}: the video ended before the frames the motion covers; the motion is from another "
                         "clip, re-run the estimate on this video")
    return features, wanted


def load_clip_features(clip: str | os.PathLike | MotionSequence, encode, cfg: VideoEncoderConfig,
                       use_video: bool = True, progress=None, cancel=None, motion: MotionSequence | None = None,
                       settings: ClipSettings = ClipSettings()) -> ClipFeatures:
    """Motion and F_V of a clip (a video path or a MotionSequence), from the cache or computed and cached.
    For a video, `motion` (already estimated from that video) skips the estimation."""
    key = content_key(clip, cfg, use_video, motion, settings)
    folder = cache_dir("clips") / key
    if (folder / "motion.npz").is_file() and (folder / "video.npz").is_file():
        with np.load(folder / "video.npz") as data:
            video = (data["features"], data["frame_index"]) if "features" in data.files else (None, None)
        return ClipFeatures(key, MotionSequence.load(folder / "motion.npz"), *video, from_cache=True)

    if isinstance(clip, MotionSequence):
        motion, video = clip, (None, None)
    else:
        path = pathlib.Path(clip)
        def estimate_progress(done: int, total: int) -> None:
            if progress is not None:
                progress("estimating motion", done, total)
        try:
            motion = motion if motion is not None else load_motion(path, settings, estimate_progress, cancel)
        except EstimationCancelled:
            raise PrepareCancelled("preparing the clip was cancelled") from None
        video = encode_clip_video(path, motion, encode, cfg, progress, cancel) if use_video else (None, None)

    tmp = pathlib.Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{key}."))
    try:
        motion.save(tmp / "motion.npz")
        arrays = {} if video[0] is None else {"features": video[0], "frame_index": video[1]}
        np.savez(tmp / "video.npz", **arrays)
        if not folder.exists():
            tmp.rename(folder)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return ClipFeatures(key, motion, *video)
