"""WhatsApp clock readings are placed in a time zone (HEARTH_WHATSAPP_TZ, else the machine's),
per timestamp (DST), while the wall-clock reading keeps each message's identity."""

from __future__ import annotations

import json

from desktop_app.core.importers import whatsapp
from desktop_app.core.ingest import service

CHAT = ("[15.07.2024, 14:30:00] Sam Carter: summer line\n"
        "[15.01.2024, 14:30:00] Sam Carter: winter line\n"
        "[16.01.2024, 09:00:00] Alex Rivera: multi\nline\n")
SUMMER_WALL = 1_721_053_800_000   # 2024-07-15 14:30:00 read as UTC
WINTER_WALL = 1_705_329_000_000   # 2024-01-15 14:30:00 read as UTC


def _chat(tmp_path):
    p = tmp_path / "WhatsApp Chat with Sam Carter.txt"
    p.write_text(CHAT, "utf-8")
    return p


def test_new_york_summer_and_winter(tmp_path, vault, monkeypatch):
    monkeypatch.setenv(whatsapp.ZONE_ENV, "America/New_York")
    rep = service.run_import(vault, [_chat(tmp_path)])
    assert rep.cat("messages").imported == 3
    ts = dict(vault.query("SELECT text, ts FROM records"))
    assert ts["summer line"] == SUMMER_WALL + 4 * 3_600_000   # EDT, UTC-4
    assert ts["winter line"] == WINTER_WALL + 5 * 3_600_000   # EST, UTC-5
    extra = json.loads(vault.scalar("SELECT extra FROM records WHERE text = 'summer line'"))
    assert extra["wall_ms"] == SUMMER_WALL
    assert json.loads(vault.scalar("SELECT extra FROM threads"))["zone"] == "America/New_York"


def test_reimport_with_another_zone_adds_nothing(tmp_path, vault, monkeypatch):
    chat = _chat(tmp_path)
    monkeypatch.setenv(whatsapp.ZONE_ENV, "Asia/Tokyo")
    assert service.run_import(vault, [chat]).cat("messages").imported == 3
    assert vault.scalar("SELECT ts FROM records WHERE text = 'winter line'") == WINTER_WALL - 9 * 3_600_000
    for zone in ("UTC", "America/New_York", ""):
        monkeypatch.setenv(whatsapp.ZONE_ENV, zone)
        rep = service.run_import(vault, [chat])
        assert rep.imported == 0 and rep.cat("messages").duplicates == 3, zone
    assert vault.scalar("SELECT count(*) FROM records") == 3


def test_utc_keeps_the_old_times_and_hash(tmp_path, vault, monkeypatch):
    """UTC gives what the importer stored before zones: a vault made then gets no duplicates."""
    from desktop_app.core.domain import Record
    monkeypatch.setenv(whatsapp.ZONE_ENV, "UTC")
    service.run_import(vault, [_chat(tmp_path)])
    assert vault.scalar("SELECT ts FROM records WHERE text = 'summer line'") == SUMMER_WALL
    old = Record(platform="whatsapp", kind="message", ts_ms=SUMMER_WALL, author="Sam Carter", text="summer line",
                 thread_key="whatsapp:sam carter", extra={})
    assert vault.scalar("SELECT count(*) FROM records WHERE content_hash = ?", (old.content_hash(),)) == 1


def test_machine_zone_by_default(tmp_path, vault, monkeypatch):
    monkeypatch.delenv(whatsapp.ZONE_ENV, raising=False)
    monkeypatch.setenv("TZ", "Europe/Berlin")
    zone, name = whatsapp.chat_zone()
    assert name == "Europe/Berlin"
    service.run_import(vault, [_chat(tmp_path)])
    assert vault.scalar("SELECT ts FROM records WHERE text = 'summer line'") == SUMMER_WALL - 2 * 3_600_000


def test_unknown_zone_is_a_clear_per_file_reason(tmp_path, vault, monkeypatch):
    monkeypatch.setenv(whatsapp.ZONE_ENV, "Mars/Olympus_Mons")
    rep = service.run_import(vault, [_chat(tmp_path)])
    reasons = [s["reason"] for c in rep.categories.values() for s in c.skipped]
    assert any(r.startswith("unknown time zone in HEARTH_WHATSAPP_TZ") for r in reasons), reasons
    assert rep.imported == 0 and rep.state == "done"
