"""Synthetic golf and baseball swings with ground truth, estimator noise, multi-swing sessions and a renderer.

    params = sample_params(seed, sport="golf")         # or SwingParams(...)
    swing = generate_swing(params)                      # .motion (MotionSequence, club measured), .truth
    noisy = add_estimator_noise(swing.motion, seed)     # what MediaPipe would give for a face-on video
    session = generate_session(seed, n_swings=3)        # several swings with waggles / walking between
    render_video(swing.motion, "swing.mp4")             # shaded humanoid figure, face-on camera

Splits: TRAIN_SEEDS for training data, HELDOUT_SEEDS for evaluation.
"""

from llamo_engine.data.synth.noise import add_estimator_noise
from llamo_engine.data.synth.params import BASEBALL_FAULTS, GOLF_FAULTS, HELDOUT_SEEDS, TRAIN_SEEDS, SwingParams, \
    sample_params
from llamo_engine.data.synth.session import SyntheticSession, generate_session
from llamo_engine.data.synth.swing import SyntheticSwing, generate_swing

__all__ = ["SwingParams", "SyntheticSwing", "SyntheticSession", "generate_swing", "generate_session",
           "sample_params", "add_estimator_noise", "render_video", "TRAIN_SEEDS", "HELDOUT_SEEDS", "GOLF_FAULTS",
           "BASEBALL_FAULTS"]


def render_video(*args, **kwargs):
    """Render a motion to an MP4 (see `llamo_engine.data.synth.render.render_video`)."""
    from llamo_engine.data.synth.render import render_video as _render
    return _render(*args, **kwargs)
