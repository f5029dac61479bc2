"""Single-view rotation validated on real captures through virtual cameras (skips without ../shared/realdata)."""

import pytest

from llamo_engine.eval import rotation_real
from llamo_engine.eval.analysis_real import default_realdata


def test_without_captures_it_says_skipped(tmp_path, capsys):
    assert rotation_real.report(tmp_path) is None
    assert "skipped" in capsys.readouterr().out


@pytest.mark.skipif(not (default_realdata() / "mocap").is_dir(), reason="../shared/realdata/mocap absent")
def test_single_view_turn_at_the_top_is_within_ten_degrees_on_real_captures(capsys):
    result = rotation_real.report(default_realdata())
    assert result is not None and set(result) == {"face-on", "down-the-line"}
    assert all(mae <= 10.0 for mae in result.values()), result
    assert "single-view rotation MAE: face-on" in capsys.readouterr().out
