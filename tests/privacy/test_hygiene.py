"""Hygiene: logs and crash output never carry record text; core dumps off; private file modes."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys

import pytest

from desktop_app.core import paths
from desktop_app.core.privacy import hygiene
from tests.conftest import PASSPHRASE

CANARY = "qzxlogcanary"


def _plant_undecodable(vault):
    """A record whose text is not valid UTF-8: reading it makes the driver quote the row in its error (M16)."""
    with vault.transaction():
        vault.execute("INSERT INTO records(platform, kind, category, ts, author, text, content_hash) VALUES "
                      "('facebook', 'message', 'messages', 1, 'Sam', CAST(? AS TEXT), 'h1')",
                      (f"it's {CANARY} private".encode() + b"\xff\xfe",))


def _driver_error(vault) -> BaseException:
    try:
        vault.conn.execute("SELECT text FROM records").fetchall()  # the raw driver, as any area may use it
    except Exception as exc:  # noqa: BLE001
        return exc
    raise AssertionError("expected a decode error")


def test_driver_error_really_carries_row_text(vault):
    _plant_undecodable(vault)
    exc = _driver_error(vault)
    assert CANARY in str(exc)  # the hazard is real (M16) ...
    assert CANARY not in hygiene.describe_exception(exc)  # ... and the scrubbed form drops it
    assert CANARY not in hygiene.format_exception_safely(exc)


def test_logs_never_contain_record_text(vault, caplog, capsys):
    _plant_undecodable(vault)
    hygiene.install_log_scrubber()
    log = logging.getLogger("desktop_app.test.hygiene")
    handler = logging.StreamHandler(sys.stderr)
    log.addHandler(handler)  # a handler added after the scrubber, as the GUI's log view would be
    try:
        with caplog.at_level(logging.DEBUG):
            exc = _driver_error(vault)
            log.exception("search failed")
            log.warning("failed: %s", exc)
            log.error("failed: %r", exc)
            log.warning(exc)
            try:
                raise RuntimeError("wrapped") from exc
            except RuntimeError:
                log.exception("outer")
    finally:
        log.removeHandler(handler)
    err = capsys.readouterr().err
    assert caplog.records and "search failed" in caplog.text and "OperationalError" in caplog.text
    assert CANARY not in caplog.text
    assert CANARY not in err
    for r in caplog.records:
        assert CANARY not in r.getMessage()


_CHILD = r"""
import sys
from desktop_app.cli import main  # noqa: F401  (same start-up as the app)
from desktop_app.core.privacy import hygiene
from desktop_app.core.store.vault import open_vault
hygiene.harden_process()
hygiene.install_log_scrubber()
v = open_vault(sys.argv[1], passphrase=sys.argv[2])
v.conn.execute("SELECT text FROM records").fetchall()  # uncaught: a bug path
"""


def test_uncaught_driver_error_prints_no_record_text(vault, profile):
    _plant_undecodable(vault)
    vault.lock()
    r = subprocess.run([sys.executable, "-c", _CHILD, str(profile), PASSPHRASE], capture_output=True, text=True,
                       timeout=60)
    assert r.returncode != 0
    assert "OperationalError" in r.stderr and "Traceback" in r.stderr
    assert CANARY not in r.stderr and CANARY not in r.stdout


def test_cli_search_over_bad_row_leaks_nothing_to_stderr(vault, profile):
    _plant_undecodable(vault)
    vault.lock()
    env = {**os.environ, "HEARTH_HOME": str(profile), "HEARTH_PASSPHRASE": PASSPHRASE}
    r = subprocess.run([sys.executable, "-m", "desktop_app", "-v", "search", CANARY, "--json"], capture_output=True,
                       text=True, timeout=120, env=env)
    assert CANARY not in r.stderr


_DUMPS = r"""
import json, runpy, sys
sys.argv = ["desktop_app", "--version"]
try:
    runpy.run_module("desktop_app", run_name="__main__")  # exactly what `python -m desktop_app` runs
except SystemExit:
    pass
from desktop_app.core.privacy import hygiene
print(json.dumps(hygiene.process_state()))
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux process state")
def test_core_dumps_off_in_the_app_process():
    r = subprocess.run([sys.executable, "-c", _DUMPS], capture_output=True, text=True, timeout=60)
    state = json.loads(r.stdout.strip().splitlines()[-1])
    assert state["rlimit_core"] == [0, 0]
    assert state["dumpable"] == 0
    assert state["umask"] == "0o77"


def test_profile_files_private_and_allowlisted(vault, profile, tmp_path):
    from desktop_app.core.privacy import audit, export as ex, forget as fg, lock as lk
    from tests.privacy import data

    ids = data.plant(vault)
    audit.record_use(vault, "a", [1])
    fg.forget(vault, thread_id=ids["kim_thread"])
    ex.export_vault(vault, tmp_path / "e.hearth", passphrase="e")
    lk.request_lock(profile)
    allowed = {"vault.db", "vault.db-wal", "vault.db-shm", "vault.json", lk.REQUEST_FILE}
    names = {p.name for p in profile.iterdir()}
    assert names <= allowed, names - allowed
    assert (profile.stat().st_mode & 0o777) == 0o700
    for p in profile.iterdir():
        assert (p.stat().st_mode & 0o777) == 0o600, p
    assert ((tmp_path / "e.hearth").stat().st_mode & 0o777) == 0o600
    assert paths.vault_file(profile).exists()


def test_the_key_never_leaves_the_keychain(profile, memory_keyring, tmp_path):
    import base64

    from desktop_app.core.privacy import export as ex, forget as fg, lock as lk
    from desktop_app.core.store.vault import create_vault
    from tests.privacy import data

    v = create_vault(profile)
    ids = data.plant(v)
    fg.forget(v, thread_id=ids["kim_thread"])
    ex.export_vault(v, tmp_path / "e.hearth", passphrase="e")
    ex.export_vault(v, tmp_path / "o.zip", open_format=True)
    lk.request_lock(profile)
    v.lock()
    (hex_key,) = memory_keyring.store.values()
    raw = bytes.fromhex(hex_key)
    needles = [hex_key.lower().encode(), hex_key.upper().encode(), raw, base64.b64encode(raw)]
    scanned = 0
    for f in list(profile.rglob("*")) + list(tmp_path.rglob("*")) + list(tmp_path.parent.rglob("home*/**/*")):
        if f.is_file():
            blob = f.read_bytes()
            scanned += 1
            assert not any(n in blob for n in needles), f
    assert scanned >= 5
