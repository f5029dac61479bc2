"""The import contracts of pyproject.toml hold (`lint-imports`: the app above the engine, the engine's layers, no Qt
in the engine, no import cycle in any package), and they catch each kind of breach, function-local imports too."""

import os
import pathlib
import shutil
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
LINT_IMPORTS = pathlib.Path(sys.executable).with_name("lint-imports")

# file -> text written into a copy of the tree; each breaks one contract
PROBES = {
    "llamo_engine/analysis/probe_upward.py":        # a low layer reaching up, inside a function
        "def engine():\n    from llamo_engine.inference import Engine\n    return Engine\n",
    "llamo_engine/coaching/probe_cycle.py":         # a cycle dodged by a function-local import
        "from llamo_engine.coaching import knowledge\n",
    "llamo_engine/motion/probe_qt.py":
        "import PySide6\n",
    "llamo_engine/model/probe_app.py":
        "from app import store\n",
}
CYCLE_BACK = "\n\ndef _probe():\n    from llamo_engine.coaching import probe_cycle\n    return probe_cycle\n"


def lint(root: pathlib.Path) -> subprocess.CompletedProcess:
    if not LINT_IMPORTS.is_file():
        pytest.fail(f"{LINT_IMPORTS} is missing: install the test extras (packaging/setup_env.sh does)")
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run([str(LINT_IMPORTS), "--no-cache", "--no-logo"], cwd=root, env=env, capture_output=True,
                          text=True, timeout=120)        # reads root/pyproject.toml


def test_the_package_keeps_every_import_contract():
    result = lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_the_contracts_catch_a_layer_breach_a_cycle_qt_and_the_app(tmp_path):
    for name in ("llamo_engine", "app"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    for path, text in PROBES.items():
        (tmp_path / path).write_text(text)
    with open(tmp_path / "llamo_engine/coaching/knowledge.py", "a") as f:
        f.write(CYCLE_BACK)
    out = lint(tmp_path).stdout
    assert "llamo_engine.analysis is not allowed to import llamo_engine.inference" in out, out
    assert "No cycles are allowed in llamo_engine.coaching" in out, out
    assert "llamo_engine.motion.probe_qt -> PySide6" in out, out
    assert "llamo_engine is not allowed to import app" in out, out
