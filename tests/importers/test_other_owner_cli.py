"""hearth import says so when an export belongs to someone other than the vault's owner."""

from __future__ import annotations

import json

from desktop_app.cli import main
from tests.conftest import PASSPHRASE
from tests.synth.archive import build_fb


def test_a_second_persons_export_is_said_in_the_report(vault, profile, tmp_path, capsys, monkeypatch):
    vault.lock()
    monkeypatch.setenv("HEARTH_PASSPHRASE", PASSPHRASE)
    mine = build_fb(tmp_path / "facebook-alex.zip", n_messages=20, n_threads=2, n_other=12, seed=3)
    again = build_fb(tmp_path / "facebook-alex-2.zip", n_messages=20, n_threads=2, n_other=12, seed=5)
    theirs = build_fb(tmp_path / "facebook-gustav.zip", n_messages=20, n_threads=2, n_other=12, seed=4,
                      profile={"name": {"full_name": "Gustav Johansen"}, "username": "gustav.johansen"})
    base = ["--profile", str(profile), "import", "--no-embed", "--no-progress"]
    assert main([*base, str(mine), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["other_owner"] == []
    assert main([*base, str(again), "--json"]) == 0          # the owner's own second export: nothing to say
    assert json.loads(capsys.readouterr().out)["other_owner"] == []
    assert main([*base, str(theirs)]) == 0
    out = capsys.readouterr().out
    assert "Warning: this Facebook export belongs to Gustav Johansen" in out
