"""``hearth --self-test`` from the source tree: the end-to-end check the packaged app also runs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

ALL_STEPS = ("vault", "import", "search_keyword", "embed", "search_semantic", "ask", "delete")


def expected_ok_steps() -> set[str]:
    """Every step must pass: each part of Hearth and both embedded models are installed by `make setup`."""
    return set(ALL_STEPS)


def check_result(result: dict, *, must_pass: set[str]) -> None:
    by_name = {s["name"]: s for s in result["steps"]}
    assert list(by_name) == list(ALL_STEPS)
    failed = {n: s["detail"] for n, s in by_name.items() if s["status"] == "FAIL"}
    assert not failed, failed
    not_ok = {n: by_name[n]["detail"] for n in must_pass if by_name[n]["status"] != "OK"}
    assert not not_ok, not_ok
    assert result["ok"] is True
    assert result["temp_dir_removed"] is True
    assert result["environment"]["offline_guard"] is True


def _run_cli(args: list[str], tmp_path: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HEARTH_HOME=str(tmp_path / "unused-profile"),
               TMPDIR=str(tmp_path))
    env.pop("HEARTH_DEV", None)  # the real engine, never the stub
    return subprocess.run([sys.executable, "-m", "desktop_app", *args], capture_output=True, text=True,
                          env=env, cwd=tmp_path, timeout=900)


@pytest.mark.slow
def test_self_test_json_from_source(tmp_path):
    r = _run_cli(["--self-test", "--json"], tmp_path)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    result = json.loads(r.stdout)
    check_result(result, must_pass=expected_ok_steps())
    assert result["environment"]["frozen"] is False
    # Nothing of the throwaway vault is left in the temp dir, and no record text reaches the output.
    assert not list(tmp_path.glob("hearth-selftest-*"))
    assert not (tmp_path / "unused-profile").exists()
    for secret in ("heron", "woodshed", "sourdough"):
        assert secret not in r.stdout.lower() and secret not in r.stderr.lower()


def test_self_test_core_steps_in_process(tmp_path, monkeypatch):
    """Fast path without the models: vault, import, keyword search, delete."""
    from desktop_app.cli import cmd_selftest

    monkeypatch.setenv("TMPDIR", str(tmp_path))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    seen = []
    result = cmd_selftest.run_steps(skip={"embed", "search_semantic", "ask"}, on_step=seen.append)
    check_result(result, must_pass=expected_ok_steps() & {"vault", "import", "search_keyword", "delete"})
    assert [s.name for s in seen] == [s["name"] for s in result["steps"]]
    assert not list(tmp_path.glob("hearth-selftest-*"))


def test_selftest_subcommand_text_output(tmp_path, capsys, monkeypatch):
    from desktop_app.cli import main

    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    from desktop_app.cli import cmd_selftest

    # Only the model-free steps, so this stays fast; the whole run is test_self_test_json_from_source.
    monkeypatch.setattr(cmd_selftest, "STEPS", [s for s in cmd_selftest.STEPS if s[0] in ("vault", "delete")])
    rc = main(["selftest"])
    out = capsys.readouterr().out
    assert rc == 0
    assert "self-test" in out and "[     OK] vault" in out
    assert out.strip().splitlines()[-1].startswith("Self-test passed")
