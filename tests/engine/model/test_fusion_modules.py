import pytest
import torch

from llamo_engine.model.config import CrossTalkerConfig, FeatureEnhancerConfig, ProjectorConfig
from llamo_engine.model.cross_talker import CrossTalker, segment_means, window_bias
from llamo_engine.model.feature_enhancer import FeatureEnhancer
from llamo_engine.model.projector import PROJECTORS, build_projector

D, H = 16, 24


def enhancer():
    return FeatureEnhancer(FeatureEnhancerConfig(dim=D, video_dim=40, heads=2)).eval()


def talker(**kw):
    return CrossTalker(CrossTalkerConfig(dim=D, text_dim=H, heads=2, num_viewpoints=4, num_segments=3, **kw)).eval()


def test_enhancer_motion_video_and_both(seeded):
    fe = enhancer()
    motion, mmask = torch.randn(2, 9, D), torch.ones(2, 9, dtype=torch.bool)
    video, vtimes, vmask = torch.randn(2, 4, 40), torch.rand(2, 4), torch.ones(2, 4, dtype=torch.bool)
    both, mask = fe(motion, mmask, video, vtimes, vmask)
    assert both.shape == (2, 9, D) and mask is mmask
    alone, _ = fe(motion, mmask)
    assert alone.shape == (2, 9, D) and not torch.allclose(both, alone)
    video_only, vm = fe(None, None, video, vtimes, vmask)
    assert video_only.shape == (2, 4, D) and vm is vmask
    with pytest.raises(ValueError, match="needs motion, video or both"):
        fe(None, None)


def test_enhancer_row_without_video_matches_motion_only(seeded):
    fe = enhancer()
    motion, mmask = torch.randn(2, 6, D), torch.ones(2, 6, dtype=torch.bool)
    vmask = torch.tensor([[True, True, True], [False, False, False]])
    mixed, _ = fe(motion, mmask, torch.randn(2, 3, 40), torch.rand(2, 3), vmask)
    alone, _ = fe(motion, mmask)
    assert torch.allclose(mixed[1], alone[1], atol=1e-5) and not torch.allclose(mixed[0], alone[0])


def test_cross_talker_shapes_and_viewpoints(seeded):
    ct = talker()
    motion = torch.randn(2, 12, D)
    mmask = torch.ones(2, 12, dtype=torch.bool)
    mmask[1, 7:] = False
    text, tmask = torch.randn(2, 5, H), torch.ones(2, 5, dtype=torch.bool)
    tmask[0, 3:] = False
    out = ct(motion, mmask, text, tmask)
    assert out.fusion.shape == (2, 4 + 5, D) and out.fusion_mask.shape == (2, 9)
    assert out.fusion_mask[0].tolist() == [True] * 7 + [False] * 2
    assert out.attention.shape == (2, 5, 12) and out.scores.shape == (2, 12)
    assert torch.all(out.scores[1, 7:] == 0)
    assert torch.allclose(out.attention[1, :, :7].sum(-1), torch.ones(5))
    for row, length in ((0, 12), (1, 7)):
        v = out.viewpoints[row]
        assert len(set(v.tolist())) == 4 and torch.all(v[1:] > v[:-1]) and 0 <= v.min() and v.max() < length
        expected = out.scores[row, :length].topk(4).indices.sort().values
        assert torch.equal(v, expected)
    assert torch.all(out.radii >= 0.02) and torch.all(out.radii <= 0.25)


def test_k_is_capped_by_the_shortest_clip_and_selections(seeded):
    ct = talker()
    motion, mmask = torch.randn(1, 3, D), torch.ones(1, 3, dtype=torch.bool)
    text, tmask = torch.randn(1, 2, H), torch.ones(1, 2, dtype=torch.bool)
    assert ct(motion, mmask, text, tmask).viewpoints.tolist() == [[0, 1, 2]]
    motion, mmask = torch.randn(1, 10, D), torch.ones(1, 10, dtype=torch.bool)
    assert ct(motion, mmask, text, tmask, selection="uniform").viewpoints.tolist() == [[0, 3, 6, 9]]
    assert ct(motion, mmask, text, tmask, selection="all").viewpoints.tolist() == [list(range(10))]
    assert ct(motion, mmask, text, tmask, num_viewpoints=2).viewpoints.shape == (1, 2)
    with pytest.raises(ValueError, match="unknown selection"):
        ct(motion, mmask, text, tmask, selection="random")


def test_window_bias_bounds():
    bias = window_bias(torch.tensor([[10]]), torch.tensor([[0.1]]), torch.tensor([40]), 40, softness=1.0)
    row = bias[0, 0]                                   # half width 0.1 * 40 = 4 frames
    assert row[10] > -0.05 and row[10] > row[12] > row[13] > row[14] and row[8] == row[12]   # fades to the edge
    assert row[14] == pytest.approx(-0.693, abs=1e-3)  # at the edge: log(1/2)
    assert torch.all(row[19:] == torch.finfo(row.dtype).min) and torch.all(row[:2] == torch.finfo(row.dtype).min)


def test_gradients_reach_scores_and_radius(seeded):
    ct = talker().train()
    motion = torch.randn(1, 20, D, requires_grad=True)
    out = ct(motion, torch.ones(1, 20, dtype=torch.bool), torch.randn(1, 3, H), torch.ones(1, 3, dtype=torch.bool))
    out.fusion.pow(2).sum().backward()
    for module in (ct.w_q, ct.w_k, ct.radius[0]):
        assert module.weight.grad is not None and module.weight.grad.abs().sum() > 0


def test_segment_means_respect_each_rows_length():
    x = torch.arange(6.0).view(1, 6, 1).repeat(2, 1, 1)
    mask = torch.tensor([[True] * 6, [True] * 4 + [False] * 2])
    seg, seg_mask = segment_means(x, mask, 2)
    assert seg[0, :, 0].tolist() == [1.0, 4.0] and seg[1, :, 0].tolist() == [0.5, 2.5] and seg_mask.all()
    seg, seg_mask = segment_means(x[:1, :2], mask[:1, :2], 3)
    assert seg_mask.tolist() == [[True, True, False]]   # 2 frames cannot fill 3 segments


def test_projector_registry():
    assert build_projector(ProjectorConfig(kind="linear", in_dim=4, out_dim=6))(torch.randn(2, 3, 4)).shape == (2, 3, 6)
    assert build_projector(ProjectorConfig(in_dim=4, out_dim=6))(torch.randn(2, 3, 4)).shape == (2, 3, 6)
    with pytest.raises(ValueError, match="unknown projector"):
        build_projector(ProjectorConfig(kind="qformer", in_dim=4, out_dim=6))
    assert set(PROJECTORS) == {"linear", "mlp2x_gelu"}
    # the shipped checkpoint's projector weights are named by this layout
    assert list(build_projector(ProjectorConfig(in_dim=4, out_dim=6)).state_dict()) == [
        "0.weight", "0.bias", "2.weight", "2.bias"]
