"""Vault tests from security-tests.md not covered elsewhere: tamper detection, temp files, kill -9."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time

import pytest

from desktop_app.core import paths
from desktop_app.core.domain import Record
from desktop_app.core.errors import KnownError
from desktop_app.core.ingest.writer import RecordWriter
from desktop_app.core.privacy.integrity import check_vault
from desktop_app.core.errors import WrongKey
from desktop_app.core.store.vault import VaultDamaged, create_vault, open_vault
from tests.conftest import PASSPHRASE

CANARY = "qzxtempcanary"


def _fill(vault, n, width=120):
    with vault.transaction():
        RecordWriter(vault).write([Record("facebook", "message", i, "Sam", f"{CANARY} {i} " + "y" * width,
                                          thread_key="facebook:t") for i in range(n)])


# -- 7. tamper detection --------------------------------------------------------------------------

def test_every_flipped_byte_is_detected(profile, memory_keyring, tmp_path):
    v = create_vault(profile)  # raw keychain key: no KDF per open, so many copies are cheap
    _fill(v, 600)
    v.execute("DELETE FROM records WHERE id % 3 = 0")  # some free pages no query reads
    v.lock()
    db = paths.vault_file(profile)
    raw = db.read_bytes()
    page = 4096
    rng = random.Random(7)
    offsets = [rng.randrange(16, len(raw)) for _ in range(40)]
    # in every page region: payload, IV (last 80 bytes start) and HMAC
    offsets += [page * 2 + 100, page * 3 - 80, page * 3 - 40, page * 4 - 1]
    salt_offsets = [0, 7, 15]
    undetected = []
    for off in offsets + salt_offsets:
        copy = tmp_path / f"flip{off}"
        copy.mkdir()
        shutil.copy(paths.meta_file(profile), copy)
        data = bytearray(raw)
        data[off] ^= 0x01
        paths.vault_file(copy).write_bytes(bytes(data))
        flipped = bytes(data)
        try:
            cv = open_vault(copy)
        except WrongKey:
            assert off in salt_offsets or off < page, off  # page 1 / salt: the key no longer fits
            continue
        except VaultDamaged:
            # a schema page failed its check: refused at open, never repaired or deleted
            assert paths.vault_file(copy).read_bytes() == flipped
            continue
        try:
            report = check_vault(cv)
            if report["ok"]:
                undetected.append(off)
            else:
                assert all(e.startswith("HMAC verification failed for page") or "check failed" in e
                           for e in report["cipher_errors"]) or report["integrity"] != ["ok"]
        finally:
            cv.lock()
        shutil.rmtree(copy)
    assert undetected == []
    # the original is untouched and clean
    v = open_vault(profile)
    assert check_vault(v) == {"ok": True, "cipher_errors": [], "integrity": ["ok"]}
    v.lock()


# -- 3. temp files --------------------------------------------------------------------------------

def _temp_plaintext_hits(needle: bytes) -> tuple[int, int]:
    """(temp/deleted fds open by this process, canary hits in them)."""
    fds = hits = 0
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        if "etilqs_" in target:  # SQLite's temp files (unlinked at once: only /proc shows them)
            fds += 1
            try:
                with open(f"/proc/self/fd/{fd}", "rb") as fh:
                    hits += fh.read().count(needle)
            except OSError:
                pass
    return fds, hits


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="needs /proc")
def test_big_sort_writes_no_plaintext_temp_files(vault):
    import sqlcipher3

    assert vault.scalar("PRAGMA temp_store") == 2
    opts = {r[0] for r in sqlcipher3.connect(":memory:").execute("PRAGMA compile_options")}
    assert {"TEMP_STORE=2", "TEMP_STORE=3"} & opts
    _fill(vault, 3000, width=300)
    worst = {"fds": 0, "hits": 0}

    def sample():
        fds, hits = _temp_plaintext_hits(CANARY.encode())
        worst["fds"] = max(worst["fds"], fds)
        worst["hits"] = max(worst["hits"], hits)
        return 0

    def big_queries():
        vault.conn.set_progress_handler(sample, 20_000)
        try:
            vault.execute("PRAGMA cache_size = 20")  # small cache: temp data must spill somewhere
            vault.conn.execute("SELECT text FROM records ORDER BY substr(text, 20) || ts DESC").fetchall()
            vault.conn.execute("SELECT substr(text, 1, 40), count(*) FROM records GROUP BY 1").fetchall()
            vault.conn.execute("CREATE TEMP TABLE tmp_copy AS SELECT text FROM records")
            vault.conn.execute("SELECT * FROM tmp_copy ORDER BY text").fetchall()
            vault.conn.execute("DROP TABLE tmp_copy")
        finally:
            vault.conn.set_progress_handler(None, 0)

    # control: with temp_store=FILE the sampler sees plaintext in unlinked temp files (M14)
    vault.execute("PRAGMA temp_store = FILE")
    big_queries()
    control = dict(worst)
    vault.execute("PRAGMA temp_store = MEMORY")
    worst.update(fds=0, hits=0)
    big_queries()
    assert control["hits"] > 0, "the sampler must be able to see a leak"
    assert worst == {"fds": 0, "hits": 0}
    vault.execute("PRAGMA cache_size = -2000")


# -- 28. kill -9 during a write transaction -------------------------------------------------------

_WRITER = r"""
import sys
from desktop_app.core.domain import Record
from desktop_app.core.ingest.writer import RecordWriter
from desktop_app.core.store.vault import open_vault
v = open_vault(sys.argv[1], passphrase=sys.argv[2])
print("ready", flush=True)
with v.transaction():
    w = RecordWriter(v)
    for b in range(40):
        w.write([Record("facebook", "message", b * 1000 + i, "Sam", f"row {b} {i} " + "z" * 80,
                        thread_key="facebook:t") for i in range(500)])
print("committed", flush=True)
"""


@pytest.mark.slow
def test_kill_during_write_transaction_leaves_all_or_nothing(vault, profile):
    _fill(vault, 50)
    vault.lock()
    outcomes = []
    for delay in (0.05, 0.3, 0.8):
        p = subprocess.Popen([sys.executable, "-c", _WRITER, str(profile), PASSPHRASE], stdout=subprocess.PIPE,
                             text=True)
        assert p.stdout.readline().strip() == "ready"
        time.sleep(delay)
        p.send_signal(signal.SIGKILL)
        p.wait()
        v = open_vault(profile, passphrase=PASSPHRASE)
        try:
            assert check_vault(v)["ok"]
            n = v.scalar("SELECT count(*) FROM records")
            outcomes.append(n)
            assert n in (50, 50 + 20_000) or (n - 50) % 20_000 == 0, n  # never a partial transaction
            assert v.scalar("SELECT count(*) FROM records_fts WHERE records_fts MATCH 'row'") == n - 50 or n > 50
        finally:
            v.lock()
    assert 50 in outcomes  # at least one kill landed mid-transaction


# -- 10. crash between re-key and saving the key mode ----------------------------------------------

class _Crash(Exception):
    pass


def _crash_on_save(monkeypatch):
    from desktop_app.core.store import vault as vault_mod

    def boom(self, profile):
        raise _Crash()

    monkeypatch.setattr(vault_mod.VaultInfo, "save", boom)


def test_crash_after_rekey_to_keychain_still_opens(profile, memory_keyring, monkeypatch):
    v = create_vault(profile, passphrase=PASSPHRASE)
    _fill(v, 5)
    with monkeypatch.context() as m:
        _crash_on_save(m)
        with pytest.raises(_Crash):
            v.use_keychain()
    v.lock()
    # vault.json still says "passphrase", the DB is under the keychain key: the open finishes the move
    v = open_vault(profile, passphrase=PASSPHRASE)
    assert v.info.key_mode == "keychain" and v.scalar("SELECT count(*) FROM records") == 5
    v.lock()
    open_vault(profile).lock()  # and from now on without any passphrase


def test_crash_after_rekey_to_passphrase_still_opens(profile, memory_keyring, monkeypatch):
    v = create_vault(profile)
    _fill(v, 5)
    with monkeypatch.context() as m:
        _crash_on_save(m)
        with pytest.raises(_Crash):
            v.change_passphrase("the new one")
    v.lock()
    assert memory_keyring.store  # the old keychain entry was not deleted yet
    with pytest.raises(WrongKey):
        open_vault(profile)  # the keychain key no longer fits, and no passphrase was given
    v = open_vault(profile, passphrase="the new one")
    assert v.info.key_mode == "passphrase" and v.scalar("SELECT count(*) FROM records") == 5
    v.lock()
    assert memory_keyring.store == {}
    with pytest.raises(WrongKey):
        open_vault(profile, passphrase="not it")


def test_many_wrong_raw_keys_change_nothing(profile, memory_keyring):
    import hashlib
    import secrets as sec

    from desktop_app.core.store import vault as vault_mod

    v = create_vault(profile)
    _fill(v, 5)
    v.lock()
    db = paths.vault_file(profile)
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    files = sorted(p.name for p in profile.iterdir())
    for _ in range(100):
        with pytest.raises(WrongKey):
            vault_mod._connect(db, vault_mod._key_pragma(hex_key=sec.token_hex(32)))
    for bad in ("", "x" * 64, "'; DROP TABLE records; --", "ab" * 31, "ab" * 33):
        with pytest.raises((ValueError, KnownError)):
            vault_mod._connect(db, vault_mod._key_pragma(hex_key=bad))
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in profile.iterdir()) == files


# -- 6. key and DB mismatch matrix ----------------------------------------------------------------

@pytest.mark.parametrize("key_state", ["present", "missing", "wrong"])
@pytest.mark.parametrize("db_state", ["present", "missing", "corrupt"])
def test_key_db_matrix_never_makes_a_new_key(profile, memory_keyring, key_state, db_state):
    import hashlib
    import secrets as sec

    from desktop_app.core.errors import VaultExists

    v = create_vault(profile)
    _fill(v, 3)
    v.lock()
    (account,) = [a for (_s, a) in memory_keyring.store]
    db = paths.vault_file(profile)
    if key_state == "missing":
        memory_keyring.store.clear()
    elif key_state == "wrong":
        memory_keyring.store[("Hearth vault", account)] = sec.token_hex(32)
    if db_state == "missing":
        db.unlink()
    elif db_state == "corrupt":
        db.write_bytes(sec.token_bytes(db.stat().st_size))
    keys_before = dict(memory_keyring.store)
    digest = hashlib.sha256(db.read_bytes()).hexdigest() if db.exists() else None
    if key_state == "present" and db_state == "present":
        open_vault(profile).lock()
    else:
        with pytest.raises(KnownError):
            open_vault(profile)
    with pytest.raises(VaultExists):
        create_vault(profile)  # never a fresh vault (and key) over what is there
    assert memory_keyring.store == keys_before
    if digest is not None:
        assert hashlib.sha256(db.read_bytes()).hexdigest() == digest
    assert not (profile / "vault.db-wal").exists() or db_state == "present"
