"""`python main.py analyze`: outputs, the summary keys, and one-line errors on bad input."""

import json
import subprocess
import sys

import pytest

from main import main
from llamo_engine.motion.skeleton import MotionSequence
from tests.conftest import ROOT, SAMPLE_PERSON_CLIP
from tests.engine.motion.videos import numbered_frames, write_video

def text_file(path):
    path.write_text("hello")
    return path


SUMMARY_KEYS = {"fps", "frames", "frames_with_person", "duration_s", "estimator_ms_per_frame"}


@pytest.mark.slow
def test_analyze_writes_motion_and_summary(tmp_path, capsys):
    assert main(["analyze", str(SAMPLE_PERSON_CLIP), "--out", str(tmp_path), "--json", "--end", "2"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert SUMMARY_KEYS <= summary.keys()
    assert summary["frames"] == 60 and summary["fps"] == 30.0
    assert summary["sport"] == "none" and summary["swings"] == []  # a person walking shows no swing
    assert json.loads((tmp_path / "sports2d_demo.json").read_text()) == summary
    motion = MotionSequence.load(tmp_path / "sports2d_demo.motion.npz")
    assert motion.num_frames == 60
    assert not list(tmp_path.glob("*.tmp")) and not list(tmp_path.glob(".*"))


def test_analyze_finds_the_swing_in_a_rendered_golf_clip(tmp_path, capsys):
    from llamo_engine.data.synth import generate_swing, render_video, sample_params
    swing = generate_swing(sample_params(3, sport="golf"))
    clip = render_video(swing.motion, tmp_path / "golf.mp4")
    assert main(["analyze", str(clip), "--out", str(tmp_path), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["sport"] == "golf" and len(summary["swings"]) == 1
    events = summary["swings"][0]["events"]
    truth = swing.truth["events"]
    fps = swing.motion.fps
    tolerance = max(round((truth["impact"] - truth["address"]) / 30), 1)  # GolfDB's PCE tolerance
    assert abs(events["impact"] - truth["impact"]) <= tolerance, (events["impact"], truth["impact"])
    # The top is a broad turning point; through render + MediaPipe it lands within 0.1 s.
    assert abs(events["top"] - truth["top"]) <= 0.1 * fps, (events["top"], truth["top"])
    assert {"value", "unit", "confidence", "band"} <= summary["swings"][0]["metrics"]["tempo_ratio"].keys()


@pytest.mark.parametrize("make,expect", [
    (lambda d: d / "missing.mp4", "file not found"),
    (lambda d: text_file(d / "notes.mp4"), "not a readable video"),
    (lambda d: write_video(d / "nobody.mp4", numbered_frames(6)), "no person found"),
])
def test_bad_input_is_one_line_nonzero_and_writes_nothing(tmp_path, capsys, make, expect):
    clip = make(tmp_path)
    out = tmp_path / "out"
    assert main(["analyze", str(clip), "--out", str(out)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith("error: ") and expect in err[-1]
    assert not out.exists() or not any(out.iterdir())


def test_cli_runs_as_a_script_without_native_log_noise(tmp_path):
    clip = write_video(tmp_path / "nobody.mp4", numbered_frames(4))
    result = subprocess.run([sys.executable, str(ROOT / "main.py"), "analyze", str(clip), "--out", str(tmp_path)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines[-1].startswith("error: ") and "no person found" in lines[-1]
    assert not any("W0000" in line or "INFO:" in line or "WARNING:" in line for line in lines), lines
