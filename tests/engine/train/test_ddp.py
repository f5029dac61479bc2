"""The training entry point under torchrun with two CPU processes (gloo): both ranks train, stay in sync (the loop
checks it) and rank 0 writes the checkpoint."""

import json
import os
import socket
import subprocess
import sys

from llamo_engine.train.loop import LOG_FILE


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_two_process_training(tiny_backbone, tmp_path):
    out = tmp_path / "ddp"
    cmd = [sys.executable, "-m", "torch.distributed.run", "--nproc-per-node", "2", "--master-addr", "127.0.0.1",
           "--master-port", str(free_port()), "-m", "llamo_engine.train", "--stage", "align", "--out", str(out),
           "--backbone", tiny_backbone, "--dim", "32", "--layers", "1", "--steps", "3", "--batch-size", "1",
           "--train-clips", "2", "--per-category", "1", "--log-every", "1", "--warmup", "1", "--threads", "1",
           "--random-video-encoder"]
    env = dict(os.environ, OMP_NUM_THREADS="1")
    run = subprocess.run(cmd, capture_output=True, text=True, timeout=240, env=env)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-3000:]
    assert "2 process(es)" in run.stdout
    log = json.loads((out / LOG_FILE).read_text())
    assert log["world_size"] == 2 and log["steps"] == 3
    assert (out / "model.safetensors").is_file()
