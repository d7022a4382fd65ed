"""Broken inputs through the real CLI: one-line reason, non-zero exit, no archive row, vault as it was."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys

import pytest

from desktop_app.core.store.vault import open_vault
from tests.conftest import PASSPHRASE, REPO
from tests.importers import hostile_inputs


def hearth(profile, *argv: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "HEARTH_HOME": str(profile), "HEARTH_PASSPHRASE": PASSPHRASE, "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-m", "desktop_app", *argv], capture_output=True, text=True, env=env,
                          timeout=300, cwd=str(REPO))


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    return hostile_inputs.build(tmp_path_factory.mktemp("hostile"))


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _counts(profile) -> tuple:
    v = open_vault(profile, passphrase=PASSPHRASE)
    try:
        return tuple(v.scalar(f"SELECT count(*) FROM {t}") for t in ("archives", "records", "jobs", "threads"))
    finally:
        v.lock()


@pytest.mark.parametrize("kind,reason", [
    ("README", "no Facebook, Instagram or WhatsApp export found"),
    ("JPEG", "no Facebook, Instagram or WhatsApp export found"),
    ("fake .zip", "named .zip but is not a ZIP archive"),
    ("empty folder", "the folder is empty"),
    ("ZIP 10 bytes short", "ZIP is damaged or incomplete"),
    ("ZIP half downloaded", "ZIP is damaged or incomplete"),
    ("ZIP with 500,001 members", "too many entries in ZIP (500001 > 500000)"),
])
def test_broken_input_is_refused(vault, profile, inputs, kind, reason):
    vault.lock()
    assert hearth(profile, "import", str(inputs["README"].with_name("good.zip")), "--no-embed").returncode == 0
    before, digest = _counts(profile), _digest(profile / "vault.db")
    for extra in ((), ("--json",)):
        r = hearth(profile, "import", str(inputs[kind]), "--no-embed", *extra)
        assert r.returncode == 2, (r.stdout, r.stderr)
        assert "Traceback" not in r.stderr
        if extra:
            out = json.loads(r.stdout)
            assert out["ok"] is False and reason in out["error"] and out["error_type"] == "InputRefused"
        else:
            lines = r.stderr.strip().splitlines()
            assert len(lines) == 1 and lines[0].startswith("hearth: error: Nothing was imported.") and reason in lines[0]
            assert "Import finished" not in r.stdout
    r = hearth(profile, "import", "--inspect", str(inputs[kind]))
    assert r.returncode == 2 and reason in r.stderr
    assert _counts(profile) == before
    assert _digest(profile / "vault.db") == digest


def test_a_broken_part_refuses_the_whole_import(vault, profile, inputs):
    vault.lock()
    good = inputs["README"].with_name("good.zip")
    r = hearth(profile, "import", str(good), str(inputs["ZIP 10 bytes short"]), "--no-embed")
    assert r.returncode == 2 and "facebook-cut-01_01_2025.zip: ZIP is damaged or incomplete" in r.stderr
    assert _counts(profile) == (0, 0, 0, 0)


def test_forget_a_missing_record_is_an_error(vault, profile):
    vault.lock()
    r = hearth(profile, "forget", "--record", "999999", "--yes")
    assert r.returncode == 2 and r.stderr.strip() == ("hearth: error: There is no record number 999999; "
                                                      "nothing was forgotten.")
