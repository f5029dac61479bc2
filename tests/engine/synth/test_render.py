"""Renderer: writes a readable MP4 of the figure."""

import numpy as np
import pytest

from llamo_engine.data.synth import SwingParams, generate_swing, render_video


def test_render_writes_a_video_with_the_figure(tmp_path):
    import cv2
    sw = generate_swing(SwingParams(address_s=0.2, hold_s=0.1, fps=25.0), compute_metrics=False)
    motion = sw.motion.slice(0, 12)
    path = render_video(motion, tmp_path / "swing.mp4", width=180, height=320)
    cap = cv2.VideoCapture(str(path))
    assert int(cap.get(cv2.CAP_PROP_FRAME_COUNT)) == 12
    ok, frame = cap.read()
    cap.release()
    assert ok and frame.shape == (320, 180, 3)
    # The figure's blue shirt is drawn in the middle of the frame, not at the edges.
    blue = (frame[..., 0].astype(int) - frame[..., 2].astype(int)) > 40
    cols = np.flatnonzero(blue.any(axis=0))
    assert blue.sum() > 200 and 30 < cols.mean() < 150


def test_render_to_a_missing_folder_says_what_to_do(tmp_path):
    sw = generate_swing(SwingParams(address_s=0.2, hold_s=0.1), compute_metrics=False)
    with pytest.raises(ValueError, match="folder exists"):
        render_video(sw.motion.slice(0, 3), tmp_path / "missing" / "x.mp4")
