"""The vault is encrypted, refuses wrong keys without touching the file, and never falls back."""

from __future__ import annotations

import hashlib
import sqlite3

import pytest

from desktop_app.core import paths
from desktop_app.core.domain import Record
from desktop_app.core.errors import KeychainUnavailable, NotEncrypted, VaultExists, VaultFromFuture, WrongKey
from desktop_app.core.ingest.writer import RecordWriter
from desktop_app.core.store import keychain
from desktop_app.core.store.migrations import current_version
from desktop_app.core.store.vault import PassphraseRequired, create_vault, open_vault
from tests.conftest import PASSPHRASE
from tests.helpers import forensics

CANARY = "CANARY-7f3a9e-zebra-quartz"


def _sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _plant(vault, n=200):
    with vault.transaction():
        w = RecordWriter(vault)
        w.write([Record("facebook", "message", 1_600_000_000_000 + i, "Sam", f"{CANARY} number {i}",
                        thread_key="facebook:inbox/sam") for i in range(n)])


def test_canaries_never_reach_disk_in_clear(vault, profile):
    _plant(vault)
    db = paths.vault_file(profile)
    assert db.read_bytes()[:16] != b"SQLite format 3\x00"
    raw = forensics.raw_bytes_of_dir(profile)
    assert CANARY.encode() not in raw
    # the decryptor works: with the key, the canary is found (so the zero above means something)
    key = forensics.key_from_passphrase(PASSPHRASE, forensics.salt_of(db))
    assert CANARY.encode() in forensics.plaintext_of_vault(db, key)


def test_wrong_key_leaves_file_identical(vault, profile):
    _plant(vault, 10)
    vault.lock()
    db = paths.vault_file(profile)
    before = _sha(db)
    files_before = sorted(p.name for p in profile.iterdir())
    with pytest.raises(WrongKey):
        open_vault(profile, passphrase="not the passphrase")
    assert _sha(db) == before
    assert sorted(p.name for p in profile.iterdir()) == files_before
    with pytest.raises(PassphraseRequired):
        open_vault(profile, passphrase=None)
    with pytest.raises(Exception):
        open_vault(profile, passphrase="")
    assert _sha(db) == before
    v = open_vault(profile, passphrase=PASSPHRASE)
    assert v.scalar("SELECT count(*) FROM records") == 10
    v.lock()


def test_stdlib_sqlite_cannot_read(vault, profile):
    _plant(vault, 5)
    vault.lock()
    db = paths.vault_file(profile)
    before = _sha(db)
    conn = sqlite3.connect(db)
    with pytest.raises(sqlite3.DatabaseError):
        conn.execute("SELECT * FROM records").fetchall()
    conn.close()
    assert _sha(db) == before


def test_plaintext_database_is_refused(profile):
    paths.ensure_private_dir(profile)
    db = paths.vault_file(profile)
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE t(x)")
    conn.commit()
    conn.close()
    before = _sha(db)
    with pytest.raises(NotEncrypted):
        open_vault(profile, passphrase=PASSPHRASE)
    with pytest.raises(VaultExists):
        create_vault(profile, passphrase=PASSPHRASE)
    assert _sha(db) == before


def test_never_create_over_existing(vault, profile):
    vault.lock()
    with pytest.raises(VaultExists):
        create_vault(profile, passphrase="other")


@pytest.mark.parametrize("backend", ["fail", "null", "plaintext"])
def test_insecure_keychains_refused(profile, backend, tmp_path):
    import keyring
    from keyring.backends import fail, null

    if backend == "fail":
        keyring.set_keyring(fail.Keyring())
    elif backend == "null":
        keyring.set_keyring(null.Keyring())
    else:
        from keyrings.alt.file import PlaintextKeyring  # a test dependency (requirements.lock)

        kr = PlaintextKeyring()
        kr.file_path = str(tmp_path / "kr.cfg")
        keyring.set_keyring(kr)
    assert keychain.secure_backend() is None
    with pytest.raises(KeychainUnavailable):
        create_vault(profile, use_keychain=True)
    assert not profile.exists() or not paths.vault_file(profile).exists()
    v = create_vault(profile, passphrase=PASSPHRASE)
    assert v.info.key_mode == "passphrase"
    v.lock()


def test_keychain_path_and_backend_recorded(profile, memory_keyring):
    v = create_vault(profile)
    assert v.info.key_mode == "keychain"
    assert v.info.keychain_backend.endswith("MemoryKeyring")
    _plant(v, 3)
    v.lock()
    (entry,) = memory_keyring.store.values()
    assert len(entry) == 64
    assert entry.encode() not in forensics.raw_bytes_of_dir(profile)
    v2 = open_vault(profile)
    assert v2.scalar("SELECT count(*) FROM records") == 3
    v2.lock()
    # key gone from the keychain: clear error, no new key, file unchanged
    memory_keyring.store.clear()
    before = _sha(paths.vault_file(profile))
    with pytest.raises(KeychainUnavailable):
        open_vault(profile)
    assert _sha(paths.vault_file(profile)) == before
    assert not memory_keyring.store


def test_migrations_from_empty_and_future_refused(profile):
    v = create_vault(profile, passphrase=PASSPHRASE)
    assert v.schema_version() == current_version()
    tables = {r[0] for r in v.query("SELECT name FROM sqlite_master WHERE type IN ('table')")}
    assert {"archives", "records", "people", "threads", "records_fts", "identities"} <= tables
    v.execute(f"PRAGMA user_version = {current_version() + 5}")
    v.lock()
    with pytest.raises(VaultFromFuture):
        open_vault(profile, passphrase=PASSPHRASE)


def test_rekey_keeps_data_and_rejects_old(vault, profile):
    _plant(vault, 7)
    vault.change_passphrase("a brand new passphrase")
    vault.lock()
    with pytest.raises(WrongKey):
        open_vault(profile, passphrase=PASSPHRASE)
    v = open_vault(profile, passphrase="a brand new passphrase")
    assert v.scalar("SELECT count(*) FROM records") == 7
    assert v.query("PRAGMA integrity_check") == [("ok",)]
    v.lock()


def test_move_between_keychain_and_passphrase(profile, memory_keyring):
    v = create_vault(profile, passphrase=PASSPHRASE)
    _plant(v, 2)
    v.use_keychain()
    v.lock()
    v = open_vault(profile)
    assert v.info.key_mode == "keychain"
    v.change_passphrase("pp2")
    assert not memory_keyring.store
    v.lock()
    v = open_vault(profile, passphrase="pp2")
    assert v.scalar("SELECT count(*) FROM records") == 2
    v.lock()


def test_pragmas_and_permissions(vault, profile):
    assert vault.scalar("PRAGMA journal_mode") == "wal"
    assert vault.scalar("PRAGMA synchronous") == 2
    assert vault.scalar("PRAGMA secure_delete") == 1
    assert vault.scalar("PRAGMA temp_store") == 2
    assert (profile.stat().st_mode & 0o777) == 0o700
    for p in profile.iterdir():
        assert (p.stat().st_mode & 0o777) == 0o600, p


def test_lock_drops_connection(vault):
    from desktop_app.core.errors import VaultLocked

    vault.lock()
    assert vault.locked
    with pytest.raises(VaultLocked):
        vault.scalar("SELECT 1")


def test_dedup_and_fts(vault):
    recs = [Record("facebook", "message", 1, "Sam", "café au lait at the cabin", thread_key="facebook:t")]
    with vault.transaction():
        c1 = RecordWriter(vault).write(recs)
        c2 = RecordWriter(vault).write(recs + recs)
    assert (c1.inserted, c2.inserted, c2.duplicates) == (1, 0, 2)
    hits = vault.query("SELECT rowid FROM records_fts WHERE records_fts MATCH 'cafe'")
    assert len(hits) == 1
