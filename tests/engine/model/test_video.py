import numpy as np
import pytest
import torch

from llamo_engine.model.config import VideoEncoderConfig
from llamo_engine.model.mobilenet_v2 import MobileNetV2, load_imagenet_mobilenet_v2, weights_path
from llamo_engine.model.video_encoder import VideoEncoder, build_video_backbone
from llamo_engine.model.video_frames import athlete_box, preprocess_frame, sample_video_frames


def test_imagenet_weights_load_strictly_with_torchvision_keys():
    state = torch.load(weights_path(), map_location="cpu", weights_only=True)
    assert set(state) == set(MobileNetV2().state_dict())
    model = load_imagenet_mobilenet_v2()
    assert not model.training
    with torch.no_grad():
        logits = model(torch.zeros(1, 3, 64, 64))
    assert logits.shape == (1, 1000) and torch.isfinite(logits).all()


def test_video_encoder_is_frozen_and_stays_in_eval(seeded):
    enc = VideoEncoder(VideoEncoderConfig(), pretrained=False, chunk=3)
    enc.train()
    assert not enc.backbone.training
    assert not any(p.requires_grad for p in enc.parameters())
    frames = torch.randn(2, 4, 3, 32, 32)
    out = enc(frames)
    assert out.shape == (2, 4, 1280)
    assert torch.allclose(out[1, 2], enc.backbone.embed(frames[1, 2:3])[0], atol=1e-5)


def test_unknown_video_encoder_raises():
    with pytest.raises(ValueError, match="unknown video encoder"):
        build_video_backbone(VideoEncoderConfig(kind="resnet"))


def test_athlete_box_is_square_inside_frame_and_holds_the_athlete():
    lm = np.zeros((5, 33, 4), np.float32)
    lm[..., 0] = np.linspace(0.6, 0.7, 33)            # x normalised
    lm[..., 1] = np.linspace(0.2, 0.9, 33)            # y normalised
    lm[..., 3] = 1.0
    x0, y0, x1, y1 = athlete_box(lm, 640, 360, margin=1.3)
    assert x1 - x0 == y1 - y0 and 0 <= x0 and x1 <= 640 and 0 <= y0 and y1 <= 360
    assert x0 <= 0.6 * 640 and x1 >= 0.7 * 640
    assert athlete_box(None, 640, 360) == (140, 0, 500, 360)


def test_preprocess_frame_normalises_to_imagenet_stats():
    rgb = np.full((100, 200, 3), 255, np.uint8)
    out = preprocess_frame(rgb, (50, 0, 150, 100), size=32)
    assert out.shape == (3, 32, 32) and out.dtype == np.float32
    assert np.allclose(out[:, 0, 0], (1 - np.array([0.485, 0.456, 0.406])) / np.array([0.229, 0.224, 0.225]))


def test_sample_video_frames_rate_and_cap():
    stamps = np.arange(300) / 30.0                     # 10 s at 30 fps
    index = sample_video_frames(stamps, fps=10.0, max_frames=96)
    assert 90 <= len(index) <= 96 and index[0] == 0 and index[-1] == 299
    assert np.all(np.diff(index) > 0)
    assert len(sample_video_frames(stamps, fps=10.0, max_frames=20)) == 20
