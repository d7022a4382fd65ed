"""The user picks the zone of WhatsApp times for one import (CLI --whatsapp-zone / ImportOptions);
it wins over HEARTH_WHATSAPP_TZ, is kept for --resume, and an unknown name is one clear line."""

from __future__ import annotations

import json

from desktop_app.core.importers import whatsapp
from desktop_app.core.ingest import service
from desktop_app.core.ingest.options import ImportOptions
from tests.importers.test_whatsapp_zone import SUMMER_WALL, _chat


def test_option_wins_over_the_environment(tmp_path, vault, monkeypatch):
    monkeypatch.setenv(whatsapp.ZONE_ENV, "Asia/Tokyo")
    rep = service.run_import(vault, [_chat(tmp_path)], options=ImportOptions(whatsapp_zone="Europe/Berlin"))
    assert rep.cat("messages").imported == 3
    assert vault.scalar("SELECT ts FROM records WHERE text = 'summer line'") == SUMMER_WALL - 2 * 3_600_000  # CEST
    assert json.loads(vault.scalar("SELECT extra FROM threads"))["zone"] == "Europe/Berlin"
    assert ImportOptions.from_dict(ImportOptions(whatsapp_zone="UTC").to_dict()).whatsapp_zone == "UTC"


def test_inspect_uses_the_chosen_zone(tmp_path):
    rep = service.inspect([_chat(tmp_path)], options=ImportOptions(whatsapp_zone="UTC"))
    assert rep.categories["messages"].first_ts == 1_705_329_000_000   # the winter line, read as UTC


def test_cli_flag_and_unknown_zone(tmp_path, profile, monkeypatch, capsys):
    from desktop_app.cli import main
    from tests.conftest import PASSPHRASE

    monkeypatch.setenv("HEARTH_PASSPHRASE", PASSPHRASE)
    assert main(["--profile", str(profile), "init"]) == 0
    chat = _chat(tmp_path)
    capsys.readouterr()
    assert main(["--profile", str(profile), "import", str(chat), "--whatsapp-zone", "Mars/Olympus", "--json"]) != 0
    out = capsys.readouterr()
    assert "Unknown time zone 'Mars/Olympus'" in out.out + out.err and "Traceback" not in out.err
    assert main(["--profile", str(profile), "import", str(chat), "--whatsapp-zone", "UTC", "--json", "--no-embed"]) == 0
    assert json.loads(capsys.readouterr().out)["totals"]["imported"] == 3
