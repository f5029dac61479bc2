import numpy as np
import pytest
import torch

from llamo_engine.model.config import MotionEncoderConfig
from llamo_engine.model.layers import MultiHeadAttention, time_embedding
from llamo_engine.model.motion_encoder import MotionEncoder
from llamo_engine.model.motion_features import featurize, feature_dim
from llamo_engine.data.synth.tiny import tiny_motion


def test_time_embedding_shape_and_distinct_times():
    emb = time_embedding(torch.tensor([[0.0, 0.1, 0.2]]), 17)
    assert emb.shape == (1, 3, 17)
    assert not torch.allclose(emb[0, 0], emb[0, 1])


def test_attention_ignores_masked_keys(seeded):
    attn = MultiHeadAttention(8, 2).eval()
    x = torch.randn(1, 5, 8)
    mask = torch.tensor([[True, True, True, False, False]])
    y1 = attn(x, key_mask=mask)
    x2 = x.clone()
    x2[:, 3:] = 100.0
    assert torch.allclose(y1[:, :3], attn(x2, key_mask=mask)[:, :3], atol=1e-5)   # queries 3, 4 changed


def test_motion_encoder_shapes_and_padding_invariance(seeded):
    enc = MotionEncoder(MotionEncoderConfig(input_dim=142, dim=16, layers=2, heads=2)).eval()
    feats, times = torch.randn(2, 7, 142), torch.arange(7.0).repeat(2, 1) / 30
    mask = torch.ones(2, 7, dtype=torch.bool)
    mask[1, 5:] = False
    out = enc(feats, times, mask)
    assert out.shape == (2, 7, 16)
    padded = feats.clone()
    padded[1, 5:] = 50.0
    assert torch.allclose(out[1, :5], enc(padded, times, mask)[1, :5], atol=1e-5)
    masked = torch.zeros(2, 7, dtype=torch.bool)
    masked[:, 2] = True
    assert not torch.allclose(out, enc(feats, times, mask, masked=masked))


def test_motion_encoder_rejects_wrong_width():
    enc = MotionEncoder(MotionEncoderConfig(input_dim=142, dim=16, layers=1, heads=2))
    with pytest.raises(ValueError, match="width 10"):
        enc(torch.randn(1, 3, 10), torch.zeros(1, 3), torch.ones(1, 3, dtype=torch.bool))


def test_joint_features_layout_and_frame_map():
    motion = tiny_motion(60, fps=60.0)
    feats = featurize(motion, "joints")
    assert feats.features.shape == (30, feature_dim("joints"))        # 60 fps -> every 2nd frame
    assert np.array_equal(feats.frame_index, np.arange(0, 60, 2))
    assert np.allclose(feats.times, motion.timestamps[feats.frame_index])
    assert np.allclose(feats.features[:, :3], 0.0)                    # the root relative to itself
    assert np.all(feats.features[:, -1] == 1.0)                       # club known
    capped = featurize(motion, "joints", max_frames=8)
    assert len(capped) == 8 and capped.frame_index[0] == 0 and capped.frame_index[-1] == 59


def test_joint_features_unknown_club_rows_are_zero():
    motion = tiny_motion(10)
    motion.club[3] = np.nan
    feats = featurize(motion, "joints").features
    assert np.isfinite(feats).all() and feats[3, -1] == 0.0 and np.all(feats[3, -7:] == 0.0)


def test_humanml3d_features_map_to_clip_frames():
    motion = tiny_motion(60, fps=30.0)
    feats = featurize(motion, "humanml3d")
    assert feats.features.shape[1] == 263 == feature_dim("humanml3d")
    assert feats.frame_index.min() >= 0 and feats.frame_index.max() < 60
    with pytest.raises(ValueError, match="unknown motion input kind"):
        featurize(motion, "bvh")
