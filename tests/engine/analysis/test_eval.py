"""The evaluation dispatcher and a tiny run of the analysis evaluation (synthetic only)."""

import re

from llamo_engine.eval.__main__ import COMMANDS, main


def test_unknown_evaluation_lists_the_known_ones(capsys):
    assert main(["nope"]) == 2
    assert "analysis" in capsys.readouterr().err
    assert "analysis" in COMMANDS


def test_analysis_eval_prints_tables_and_the_pce_line(capsys):
    assert main(["analysis", "--golf", "3", "--baseball", "2", "--sessions", "2", "--no-real"]) == 0
    out = capsys.readouterr().out
    assert "fault detection" in out and "repetition counting" in out
    assert re.search(r"overall PCE: \d+\.\d%\n?$", out)


def test_analysis_eval_prints_the_down_the_line_table(capsys):
    assert main(["analysis", "--golf", "1", "--baseball", "0", "--dtl-golf", "2", "--dtl-baseball", "1",
                 "--sessions", "0", "--no-real"]) == 0
    out = capsys.readouterr().out
    assert "down the line (camera yaw +-90): events" in out
    assert re.search(r"down-the-line PCE \(all events\): \d+\.\d%", out)
