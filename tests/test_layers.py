"""The layers and lint rules hold, checked by tools rather than by memory.

import-linter reads the contracts in pyproject.toml ([tool.importlinter]: the core is Qt-free and
never imports the window or the CLI, importers never touch the store, the core's layers, privacy's
leaves and operations, no import cycles inside the packages listed there); grimp sees imports
inside functions too. ruff runs the rule set in
pyproject.toml ([tool.ruff.lint]), including the ban on module-level torch / transformers /
llama_cpp imports. mypy checks the fully typed core modules listed in [tool.mypy].
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _tool(name: str) -> str:
    path = BIN / name if (BIN / name).exists() else shutil.which(name)
    assert path, f"{name} is a test dependency (requirements.lock): run `make setup`"
    return str(path)


def test_import_contracts_hold():
    r = subprocess.run([_tool("lint-imports"), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stdout[-4000:] + r.stderr[-2000:]
    assert "0 broken" in r.stdout


def test_ruff_passes():
    r = subprocess.run([_tool("ruff"), "check", "--no-cache", "desktop_app", "tests", "packaging"], cwd=ROOT,
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stdout[-4000:] + r.stderr[-2000:]


def test_mypy_on_the_typed_core_modules():
    """[tool.mypy] in pyproject.toml lists the core modules that are fully typed; they stay so."""
    r = subprocess.run([_tool("mypy"), "--no-incremental"], cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert r.returncode == 0, r.stdout[-4000:] + r.stderr[-2000:]
