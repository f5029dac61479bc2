"""The one clip pipeline: settings reach both the analysis and the prompt summary; capture rates give real time."""

import numpy as np
import pytest

from main import main
from llamo_engine.data.synth.params import sample_params
from llamo_engine.data.synth.swing import generate_swing
from llamo_engine.motion.files import MotionFileError
from llamo_engine.pipeline import ClipSettings, analyze_clip, run_clip


@pytest.fixture(scope="module")
def golf_motion():
    return generate_swing(sample_params(3, "golf")).motion


def test_sport_override_reaches_analysis_and_summary(golf_motion):
    detected = analyze_clip(golf_motion)
    assert detected.analysis.sport == "golf" and "golf" in detected.summary
    forced = analyze_clip(golf_motion, ClipSettings(sport="baseball"))   # no baseball swing in a golf swing
    assert forced.analysis.sport == "none" and not forced.analysis.swings
    assert "No golf or baseball swing" in forced.summary and "golf clip" not in forced.summary  # the chat agrees


def test_capture_rate_gives_real_time_with_the_same_frames(golf_motion):
    fps = golf_motion.fps
    slow = analyze_clip(golf_motion, ClipSettings(capture_fps=4 * fps))
    normal = analyze_clip(golf_motion)
    assert slow.motion.num_frames == golf_motion.num_frames and slow.motion.fps == 4 * fps
    np.testing.assert_allclose(slow.motion.timestamps, golf_motion.timestamps / 4)
    assert slow.motion.meta["playback_fps"] == fps and slow.motion.meta["capture_fps"] == 4 * fps
    assert "slow motion: recorded at" in slow.summary and "slow motion" not in normal.summary
    # idempotent: re-timing a re-timed motion with the same settings changes nothing
    again = analyze_clip(slow.motion, ClipSettings(capture_fps=4 * fps))
    np.testing.assert_array_equal(again.motion.timestamps, slow.motion.timestamps)


def test_recorded_rate_in_the_file_is_the_default(golf_motion):
    motion = golf_motion.with_capture_fps(None)
    motion.meta["recorded_fps"] = 2 * golf_motion.fps
    assert analyze_clip(motion).motion.fps == 2 * golf_motion.fps
    assert analyze_clip(motion, ClipSettings(capture_fps=golf_motion.fps)).motion.fps == golf_motion.fps


def test_bad_settings_and_files_name_the_problem(tmp_path):
    with pytest.raises(ValueError, match="sport"):
        ClipSettings(sport="tennis")
    with pytest.raises(ValueError, match="capture frame rate"):
        ClipSettings(capture_fps=-30)
    assert ClipSettings.of("auto", 0) == ClipSettings()
    with pytest.raises(FileNotFoundError, match="not found"):
        run_clip(tmp_path / "gone.mp4")
    bad = tmp_path / "bad.npz"
    bad.write_bytes(b"not a motion")
    with pytest.raises(MotionFileError, match="not a LLaMo Coach motion file"):
        run_clip(bad)


def test_cli_capture_fps_on_a_saved_motion(tmp_path, golf_motion, capsys):
    import json
    path = tmp_path / "swing.npz"
    golf_motion.save(path)
    assert main(["analyze", str(path), "--out", str(tmp_path / "out"), "--json",
                 "--capture-fps", str(4 * golf_motion.fps)]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["fps"] == round(golf_motion.fps, 3) and summary["capture_fps"] == 4 * golf_motion.fps
    assert summary["duration_s"] == pytest.approx(golf_motion.duration_s / 4, abs=1e-3)


def test_mistyped_command_is_refused_with_a_suggestion(capsys):
    assert main(["analyse", "clip.mp4"]) == 2
    assert "unknown command 'analyse' (did you mean analyze?)" in capsys.readouterr().err


def test_help_lists_every_command(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert all(name in out for name in ("analyze", "ask", "report"))
