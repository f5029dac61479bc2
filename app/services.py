"""The engine calls the app's workers make, with the engine's errors translated for the coach.

Every function here runs inside a worker (`task` is its `workers.Task`). Missing model files raise
`Unavailable`, which the window shows as "model unavailable" instead of inventing answers. The language-model
engine (torch, transformers) is imported inside the worker that loads it, so the window opens without waiting.
"""

from __future__ import annotations

import pathlib
import traceback

from llamo_engine import pipeline
from llamo_engine.motion.estimator import EstimationCancelled, EstimationError
from llamo_engine.motion.files import MOTION_SUFFIXES, MotionFileError
from llamo_engine.motion.skeleton import MotionSequence
from llamo_engine.motion.video import VIDEO_SUFFIXES, VideoError, VideoReader

from app import frames
from app.store import ClipRecord, Store
from app.workers import Cancelled, Unavailable, UserError

CLIP_SUFFIXES = VIDEO_SUFFIXES + MOTION_SUFFIXES


def is_video(path: str | pathlib.Path) -> bool:
    return pathlib.Path(path).suffix.lower() in VIDEO_SUFFIXES


def find_clips(paths) -> list[pathlib.Path]:
    """Expand dropped files and folders into the clip files they hold (folders searched recursively)."""
    found = []
    for p in map(pathlib.Path, paths):
        if p.is_dir():
            found += sorted(q for q in p.rglob("*") if q.suffix.lower() in CLIP_SUFFIXES and q.is_file())
        elif p.is_file() and p.suffix.lower() in CLIP_SUFFIXES:
            found.append(p)
    return found


# ---- video ---------------------------------------------------------------------------------------------------
def decode_video(path: str, task) -> frames.FrameCache:
    try:
        cache = frames.load_frames(path, report=lambda d, t: task.progress("Decoding video", d, t),
                                   cancel=task.cancel_event)
    except VideoError as e:
        raise UserError(str(e)) from None
    task.check()
    return cache


def video_thumbnail(path: str) -> bytes | None:
    """A PNG thumbnail from a third of the way into the clip (None when the video cannot be read)."""
    try:
        with VideoReader(path) as reader:
            return frames.thumbnail_png(reader.read(reader.num_frames // 3))
    except (VideoError, IndexError):
        return None


# ---- motion --------------------------------------------------------------------------------------------------
def settings_of(clip: ClipRecord) -> pipeline.ClipSettings:
    """The pipeline settings of a library clip (its sport override and the rate it was recorded at)."""
    return pipeline.ClipSettings.of(clip.sport, clip.capture_fps)


def load_or_estimate_motion(clip: ClipRecord, store: Store, task) -> tuple[MotionSequence, bool]:
    """The clip's motion in real time (its capture rate applied): a motion file, a cached estimate, or a fresh
    MediaPipe estimate (saved at the file's rate, so a new capture rate never needs a new estimate).

    Returns (motion, estimated_now)."""
    path, settings = pathlib.Path(clip.path), settings_of(clip)
    cached = store.root / clip.motion_file if clip.motion_file else None
    source = cached if cached is not None and cached.exists() and path.suffix.lower() not in MOTION_SUFFIXES else path
    try:
        motion = pipeline.load_motion(source, settings, cancel=task.cancel_event,
                                      progress=lambda d, t: task.progress("Estimating 3D motion", d, t))
    except EstimationCancelled:
        raise Cancelled() from None
    except (VideoError, EstimationError, MotionFileError, FileNotFoundError) as e:
        raise UserError(str(e)) from None
    estimated = source == path and path.suffix.lower() not in MOTION_SUFFIXES
    if estimated:
        motion.save(store.motion_path(clip.id))
    return pipeline.real_time(motion, settings), estimated


# ---- analysis ------------------------------------------------------------------------------------------------
def analyze(motion: MotionSequence, sport: str, task, capture_fps: float | None = None):
    task.progress("Analysing the swing", 0, 1)
    result = pipeline.analyze_clip(motion, pipeline.ClipSettings.of(sport, capture_fps)).analysis
    task.progress("Analysing the swing", 1, 1)
    return result


def analyze_keeping_motion(motion: MotionSequence, sport: str, task):
    """(analysis | None, state, message): an analysis that cannot run or fails never loses the motion."""
    try:
        return analyze(motion, sport, task), "ready", ""
    except Exception as e:  # a bug in the analysis: show the motion anyway and say what failed
        traceback.print_exc()
        return None, "failed", f"The swing analysis failed ({type(e).__name__}: {e}); the 3D motion is still shown."


# ---- the motion-language model -------------------------------------------------------------------------------
def load_engine(task):
    from llamo_engine.inference import Engine
    task.progress("Loading the model", 0, 1)
    try:
        engine = Engine.load()
    except FileNotFoundError as e:
        raise Unavailable(f"No model files: {e}") from None
    task.progress("Loading the model", 1, 1)
    return engine


def prepare(engine, clip: ClipRecord, motion: MotionSequence, task):
    """The engine's features for one clip: from the video when there is one (video + the motion the app already
    estimated, so it is not estimated twice), else the motion."""
    from llamo_engine.inference import PrepareCancelled
    video = is_video(clip.path)
    try:
        return engine.prepare(clip.path if video else motion, motion=motion if video else None,
                              settings=settings_of(clip), cancel=task.cancel_event,
                              progress=lambda stage, d, t: task.progress(stage.capitalize(), d, t))
    except PrepareCancelled:
        raise Cancelled() from None
    except (VideoError, EstimationError, FileNotFoundError) as e:
        raise UserError(str(e)) from None


def ask(engine, prepared, question: str, history: list[tuple[str, str]], task):
    """Stream the answer's text pieces through task.piece; return the engine's final Answer."""
    stream = engine.ask(prepared, question, history, cancel=task.cancel_event)
    for piece in stream:
        task.piece(piece)
    answer = stream.answer
    if answer is None:
        raise UserError("The model stopped without an answer; ask again.")
    if answer.cancelled or task.cancelled:
        raise Cancelled()
    return answer

