"""Where model files live: the user cache (converted LLMs, prepared clips) and the shipped default checkpoint."""

from __future__ import annotations

import os
import pathlib

import platformdirs

CACHE_ENV = "LLAMO_CACHE_DIR"
DEFAULT_CHECKPOINT = pathlib.Path(__file__).resolve().parents[2] / "assets" / "models" / "llamo_default"


def cache_root() -> pathlib.Path:
    """The cache folder: $LLAMO_CACHE_DIR when set, otherwise the platform's user cache dir for llamo-coach."""
    root = os.environ.get(CACHE_ENV) or platformdirs.user_cache_dir("llamo-coach")
    path = pathlib.Path(root)
    path.mkdir(parents=True, exist_ok=True)
    return path


def cache_dir(*parts: str) -> pathlib.Path:
    """A sub-folder of the cache (created)."""
    path = cache_root().joinpath(*parts)
    path.mkdir(parents=True, exist_ok=True)
    return path
