"""The packaged app (dist/hearth) runs its self-test with nothing of the project around it.

Skipped unless ``python packaging/build.py`` has produced ``dist/hearth/hearth``. The binary runs
from a fresh temp directory under ``env -i`` with only HOME, PATH=/usr/bin:/bin,
QT_QPA_PLATFORM=offscreen and HEARTH_HOME: no venv, no PYTHONPATH, no repo on any path.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.packaging.test_selftest import check_result, expected_ok_steps

ROOT = Path(__file__).resolve().parents[2]
BINARY = ROOT / "dist" / "hearth" / "hearth"

pytestmark = pytest.mark.skipif(not BINARY.is_file(), reason="no packaged build (run `make package`)")


def _run_clean(args: list[str], tmp_path: Path, timeout: int = 900, extra_env: tuple[str, ...] = ()) -> subprocess.CompletedProcess:
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    cwd = tmp_path / "cwd"
    cwd.mkdir(exist_ok=True)
    env = ["env", "-i", f"HOME={home}", "PATH=/usr/bin:/bin", "QT_QPA_PLATFORM=offscreen",
           f"HEARTH_HOME={tmp_path / 'profile'}", *extra_env]
    return subprocess.run([*env, str(BINARY), *args], capture_output=True, text=True, cwd=cwd, timeout=timeout)


def test_frozen_version(tmp_path):
    from desktop_app import __version__

    r = _run_clean(["--version"], tmp_path, timeout=300)
    assert r.returncode == 0, r.stderr[-2000:]
    assert r.stdout.strip() == f"hearth {__version__}"


@pytest.mark.slow
def test_frozen_self_test_offscreen_clean_env(tmp_path):
    r = _run_clean(["--self-test", "--json"], tmp_path)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    result = json.loads(r.stdout)
    env = result["environment"]
    assert env["frozen"] is True
    assert env["models_in_bundle"] is True  # not from a Python install on this machine
    # Every step this source tree can run must also pass in the package.
    check_result(result, must_pass=expected_ok_steps())
    assert not (tmp_path / "profile").exists()
    for secret in ("heron", "woodshed", "sourdough"):
        assert secret not in r.stdout.lower() and secret not in r.stderr.lower()


def test_frozen_gui_starts_offscreen(tmp_path):
    """The window opens (offscreen) and closes again: Qt plugins and the UI package are in the bundle."""
    r = _run_clean(["--no-error-dialogs", "gui"], tmp_path, timeout=300, extra_env=("HEARTH_GUI_EXIT_AFTER_SHOW=1",))
    assert r.returncode == 0, r.stderr[-3000:]
    assert "Traceback" not in r.stderr
