"""Export: encrypted by default, complete, importable without duplicates, atomic; open export on request."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import zipfile

import pytest

from desktop_app.core.errors import KnownError, WrongKey
from desktop_app.core.privacy import audit, export as ex, forget as fg, tables as tb
from desktop_app.core.privacy import scope as sc
from desktop_app.core.store.vault import create_vault
from tests.helpers import forensics
from tests.privacy import data

EXPORT_PASS = "export pass with 'quotes\" and ; semicolons"


@pytest.fixture
def planted(vault):
    ids = data.plant(vault)
    rid = vault.scalar("SELECT min(id) FROM records")
    audit.record_use(vault, "answer-1", [rid, rid + 1])
    sc.save_scope(vault, sc.exclude(sc.Scope(), "platform", "instagram"))
    return ids


def _dump(vault):
    """Content of every data table, ids replaced by content where possible (for comparisons)."""
    out = {}
    for t in tb.data_tables(vault.conn):
        if t in ("privacy_exports", "_migrations", "jobs"):
            continue
        cols = [c[0] for c in tb.columns(vault.conn, t)]
        out[t] = len(vault.query(f'SELECT {",".join(cols)} FROM "{t}"'))
    out["record_hashes"] = sorted(h for (h,) in vault.query("SELECT content_hash FROM records"))
    out["record_texts"] = sorted(x for (x,) in vault.query("SELECT text FROM records"))
    return out


def test_encrypted_export_is_complete_and_unreadable_without_its_passphrase(vault, planted, tmp_path):
    r = ex.export_vault(vault, tmp_path, passphrase=EXPORT_PASS)
    path = tmp_path / os.path.basename(r["path"])
    assert path.exists() and path.suffix == ".hearth" and r["encrypted"]
    assert (path.stat().st_mode & 0o777) == 0o600
    raw = path.read_bytes()
    assert raw[:16] != b"SQLite format 3\x00"
    for canary in (data.THREAD_CANARY, data.KEEP, data.SAM_NAME):
        assert canary.encode() not in raw
    # the page decryptor with the export key finds the data, so the zero above means something
    key = forensics.key_from_passphrase(EXPORT_PASS, raw[:16])
    assert data.THREAD_CANARY.encode() in forensics.decrypt_db(path, key)
    # every user-data table is in the export, with its rows
    assert set(r["tables"]) == set(tb.data_tables(vault.conn))
    assert r["tables"]["records"] == 47 and r["tables"]["privacy_uses"] == 2
    assert [e["path"] for e in ex.list_exports(vault)] == [str(path)]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temp files left


def test_round_trip_into_a_fresh_vault_then_no_duplicates(vault, planted, tmp_path):
    dest = tmp_path / "mine.hearth"
    ex.export_vault(vault, dest, passphrase=EXPORT_PASS)
    other = create_vault(tmp_path / "other", passphrase="other vault pass")
    try:
        with pytest.raises(WrongKey):
            ex.import_export(other, dest, "wrong")
        r = ex.import_export(other, dest, EXPORT_PASS)
        assert r["tables"]["records"]["copied"] == 47
        assert _dump(other) == _dump(vault)
        assert sc.load_scope(other).excluded_platforms == {"instagram"}
        assert len(audit.usage_log(other)) == 1
        hits = other.query("SELECT count(*) FROM records_fts WHERE records_fts MATCH ?", (data.KEEP,))
        assert hits == [(6,)]
        # people and threads keep their links
        assert other.query("SELECT count(*) FROM records r JOIN threads t ON t.id = r.thread_id "
                           "WHERE t.key = 'facebook:inbox/sam'") == [(30,)]
        again = ex.import_export(other, dest, EXPORT_PASS)
        assert again["tables"]["records"] == {"copied": 0, "existing": 47, "skipped": 0}
        assert _dump(other) == _dump(vault)
        assert other.query("PRAGMA integrity_check") == [("ok",)]
    finally:
        other.lock()


def test_import_keeps_forgotten_records_forgotten(vault, planted, tmp_path):
    dest = tmp_path / "before-forget.hearth"
    ex.export_vault(vault, dest, passphrase=EXPORT_PASS)
    fg.forget(vault, thread_id=planted["sam_thread"])
    r = ex.import_export(vault, dest, EXPORT_PASS)
    assert r["tables"]["records"]["skipped"] == 30
    assert vault.scalar("SELECT count(*) FROM records WHERE text LIKE ?", (f"{data.THREAD_CANARY}%",)) == 0
    fg.allow_reimport(vault)
    r = ex.import_export(vault, dest, EXPORT_PASS)
    assert r["tables"]["records"]["copied"] == 30


def test_open_export_only_on_request_with_warning(vault, planted, tmp_path):
    with pytest.raises(KnownError):
        ex.export_vault(vault, tmp_path / "x.hearth")  # no passphrase, no silent plaintext
    assert [p.name for p in tmp_path.iterdir()] == ["profile"]
    r = ex.export_vault(vault, tmp_path / "open.zip", open_format=True)
    assert "NOT encrypted" in r["warning"] and not r["encrypted"]
    with zipfile.ZipFile(r["path"]) as zf:
        names = set(zf.namelist())
        assert {"README.md", "manifest.json", "tables/records.jsonl"} <= names
        assert {f"tables/{t}.jsonl" for t in tb.data_tables(vault.conn)} <= names
        rows = [json.loads(x) for x in zf.read("tables/records.jsonl").decode().splitlines()]
        assert len(rows) == 47 and {"text", "platform", "ts", "content_hash"} <= set(rows[0])
        readme = zf.read("README.md").decode()
        assert "CREATE TABLE records" in readme and "NOT encrypted" in readme
    with pytest.raises(KnownError):
        ex.export_vault(vault, tmp_path / "open.zip", open_format=True)  # never overwrites silently
    with pytest.raises(KnownError):
        ex.export_vault(vault, vault.profile, passphrase="p")  # not inside the profile it would die with


_EXPORT_CHILD = r"""
import sys
from desktop_app.core.store.vault import open_vault
from desktop_app.core.privacy import export as ex
v = open_vault(sys.argv[1], passphrase=sys.argv[2])
print("ready", flush=True)
ex.export_vault(v, sys.argv[3], passphrase="p", open_format=sys.argv[4] == "open")
print("done", flush=True)
"""


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["encrypted", "open"])
def test_killed_export_leaves_no_file_under_the_final_name(vault, profile, tmp_path, fmt):
    from tests.conftest import PASSPHRASE
    from desktop_app.core.domain import Record
    from desktop_app.core.ingest.writer import RecordWriter

    with vault.transaction():
        RecordWriter(vault).write([Record("facebook", "post", i, "Me", f"{data.KEEP} {i} " + "x" * 400)
                                   for i in range(4000)])
    vault.checkpoint()
    outcomes = set()
    for delay in (0.0, 0.08):
        dest = tmp_path / f"out-{fmt}-{delay}"
        proc = subprocess.Popen([sys.executable, "-c", _EXPORT_CHILD, str(profile), PASSPHRASE, str(dest), fmt],
                                stdout=subprocess.PIPE, text=True)
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        if dest.exists():  # finished before the kill: then it must be complete
            outcomes.add("complete")
            if fmt == "open":
                with zipfile.ZipFile(dest) as zf:
                    assert zf.testzip() is None
        else:
            outcomes.add("absent")
    assert "absent" in outcomes
    # a later export cleans up what a kill -9 left behind
    ex.export_vault(vault, tmp_path / f"out-{fmt}-0.0", passphrase="p", open_format=fmt == "open", overwrite=True)
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(f".out-{fmt}-0.0.hearth-tmp-")]
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(f".out-{fmt}-0.0.")]
