"""A damaged vault (one byte flipped outside page 1): every command answers with one clear line or
works, never a traceback; ``hearth doctor --check-vault`` finds every flip and says what to do."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys

import pytest

from desktop_app.core.ingest import service
from desktop_app.core.store.vault import VaultDamaged, create_vault, map_db_error, open_vault
from tests.conftest import PASSPHRASE, REPO
from tests.synth.archive import build_fb

PAGE = 4096
COMMANDS = (("stats",), ("search", "cabin"), ("chats",), ("profile", "facts"), ("scope", "show"),
            ("forget", "--list"))
# HEARTH_DAMAGE_FLIPS=40 for the report's campaign.
FLIPS = int(os.environ.get("HEARTH_DAMAGE_FLIPS", "3"))


def hearth(profile, *argv: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "HEARTH_HOME": str(profile), "HEARTH_PASSPHRASE": PASSPHRASE, "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-m", "desktop_app", *argv, "--json"], capture_output=True, text=True,
                          env=env, timeout=300, cwd=str(REPO))


@pytest.fixture(scope="module")
def pristine(tmp_path_factory):
    root = tmp_path_factory.mktemp("damage")
    archive = build_fb(root / "facebook-alex-01_01_2025-d.zip", era="FB-4", n_messages=2000, n_threads=12,
                       n_other=200, seed=21)
    v = create_vault(root / "profile", passphrase=PASSPHRASE)
    service.run_import(v, [archive])
    v.lock()
    return root / "profile"


def _flip(src, dest, rng: random.Random) -> int:
    import shutil

    shutil.copytree(src, dest)
    db = dest / "vault.db"
    data = bytearray(db.read_bytes())
    pages = len(data) // PAGE
    offset = rng.randrange(PAGE, pages * PAGE)  # never page 1: that is "wrong key", tested elsewhere
    data[offset] ^= 1 << rng.randrange(8)
    db.write_bytes(bytes(data))
    return offset


def test_flipped_bytes_give_clear_errors_and_doctor_finds_them(pristine, tmp_path):
    rng = random.Random(7)
    found = 0
    for n in range(FLIPS):
        prof = tmp_path / f"p{n}"
        offset = _flip(pristine, prof, rng)
        for argv in COMMANDS:
            r = hearth(prof, *argv)
            assert "Traceback" not in r.stderr, (offset, argv, r.stderr[-2000:])
            out = json.loads(r.stdout)
            if r.returncode != 0:
                assert out["ok"] is False and out["error"] and "\n" not in out["error"], (offset, argv, out)
                assert out["error_type"] in ("VaultDamaged", "KnownError") or r.returncode == 130, (argv, out)
        r = hearth(prof, "doctor", "--check-vault")
        assert "Traceback" not in r.stderr, r.stderr[-2000:]
        integrity = json.loads(r.stdout)["integrity"]
        assert integrity["ok"] is False, (offset, integrity)
        assert integrity["summary"].startswith("Damaged") and integrity["advice"]
        found += 1
    print(f"damaged vault: {FLIPS} flips, {found} found by doctor --check-vault, 0 tracebacks")


def test_doctor_on_a_sound_vault(pristine, tmp_path):
    import shutil

    shutil.copytree(pristine, tmp_path / "ok")
    out = json.loads(hearth(tmp_path / "ok", "doctor", "--check-vault").stdout)
    assert out["integrity"]["ok"] is True and out["integrity"]["damaged_pages"] == []
    assert "No damage found" in out["integrity"]["summary"]


def test_damage_is_mapped_by_result_code_not_message(pristine, tmp_path):
    import sqlcipher3

    class Corrupt(sqlcipher3.DatabaseError):
        sqlite_errorcode = 11  # SQLITE_CORRUPT, whatever the text says

    class Busy(sqlcipher3.OperationalError):
        sqlite_errorcode = 5 | (1 << 8)  # SQLITE_BUSY_RECOVERY: the primary code decides

    assert isinstance(map_db_error(Corrupt("something else entirely")), VaultDamaged)
    assert "busy" in map_db_error(Busy("no hint here")).user_message
    assert map_db_error(sqlcipher3.IntegrityError("UNIQUE constraint failed")) is None
    assert map_db_error(ValueError("x")) is None
