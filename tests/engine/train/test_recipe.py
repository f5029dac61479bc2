"""The default recipe names real stages in order, and only TrainConfig settings; the summary-length filter works."""

import dataclasses

import pytest

from llamo_engine.data.dataset import DataSettings, QADataset, build_records
from llamo_engine.train.loop import TrainConfig
from llamo_engine.train.recipe import DEFAULT_RECIPE, run_recipe
from llamo_engine.train.stages import STAGES


def test_default_recipe_is_the_three_stages():
    assert [stage for stage, _ in DEFAULT_RECIPE] == list(STAGES)
    fields = {f.name for f in dataclasses.fields(TrainConfig)}
    for _, settings in DEFAULT_RECIPE:
        assert set(settings) <= fields


def test_unknown_recipe_raises(tmp_path):
    with pytest.raises(ValueError, match="unknown recipe"):
        run_recipe("huge", tmp_path)


def test_limit_summary_keeps_short_prompts():
    data = QADataset(build_records(range(3), DataSettings(per_category=1, noise_prob=0.0), cache=False))
    lengths = sorted({len(r.summary) for r in data.records})
    data.limit_summary(lengths[0])
    assert len(data) > 0 and all(len(data[n]["record"].summary) <= lengths[0] for n in range(len(data)))
