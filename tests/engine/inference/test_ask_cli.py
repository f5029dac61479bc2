import argparse
import json

from llamo_engine.ask_cli import add_ask_parser, cmd_ask


def parse(argv):
    parser = argparse.ArgumentParser()
    add_ask_parser(parser.add_subparsers(dest="command"))
    return parser.parse_args(argv)


def test_ask_streams_and_prints_viewpoint_frames(tiny_backbone, cache, motion, tmp_path, capsys):
    motion.save(tmp_path / "clip.motion.npz")
    args = parse(["ask", str(tmp_path / "clip.motion.npz"), "When is impact?", "--untrained", "--backbone", tiny_backbone,
                  "--max-tokens", "4", "--quiet"])
    assert args.func is cmd_ask and cmd_ask(args) == 0
    out, err = capsys.readouterr()
    frames_line = out.strip().splitlines()[-1]
    assert frames_line.startswith("viewpoint frames: ") and frames_line.count(" s)") == 16
    assert "warning: LLaMo engine is untrained" in err


def test_ask_json(tiny_backbone, cache, motion, tmp_path, capsys):
    motion.save(tmp_path / "clip.motion.npz")
    code = cmd_ask(parse(["ask", str(tmp_path / "clip.motion.npz"), "Impact?", "--untrained", "--backbone", tiny_backbone,
                          "--max-tokens", "2", "--json", "--quiet"]))
    data = json.loads(capsys.readouterr().out)
    assert code == 0 and data["question"] == "Impact?" and len(data["viewpoint_frames"]) == 16
    assert all(0 <= f < motion.num_frames for f in data["viewpoint_frames"])


def test_ask_user_errors_exit_2(tiny_backbone, cache, tmp_path, capsys):
    assert cmd_ask(parse(["ask", str(tmp_path / "missing.mp4"), "Q?", "--backbone", tiny_backbone])) == 2
    assert "file not found" in capsys.readouterr().err
    (tmp_path / "bad.npz").write_bytes(b"not a zip")
    assert cmd_ask(parse(["ask", str(tmp_path / "bad.npz"), "Q?", "--backbone", tiny_backbone])) == 2
    assert "not a LLaMo Coach motion file" in capsys.readouterr().err
