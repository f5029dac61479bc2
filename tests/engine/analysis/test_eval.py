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


def test_phase_labels_map_to_the_frame_before_each_phase_and_golfdb_tolerance():
    from llamo_engine.eval.real_events import golfdb_tolerance, phase_events
    phases = ["Setup"] * 10 + ["Takeaway"] * 20 + ["Backswing"] * 15 + ["Downswing"] * 8 + ["Follow-through"] * 5
    ev = phase_events(phases)
    assert ev == {"address": 9, "toe_up": 29, "top": 44, "impact": 52}
    assert golfdb_tolerance(ev) == 1
    assert golfdb_tolerance({"address": 0, "impact": 210}) == 7
    started = phase_events(["Takeaway"] * 30 + ["Backswing"] * 60 + ["Downswing"] * 50 + ["Follow-through"] * 9)
    assert "address" not in started and golfdb_tolerance(started) == round(50 * 4.43 / 30)


def test_real_events_table_counts_misses_and_prints_the_share(capsys):
    from llamo_engine.eval.real_events import print_table
    rows = [{"clip": "a", "sport": "golf", "fps": 30.0, "tol": 2, "suggested_capture_fps": None,
             "events": {"top": (100, 101), "impact": (110, None)}},
            {"clip": "b", "sport": "golf", "fps": 30.0, "tol": 5, "suggested_capture_fps": 240.0,
             "events": {"top": (50, 58), "impact": (80, 77)}}]
    assert print_table(rows) == 50.0
    out = capsys.readouterr().out
    assert "b" in out and "240" in out and "top                within tolerance 1/2" in out
