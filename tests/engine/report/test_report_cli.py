"""`main.py report`: a motion .npz through analyze to every export; user errors; the real sample clip (slow)."""

import json
import pathlib
import re
import subprocess
import shutil

import pytest

from llamo_engine.cli import main
from llamo_engine.data.synth.params import SwingParams
from llamo_engine.data.synth.swing import generate_swing
from llamo_engine.motion.video import VideoReader
from llamo_engine.report.data_export import read_frames_csv


@pytest.fixture(scope="module")
def swing_npz(tmp_path_factory):
    path = tmp_path_factory.mktemp("clip") / "swing.motion.npz"
    generate_swing(SwingParams(seed=3, fps=30.0), compute_metrics=False).motion.save(path)
    return path


def test_report_from_motion_file_writes_every_export(swing_npz, tmp_path, capsys):
    chat = tmp_path / "chat.json"
    chat.write_text(json.dumps([{"question": "Which frame is impact?", "answer": "Frame 64.",
                                 "viewpoint_frames": [60, 64]}]))
    marks = tmp_path / "marks.json"
    marks.write_text(json.dumps([{"frame": 50, "kind": "line", "points": [[0.2, 0.2], [0.8, 0.8]], "text": "plane"}]))
    out = tmp_path / "out" / "report.pdf"
    rc = main(["report", str(swing_npz), "--out", str(out), "--html", "--video", "--csv", "--athlete", "Sam Lee",
               "--date", "2025-01-02", "--notes", "Keep the tempo.", "--chat", str(chat), "--annotations", str(marks)])
    assert rc == 0
    for name in ("report.pdf", "report.html", "report.mp4", "report.csv", "report.analysis.json"):
        assert (out.parent / name).stat().st_size > 0, name
    assert "golf: 1 swing(s)" in capsys.readouterr().out
    html = (out.parent / "report.html").read_text()
    assert "Sam Lee" in html and "Which frame is impact?" in html and "Keep the tempo." in html
    table = read_frames_csv(out.parent / "report.csv")
    analysis = json.loads((out.parent / "report.analysis.json").read_text())
    assert len(table.frames) == analysis["num_frames"] and analysis["sport"] == "golf"
    with VideoReader(out.parent / "report.mp4") as r:
        assert r.num_frames == analysis["num_frames"]


def test_report_user_errors(swing_npz, tmp_path, capsys):
    assert main(["report", str(swing_npz), "--out", str(tmp_path / "r.docx")]) == 2
    assert "must end in .pdf or .html" in capsys.readouterr().err
    bad = tmp_path / "marks.json"
    bad.write_text(json.dumps([{"frame": 1, "kind": "circle", "points": []}]))
    assert main(["report", str(swing_npz), "--out", str(tmp_path / "r.pdf"), "--annotations", str(bad)]) == 2
    assert "annotation kind" in capsys.readouterr().err
    assert not (tmp_path / "r.pdf").exists()


@pytest.mark.slow
def test_report_of_the_real_sample_clip(tmp_path):
    """The shipped clip (a person walking, no swing): estimator -> report with video frames, MP4 of its length."""
    SAMPLE_PERSON_CLIP = pathlib.Path(__file__).resolve().parents[3] / "assets" / "samples" / "sports2d_demo.mp4"
    out = tmp_path / "walk.pdf"
    assert main(["report", str(SAMPLE_PERSON_CLIP), "--out", str(out), "--html", "--video"]) == 0
    with VideoReader(SAMPLE_PERSON_CLIP) as src, VideoReader(tmp_path / "walk.mp4") as dst:
        assert dst.num_frames == src.num_frames and dst.fps == pytest.approx(src.fps, rel=1e-3)
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout
        assert "No golf or baseball swing" in text or re.search(r"Swing 1 of", text)
