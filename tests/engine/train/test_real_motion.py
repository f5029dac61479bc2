"""Instruction records from real motion files, truth from the analysis: usable files become records whose answers
quote the analysis, unusable ones are skipped by name, and training takes them through --real-motion."""

import numpy as np
import pytest
import torch

from llamo_engine.analysis import analyze
from llamo_engine.data.dataset import DataSettings
from llamo_engine.data.qa import grade
from llamo_engine.data.real import REAL_ID_BASE, motion_files, real_records
from llamo_engine.data.synth.params import sample_params
from llamo_engine.data.synth.swing import generate_swing
from llamo_engine.motion.skeleton import MotionSequence
from llamo_engine.train.loop import train
from tests.engine.train.conftest import tiny_train_config


@pytest.fixture
def motion_folder(tmp_path):
    """Two swings saved as motion files, a standing athlete (no swing) and a corrupt capture file."""
    folder = tmp_path / "real"
    folder.mkdir()
    golf = generate_swing(sample_params(5, "golf")).motion
    golf.save(folder / "golf.npz")
    generate_swing(sample_params(6, "baseball")).motion.save(folder / "bat.npz")
    T = 90
    MotionSequence(joints=np.repeat(golf.joints[:1], T, axis=0), confidence=np.ones((T, 22)),
                   present=np.ones(T, bool), timestamps=np.arange(T) / 30.0, fps=30.0,
                   source="still").save(folder / "still.npz")
    (folder / "broken.c3d").write_bytes(b"not a c3d file")
    (folder / "notes.txt").write_text("ignored")
    return folder


def test_real_files_become_records_with_the_analysis_as_truth(motion_folder):
    messages = []
    records = real_records([motion_folder], DataSettings(per_category=8), messages.append)  # 8: every timing template shows up whatever the record id
    assert sorted(r.facts.sport for r in records) == ["baseball", "golf"]
    assert all(r.seed >= REAL_ID_BASE and r.facts.source == "analysis" for r in records)
    assert len({r.seed for r in records}) == 2
    assert any("skipped still.npz" in m and "no golf or baseball swing" in m for m in messages)
    assert any("skipped broken.c3d" in m for m in messages)
    golf = next(r for r in records if r.facts.sport == "golf")
    events = analyze(MotionSequence.load(motion_folder / "golf.npz")).swings[0].events
    timing = [it for it in golf.items if it.template == "when_event"]
    assert timing and all(it.expected.value in events.values() for it in timing)
    assert all(grade(it.expected, it.answer) for r in records for it in r.items)
    assert len(golf.features) == len(golf.frame_index) and "golf clip" in golf.summary


def test_bad_real_motion_paths_are_named(tmp_path):
    with pytest.raises(ValueError, match="does not exist"):
        motion_files([tmp_path / "nowhere"])
    (tmp_path / "empty").mkdir()
    with pytest.raises(ValueError, match="holds no video"):
        motion_files([tmp_path / "empty"])
    (tmp_path / "only").mkdir()
    (tmp_path / "only" / "bad.npz").write_bytes(b"junk")
    with pytest.raises(ValueError, match="none of the 1 real motion file"):
        real_records([tmp_path / "only"], DataSettings(per_category=1))


def test_training_takes_real_motion(tiny_backbone, tmp_path, motion_folder):
    messages = []
    cfg = tiny_train_config(tiny_backbone, tmp_path / "run", "align", train_clips=1, real_motion=str(motion_folder))
    log = train(cfg, progress=messages.append)
    assert any("2 real clip(s)" in m for m in messages)
    assert any("3 clips" in m for m in messages)          # one synthetic clip plus the two real ones
    assert log["steps"] == 4 and all(torch.isfinite(torch.tensor(r["loss"])) for r in log["log"])


@pytest.mark.realdata
def test_real_golf_captures_give_records(realdata):
    folder = realdata / "mocap" / "golf_gears"
    if not folder.is_dir():
        pytest.skip(f"real data not available: {folder}")
    records = real_records([folder], DataSettings(per_category=1))
    assert len(records) == 2 and all(r.facts.sport == "golf" and r.items for r in records)
