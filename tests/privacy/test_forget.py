"""Forget reaches every copy: rows, FTS index pages, WAL frames, derived data, and re-imports."""

from __future__ import annotations

import sys
import types

import pytest

from desktop_app.core import paths
from desktop_app.core.errors import KnownError
from desktop_app.core.ingest.writer import RecordWriter
from desktop_app.core.privacy import audit, forget as fg
from tests.conftest import PASSPHRASE
from tests.helpers import forensics
from tests.privacy import data


@pytest.fixture
def planted(vault):
    return data.plant(vault)


@pytest.fixture
def plaintext(vault, profile):
    """Decrypt every page and WAL frame of the vault (key derived once)."""
    db = paths.vault_file(profile)
    key = forensics.key_from_passphrase(PASSPHRASE, forensics.salt_of(db))
    return lambda: forensics.plaintext_of_vault(db, key)


def _fts(vault, token):
    return vault.query("SELECT rowid FROM records_fts WHERE records_fts MATCH ?", (token,))


def test_forget_thread_leaves_no_trace(vault, planted, plaintext):
    before = plaintext()
    assert data.THREAD_CANARY.encode() in before  # the decryptor sees it, so absence below means something
    receipt = fg.forget(vault, thread_id=planted["sam_thread"])
    assert receipt["records"] == 30 and receipt["threads"] == 1 and receipt["tombstones"] == 30
    assert "records_fts" in receipt["fts_optimized"] and receipt["wal_truncated"]
    after = plaintext()
    assert data.THREAD_CANARY.encode() not in after
    assert data.KEEP.encode() in after and data.INSTA_CANARY.encode() in after
    assert _fts(vault, data.THREAD_CANARY) == [] and len(_fts(vault, data.KEEP)) == 6
    assert vault.scalar("SELECT count(*) FROM threads WHERE id = ?", (planted["sam_thread"],)) == 0
    # Sam still writes in the group, so the person stays
    assert vault.scalar("SELECT count(*) FROM people WHERE id = ?", (planted["sam"],)) == 1
    assert vault.query("PRAGMA integrity_check") == [("ok",)]
    assert paths.vault_file(vault.profile).with_name("vault.db-wal").stat().st_size == 0


def test_forget_person_removes_their_name_and_one_to_one_threads(vault, planted, plaintext):
    assert data.SAM_NAME.encode() in plaintext()
    receipt = fg.forget(vault, person_id=planted["sam"])
    assert receipt["records"] == 31 and receipt["people"] == 1
    after = plaintext()
    for canary in (data.SAM_NAME, data.THREAD_CANARY, data.SAM_CANARY):
        assert canary.encode() not in after, canary
    assert data.KEEP.encode() in after
    group = planted["group_thread"]
    members = {n for (n,) in vault.query("SELECT p.display_name FROM thread_participants tp JOIN people p "
                                         "ON p.id = tp.person_id WHERE tp.thread_id = ?", (group,))}
    assert members == {"Me Myself", "Alex"}
    assert vault.scalar("SELECT count(*) FROM identities WHERE person_id = ?", (planted["sam"],)) == 0


def test_forget_platform_and_archive(vault, planted, plaintext):
    r1 = fg.forget(vault, platform="instagram")
    assert r1["records"] == 10 and r1["archives"] == 1 and r1["threads"] == 1
    assert vault.scalar("SELECT count(*) FROM identities WHERE platform = 'instagram'") == 0
    assert data.INSTA_CANARY.encode() not in plaintext()
    r2 = fg.forget(vault, archive_id=planted["facebook_archive"])
    assert r2["archives"] == 1
    assert vault.scalar("SELECT count(*) FROM records") == 0
    assert vault.scalar("SELECT count(*) FROM threads") == 0
    assert vault.scalar("SELECT count(*) FROM people WHERE is_me = 0") == 0
    assert vault.scalar("SELECT count(*) FROM people WHERE is_me = 1") >= 1  # the owner is never dropped
    after = plaintext()
    assert data.KEEP.encode() not in after and data.SAM_NAME.encode() not in after


def test_forget_single_records(vault, planted):
    rid = vault.scalar("SELECT id FROM records WHERE text LIKE ?", (f"{data.SAM_CANARY}%",))
    r = fg.forget(vault, record_ids=[rid, 10**9])  # unknown ids are ignored
    assert r["records"] == 1 and r["threads"] == 0
    assert _fts(vault, data.SAM_CANARY) == []


def test_reimport_is_blocked_until_the_user_allows_it(vault, planted):
    receipt = fg.forget(vault, thread_id=planted["sam_thread"])
    with vault.transaction():
        counts = RecordWriter(vault).write(data.records_for_replant())
    assert (counts.inserted, counts.forgotten) == (0, 30)
    (entry,) = [f for f in fg.list_forgets(vault) if f["forget_id"] == receipt["forget_id"]]
    assert entry["tombstones"] == 30 and entry["target"] == "thread" and not entry["reimport_allowed"]
    assert fg.allow_reimport(vault, receipt["forget_id"]) == 30
    with vault.transaction():
        counts = RecordWriter(vault).write(data.records_for_replant())
    assert counts.inserted == 30
    with pytest.raises(KnownError):
        fg.allow_reimport(vault, 999)


def test_forget_drops_data_use_log_entries(vault, planted):
    ids = [r for (r,) in vault.query("SELECT id FROM records WHERE thread_id = ?", (planted["sam_thread"],))]
    audit.record_use(vault, "answer-1", ids[:3])
    fg.forget(vault, thread_id=planted["sam_thread"])
    assert audit.usage_log(vault) == []


def test_hooks_run_inside_the_transaction_and_failures_roll_back(vault, planted, monkeypatch):
    seen = []

    def good(v, ids):
        # called before the records go: the hook can still read what it must drop
        seen.append((len(ids), v.scalar(f"SELECT count(*) FROM records WHERE id IN ({','.join(map(str, ids))})")))

    def bad(v, ids):
        raise RuntimeError("hook failed")

    for name, fn in (("tests_fake_hook_good", good), ("tests_fake_hook_bad", bad)):
        mod = types.ModuleType(name)
        mod.on_records_forgotten = fn
        monkeypatch.setitem(sys.modules, name, mod)
    monkeypatch.setattr(fg, "FORGET_HOOK_MODULES", ["tests_fake_hook_good", "no_such_area.index"])
    kept = vault.scalar("SELECT count(*) FROM records")
    with pytest.raises(ModuleNotFoundError):      # a missing hook would leave derived data behind
        fg.forget(vault, thread_id=planted["sam_thread"])
    assert seen == [] and vault.scalar("SELECT count(*) FROM records") == kept
    monkeypatch.setattr(fg, "FORGET_HOOK_MODULES", ["tests_fake_hook_good"])
    r = fg.forget(vault, thread_id=planted["sam_thread"])
    assert seen == [(30, 30)]
    assert r["hooks"] == {"tests_fake_hook_good": "ok"}
    before = vault.scalar("SELECT count(*) FROM records")
    monkeypatch.setattr(fg, "FORGET_HOOK_MODULES", ["tests_fake_hook_bad"])
    with pytest.raises(RuntimeError):
        fg.forget(vault, thread_id=planted["kim_thread"])
    assert vault.scalar("SELECT count(*) FROM records") == before
    assert vault.scalar("SELECT count(*) FROM tombstones") == 30


def test_forget_prunes_scope_of_gone_threads(vault, planted):
    from desktop_app.core.privacy import scope as sc

    sc.save_scope(vault, sc.exclude(sc.Scope(), "thread", planted["sam_thread"]))
    fg.forget(vault, thread_id=planted["sam_thread"])
    assert sc.load_scope(vault).excluded_thread_ids == set()


def test_unknown_targets_are_known_errors(vault, planted):
    for kw in ({"thread_id": 999}, {"person_id": 999}, {"archive_id": 999}):
        with pytest.raises(KnownError):
            fg.forget(vault, **kw)
    with pytest.raises(ValueError):
        fg.forget(vault, thread_id=1, person_id=1)


def test_every_table_holding_record_data_cascades(vault):
    """The team rule: tables referencing records/threads/people are cleaned by the database itself."""
    core = {"archives", "people", "identities", "threads", "thread_participants", "records", "settings",
            "tombstones", "jobs", "_migrations"}
    bad = []
    for (table,) in vault.query("SELECT name FROM sqlite_master WHERE type='table' AND sql NOT LIKE "
                                "'CREATE VIRTUAL%' AND name NOT LIKE 'sqlite_%'"):
        if table in core:
            continue
        for fk in vault.query(f'PRAGMA foreign_key_list("{table}")'):
            parent, on_delete = fk[2], fk[6]
            if parent == "records" and on_delete != "CASCADE":
                bad.append((table, parent, on_delete))
            if parent in ("threads", "people") and on_delete not in ("CASCADE", "SET NULL"):
                bad.append((table, parent, on_delete))
    assert bad == []


def test_existing_hook_modules_expose_the_hook():
    """Re-checked as areas land: a listed module that exists must expose on_records_forgotten."""
    for name, fn in fg.hook_functions().items():
        if fn is None:
            mod = sys.modules.get(name)
            assert mod is None, f"{name} exists but has no on_records_forgotten"


def test_preview_matches_forget_and_writes_nothing(vault, planted):
    before = vault.conn.total_changes
    p = fg.preview(vault, person_id=planted["sam"])
    assert vault.conn.total_changes == before
    assert p == {"records": 31, "threads_touched": 2, "people": 1}
    assert fg.forget(vault, person_id=planted["sam"])["records"] == p["records"]


def test_forget_person_takes_their_name_out_of_group_titles(vault, planted, plaintext):
    """Unnamed Messenger groups are titled after their members; the title must not keep the name."""
    from desktop_app.core.domain import Record, Thread

    with vault.transaction():
        w = RecordWriter(vault, archive_id=planted["facebook_archive"], owner_names=["Me Myself"])
        w.thread_id(Thread("facebook:inbox/trio", "facebook", f"{data.SAM_NAME}, Alex and Me Myself",
                           [data.SAM_NAME, "Me Myself", "Alex"], is_group=True))
        w.write([Record("facebook", "message", data.T0 + 5, "Alex", f"{data.KEEP} trio chat",
                        thread_key="facebook:inbox/trio")])
    receipt = fg.forget(vault, person_id=planted["sam"])
    assert receipt["group_titles_redacted"] == 1
    assert vault.scalar("SELECT title FROM threads WHERE key = 'facebook:inbox/trio'") == "someone, Alex and Me Myself"
    assert data.SAM_NAME.encode() not in plaintext()
