"""A killed export leaves its temp file and journal beside the destination: the next start (the
vault opening) removes them, and ``delete`` finds them even when nothing started in between."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

from desktop_app.core.domain import Record
from desktop_app.core.ingest.writer import RecordWriter
from desktop_app.core.privacy.atomic import PENDING_NOTE, TMP_MARK
from desktop_app.core.privacy.delete import delete_everything
from desktop_app.core.store.vault import open_vault
from tests.conftest import PASSPHRASE, REPO
from tests.privacy.test_export import _EXPORT_CHILD


def _leftovers(folder):
    return sorted(p.name for p in folder.iterdir() if TMP_MARK in p.name)


def _killed_export(vault, profile, dest) -> list[str]:
    """Kill -9 an export while its temp database is being written; return what it left."""
    with vault.transaction():
        RecordWriter(vault).write([Record("facebook", "post", i, "Me", f"post {i} " + "x" * 2000)
                                   for i in range(6000)])
    vault.checkpoint()
    for delay in (0.05, 0.1, 0.2, 0.4):
        proc = subprocess.Popen([sys.executable, "-c", _EXPORT_CHILD, str(profile), PASSPHRASE, str(dest), "enc"],
                                stdout=subprocess.PIPE, text=True, cwd=str(REPO))
        assert proc.stdout.readline().strip() == "ready"
        deadline = time.monotonic() + 10
        while not _leftovers(dest.parent) and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.005)
        time.sleep(delay / 10)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        left = _leftovers(dest.parent)
        if left:
            return left
    raise AssertionError("the export always finished before the kill")


def test_next_start_removes_a_killed_exports_temp_files(vault, profile, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    left = _killed_export(vault, profile, out / "backup.hearth")
    assert left and (profile / PENDING_NOTE).exists()
    vault.lock()
    open_vault(profile, passphrase=PASSPHRASE).lock()  # the next start
    assert _leftovers(out) == [] and not (profile / PENDING_NOTE).exists()


def test_delete_finds_a_killed_exports_temp_files(vault, profile, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    left = _killed_export(vault, profile, out / "backup.hearth")
    receipt = delete_everything(profile, vault=vault)
    assert _leftovers(out) == []
    gone = {r["path"].rsplit("/", 1)[-1] for r in receipt["removed"] if r["kind"] == "interrupted export"}
    assert set(left) <= gone
