"""Vaults imported before WhatsApp times had a zone: migration ingest_0005 places the old
clock-as-UTC readings in the machine's (here: HEARTH_WHATSAPP_TZ) zone and keeps the reading as
wall_ms, so re-importing the same chat adds nothing twice."""

from __future__ import annotations

import json

from desktop_app.core.domain import Record
from desktop_app.core.importers import whatsapp
from desktop_app.core.ingest import service
from desktop_app.core.store.schema_ingest import _whatsapp_zone
from tests.importers.test_whatsapp_zone import SUMMER_WALL, WINTER_WALL, _chat


def _old_import(v):
    """What an import before zones wrote: ts = the reading as if UTC, thread flagged local_time."""
    key = "whatsapp:sam carter"
    with v.transaction():
        tid = v.execute("INSERT INTO threads(key, platform, title, folder, is_group, extra) VALUES (?, 'whatsapp',"
                        " 'Sam Carter', 'whatsapp', 0, ?)", (key, json.dumps({"local_time": True, "ids": []}))).lastrowid
        for text, ts in (("summer line", SUMMER_WALL), ("winter line", WINTER_WALL)):
            h = Record("whatsapp", "message", ts, "Sam Carter", text, thread_key=key).content_hash()
            v.execute("INSERT INTO records(platform, kind, category, ts, author, thread_id, text, content_hash) VALUES"
                      " ('whatsapp', 'message', 'messages', ?, 'Sam Carter', ?, ?, ?)", (ts, tid, text, h))


def test_old_whatsapp_times_are_placed_in_the_zone(tmp_path, vault, monkeypatch):
    monkeypatch.setenv(whatsapp.ZONE_ENV, "America/New_York")
    _old_import(vault)
    with vault.transaction():
        _whatsapp_zone(vault.conn)
    ts = dict(vault.query("SELECT text, ts FROM records"))
    assert ts == {"summer line": SUMMER_WALL + 4 * 3_600_000, "winter line": WINTER_WALL + 5 * 3_600_000}
    ex = json.loads(vault.scalar("SELECT extra FROM records WHERE text = 'summer line'"))
    assert ex == {"wall_ms": SUMMER_WALL}
    tex = json.loads(vault.scalar("SELECT extra FROM threads"))
    assert tex["zone"] == "America/New_York" and "local_time" not in tex
    with vault.transaction():
        _whatsapp_zone(vault.conn)              # idempotent: nothing flagged any more
    assert dict(vault.query("SELECT text, ts FROM records")) == ts
    rep = service.run_import(vault, [_chat(tmp_path)])
    assert rep.cat("messages").imported == 1 and rep.cat("messages").duplicates == 2   # only the third line is new


def test_unknown_zone_leaves_the_vault_as_it_was(vault, monkeypatch):
    monkeypatch.setenv(whatsapp.ZONE_ENV, "Mars/Olympus")
    _old_import(vault)
    with vault.transaction():
        _whatsapp_zone(vault.conn)
    assert dict(vault.query("SELECT text, ts FROM records")) == {"summer line": SUMMER_WALL, "winter line": WINTER_WALL}
    assert json.loads(vault.scalar("SELECT extra FROM threads"))["local_time"] is True
