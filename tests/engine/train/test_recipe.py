"""The recipes name real stages in order, and only TrainConfig settings; the summary-length filter works."""

import dataclasses

import pytest

from llamo_engine.data.dataset import DataSettings, QADataset, build_records
from llamo_engine.train.loop import TrainConfig
from llamo_engine.train.recipe import DEFAULT_RECIPE, RECIPES, run_recipe
from llamo_engine.train.stages import STAGES


@pytest.mark.parametrize("name", sorted(RECIPES))
def test_recipes_run_the_stages_in_order(name):
    assert [stage for stage, _ in RECIPES[name]] == list(STAGES)
    fields = {f.name for f in dataclasses.fields(TrainConfig)}
    for _, settings in RECIPES[name]:
        assert set(settings) <= fields


def test_full_recipe_is_the_default_trained_longer():
    default, full = dict(DEFAULT_RECIPE), dict(RECIPES["full"])
    assert full["instruct"]["steps"] > default["instruct"]["steps"]
    for stage, settings in default.items():
        assert {k: v for k, v in full[stage].items() if k != "steps"} == {k: v for k, v in settings.items()
                                                                           if k != "steps"}


def test_unknown_recipe_raises(tmp_path):
    with pytest.raises(ValueError, match="unknown recipe"):
        run_recipe("huge", tmp_path)


def test_limit_summary_keeps_short_prompts():
    data = QADataset(build_records(range(3), DataSettings(per_category=1, noise_prob=0.0), cache=False))
    lengths = sorted({len(r.summary) for r in data.records})
    data.limit_summary(lengths[0])
    assert len(data) > 0 and all(len(data[n]["record"].summary) <= lengths[0] for n in range(len(data)))


def test_cli_switches_take_no_value():
    from llamo_engine.train.__main__ import parser
    args = parser().parse_args(["--stage", "instruct", "--out", "x", "--checkpoint-activations", "--precision", "bf16"])
    assert args.checkpoint_activations is True and args.precision == "bf16"
    assert parser().parse_args(["--stage", "instruct", "--out", "x"]).checkpoint_activations is False
    assert parser().parse_args(["--recipe", "default"]).precision is None        # the recipe's own setting
