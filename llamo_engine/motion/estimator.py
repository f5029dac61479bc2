"""The motion estimator: MediaPipe Tasks PoseLandmarker (VIDEO mode) over a clip -> MotionSequence.

`PoseEstimator` is the bare per-frame landmarker; `estimate_motion` runs it over a clip and turns the raw
landmarks into a clean MotionSequence (gap filling, One-Euro smoothing, SMPL joints, canonical frame), keeping
the raw values alongside. MediaPipe/TFLite start-up chatter on stderr is swallowed; real errors are not.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import pathlib
import time

import numpy as np

from llamo_engine.motion import blazepose, filters
from llamo_engine.native_logs import quiet_stderr
from llamo_engine.motion.skeleton import MotionSequence, joint_index
from llamo_engine.motion.video import VideoError, VideoReader

DEFAULT_MODEL = pathlib.Path(__file__).resolve().parents[2] / "assets" / "models" / "pose_landmarker_full.task"
# Bumped whenever the estimator's code changes its output for the same clip; caches of estimated motion key on
# `estimator_fingerprint()`, which adds the filter settings below.
ESTIMATOR_VERSION = 2
MAX_DURATION_S = 300.0  # longer clips must be trimmed with start_s / end_s
MAX_FILLED_GAP_S = 0.25  # gaps up to this long are interpolated; longer ones are held and reported
# One-Euro settings (zero-phase): metres for world landmarks, frame-normalised units (a frame is ~2.5 m of
# scene) for image landmarks. Chosen by a sweep on held-out noisy synthetic swings (noise model calibrated on the
# real clips, `python -m llamo_engine.eval noise`) and on the real labelled golf clips: a fast speed estimate
# (d_cutoff 4 Hz) and a steeper beta keep short bursts (a baseball swing) while the cutoff at rest stays near
# 1.5 Hz; a still steeper beta (16) scored slightly better on synthetic swings but let real-clip noise through.
WORLD_FILTER = dict(min_cutoff=1.5, beta=8.0, d_cutoff=4.0)
IMAGE_FILTER = dict(min_cutoff=1.5, beta=20.0, d_cutoff=4.0)


def estimator_fingerprint() -> str:
    """A short string that changes whenever the estimator's output for a given clip would change."""
    settings = repr((ESTIMATOR_VERSION, sorted(WORLD_FILTER.items()), sorted(IMAGE_FILTER.items()), MAX_FILLED_GAP_S))
    return f"v{ESTIMATOR_VERSION}-{hashlib.sha1(settings.encode()).hexdigest()[:8]}"


class EstimationError(Exception):
    """A problem with the clip or the model that the user can fix; str(error) says what to do."""


class EstimationCancelled(Exception):
    """Raised when the caller's cancel event is set; nothing is written."""


@dataclasses.dataclass
class FramePose:
    """One frame's landmarks. image: (33, 5) x, y normalised, z, visibility, presence; world: (33, 3) metres."""

    image: np.ndarray
    world: np.ndarray


class PoseEstimator:
    """MediaPipe PoseLandmarker in VIDEO mode. Feed frames in time order; use as a context manager."""

    def __init__(self, model_path: str | os.PathLike | None = None):
        os.environ.setdefault("GLOG_minloglevel", "2")
        os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
        import mediapipe as mp
        from mediapipe.tasks import python as mp_tasks
        from mediapipe.tasks.python import vision

        path = pathlib.Path(model_path or DEFAULT_MODEL)
        if not path.is_file():
            raise EstimationError(f"pose model {path} not found; rebuild it with `python packaging/build_pose_model.py`"
                                  " (see its docstring) or reinstall LLaMo Coach")
        self._mp = mp
        options = vision.PoseLandmarkerOptions(
            base_options=mp_tasks.BaseOptions(model_asset_path=str(path)),
            running_mode=vision.RunningMode.VIDEO, num_poses=1)
        try:
            with quiet_stderr():
                self._landmarker = vision.PoseLandmarker.create_from_options(options)
        except (RuntimeError, ValueError) as error:
            raise EstimationError(f"pose model {path} could not be loaded ({error}); it is not a MediaPipe "
                                  "pose_landmarker .task file: rebuild it with packaging/build_pose_model.py") from None
        self._last_ms = -1

    def detect(self, rgb: np.ndarray, timestamp_s: float) -> FramePose | None:
        """Landmarks of the most prominent person in an RGB uint8 frame, or None when nobody is found."""
        ms = max(int(round(timestamp_s * 1000.0)), self._last_ms + 1)
        self._last_ms = ms
        image = self._mp.Image(image_format=self._mp.ImageFormat.SRGB, data=np.ascontiguousarray(rgb))
        with quiet_stderr():  # MediaPipe logs warnings per frame (e.g. about non-square images)
            result = self._landmarker.detect_for_video(image, ms)
        if not result.pose_landmarks:
            return None
        img = np.array([[p.x, p.y, p.z, p.visibility or 0.0, p.presence or 0.0] for p in result.pose_landmarks[0]],
                       dtype=np.float32)
        world = np.array([[p.x, p.y, p.z] for p in result.pose_world_landmarks[0]], dtype=np.float32)
        return FramePose(image=img, world=world)

    def close(self) -> None:
        if self._landmarker is not None:
            with quiet_stderr():
                self._landmarker.close()
            self._landmarker = None

    def __enter__(self) -> "PoseEstimator":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __del__(self):
        if getattr(self, "_landmarker", None) is not None:
            self.close()


def frame_range(reader: VideoReader, start_s: float | None, end_s: float | None) -> tuple[int, int]:
    """Frames [first, last) covering [start_s, end_s); EstimationError when the span is too long or empty."""
    total = reader.num_frames_hint
    first = 0 if start_s is None else max(0, int(round(start_s * reader.fps)))
    last = total if end_s is None else min(total, int(round(end_s * reader.fps)))
    span_s = (last - first) / reader.fps
    if last <= first:
        raise EstimationError(f"{reader.path}: the range {start_s}-{end_s} s holds no frames; the clip is "
                              f"{total / reader.fps:.1f} s long")
    if span_s > MAX_DURATION_S:
        raise EstimationError(
            f"{reader.path}: {span_s / 60:.1f} min is too long to analyse (limit {MAX_DURATION_S / 60:.0f} min); "
            f"pick a range with --start/--end seconds, e.g. --start 0 --end {MAX_DURATION_S:.0f}")
    return first, last


def run_landmarker(reader: VideoReader, first: int, last: int, model_path=None, progress=None, cancel=None):
    """The bare loop: decode + detect. Returns (image (T,33,5), world (T,33,3), present (T,), timestamps, ms/frame).

    Absent frames are NaN rows."""
    T = last - first
    image = np.full((T, 33, 5), np.nan, dtype=np.float32)
    world = np.full((T, 33, 3), np.nan, dtype=np.float32)
    present = np.zeros(T, dtype=bool)
    stamps = np.zeros(T, dtype=np.float64)
    detect_s = 0.0
    n = 0
    with PoseEstimator(model_path) as estimator:
        for i, rgb in reader.frames(first, last):
            if cancel is not None and cancel.is_set():
                raise EstimationCancelled()
            k = i - first
            stamps[k] = reader.timestamp(i)
            t0 = time.perf_counter()
            pose = estimator.detect(rgb, stamps[k])
            detect_s += time.perf_counter() - t0
            if pose is not None:
                image[k], world[k], present[k] = pose.image, pose.world, True
            n = k + 1
            if progress is not None:
                progress(n, T)
    if n < T:  # the container promised more frames than it holds
        image, world, present, stamps = image[:n], world[:n], present[:n], stamps[:n]
    return image, world, present, stamps, 1000.0 * detect_s / max(n, 1)


def estimate_motion(path: str | os.PathLike, *, start_s: float | None = None, end_s: float | None = None,
                    model_path=None, progress=None, cancel=None) -> MotionSequence:
    """Estimate the 3D motion of the athlete in a clip.

    progress(done, total) is called per frame; `cancel` (anything with is_set()) stops the run by raising
    EstimationCancelled. Raises VideoError / EstimationError with user-facing messages.
    """
    with VideoReader(path) as reader:
        first, last = frame_range(reader, start_s, end_s)
        image, world, present, stamps, ms_per_frame = run_landmarker(reader, first, last, model_path, progress, cancel)
        width, height, fps, rotation = reader.width, reader.height, reader.fps, reader.rotation_deg
        warning, recorded_fps = reader.warning, reader.recorded_fps  # a truncated file; a phone's capture rate
    if len(present) == 0:
        reason = warning or "the clip is shorter than its header says"
        raise EstimationError(f"{path}: no frames from {start_s or 0} s on ({reason}); pick an earlier --start")
    if not present.any():
        raise EstimationError(f"{path}: no person found in any of its {len(present)} frames; use a clip where the "
                              "whole athlete is in view")
    motion = landmarks_to_motion(image, world, present, stamps - stamps[0], fps, width, height,
                                 source=f"mediapipe:{pathlib.Path(path).name}")
    motion.meta.update(video=str(path), first_frame=first, rotation_deg=rotation, recorded_fps=recorded_fps,
                       estimator_ms_per_frame=round(ms_per_frame, 2))
    if warning:  # analysis goes on with the frames read; the app and the CLI show the warning
        motion.meta["warnings"] = [*motion.meta.get("warnings", []), warning]
    return motion


def landmarks_to_motion(image: np.ndarray, world: np.ndarray, present: np.ndarray, timestamps: np.ndarray,
                        fps: float, width: int, height: int, source: str) -> MotionSequence:
    """Raw per-frame BlazePose landmarks (NaN rows where absent) -> a clean, canonical MotionSequence."""
    max_gap = max(1, int(round(MAX_FILLED_GAP_S * fps)))
    image_f, long_gaps = filters.fill_gaps(image, present, max_gap)
    world_f, _ = filters.fill_gaps(world, present, max_gap)
    image_s = image_f.copy()
    image_s[..., :3] = filters.one_euro_zero_phase(image_f[..., :3], timestamps, **IMAGE_FILTER)
    world_s = filters.one_euro_zero_phase(world_f, timestamps, **WORLD_FILTER)

    def to_canonical_frame(world_lm, image_lm):
        up = blazepose.mediapipe_world_to_up(world_lm)
        return up + blazepose.root_translation(image_lm, up, width, height)[:, None, :]

    world_up = to_canonical_frame(world_s, image_s)
    joints, sources = blazepose.landmarks_to_smpl(world_up)
    club = blazepose.club_line(world_up)
    raw_up = to_canonical_frame(world, image)  # NaN stays NaN where absent
    joints_raw, _ = blazepose.landmarks_to_smpl(raw_up)

    observed = np.flatnonzero(present)
    yaw = blazepose.facing_yaw(joints, slice(observed[0], observed[0] + 10))
    R = blazepose.rotation_y(yaw).astype(np.float32)
    joints, club, joints_raw = joints @ R.T, club @ R.T, joints_raw @ R.T
    feet = joints[:, [joint_index("left_foot"), joint_index("right_foot")], 1].min(axis=1)
    ground = float(np.percentile(feet, 5))
    for a in (joints, club, joints_raw):
        a[..., 1] -= ground

    visibility = image_f[..., 3]
    confidence = np.stack([visibility[:, list(src)].min(axis=1) for src in sources], axis=1)
    confidence[~present] = 0.0
    return MotionSequence(
        joints=joints, confidence=np.clip(confidence, 0.0, 1.0), present=present, timestamps=timestamps,
        fps=fps, source=source, club=club, club_estimated=True, joints_raw=joints_raw,
        landmarks_image=image_s[..., :4], camera_yaw_deg=float(np.degrees(yaw)),
        meta={"width": int(width), "height": int(height),
              "long_gaps": [[int(a), int(b)] for a, b in long_gaps], "filled_gap_max_frames": max_gap})
