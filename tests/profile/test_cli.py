"""``hearth profile`` end to end on a real vault (in-process, JSON output)."""

from __future__ import annotations

import json

from tests.conftest import PASSPHRASE
from tests.profile import persona


def _run(capsys, profile, *args):
    from desktop_app.cli import main

    code = main(["--profile", str(profile), "--json", "profile", *args])
    out = capsys.readouterr().out
    return code, json.loads(out)


def test_profile_cli_flow(vault, profile, capsys, monkeypatch):
    # Each call opens the vault (a passphrase KDF), so the flow is kept to a few calls.
    persona.build(vault)
    vault.lock()
    monkeypatch.setenv("HEARTH_PASSPHRASE", PASSPHRASE)
    code, show = _run(capsys, profile)
    assert code == 0 and show["derived_now"] and "Alex Rivera" in show["summary"]
    _, listing = _run(capsys, profile, "facts", "--kind", "interest")
    crypto = next(f for f in listing["facts"] if f["key"] == "cryptocurrency")
    assert crypto["evidence"]
    _, hidden = _run(capsys, profile, "hide", str(crypto["id"]))
    assert hidden["fact"]["status"] == "hidden"
    _, meta = _run(capsys, profile, "meta")
    assert meta["counts"]["unsupported"] == 5
    assert next(i for i in meta["meta_inferred"] if i["name"] == "Cryptocurrency")["your_status"] == "hidden"
    code, err = _run(capsys, profile, "confirm", "999999")
    assert code == 2 and err["ok"] is False


def test_every_action_text_output(pvault):
    """Each action's handler on an open vault (no KDF per call): text and data both produced."""
    import argparse

    from desktop_app.cli import cmd_profile

    fid = pvault.scalar("SELECT id FROM profile_facts WHERE kind = 'interest' AND key = 'hiking'")
    sam = pvault.scalar("SELECT person_id FROM identities WHERE platform = 'instagram' AND name = 'sam.lee'")
    casey = pvault.scalar("SELECT person_id FROM identities WHERE name = 'Casey Morgan'")
    calls = [("show", {}), ("facts", {"kind": None, "evidence": True}), ("confirm", {"id": fid}),
             ("edit", {"id": fid, "value": "Hill walking"}), ("no-answers", {"id": fid}), ("people", {}),
             ("split", {"id": sam}), ("merge", {"a": casey, "b": sam}), ("meta", {}),
             ("suggestions", {"now": "2024-05-09"}), ("derive", {}), ("hide", {"id": fid}), ("delete", {"id": fid})]
    for name, kw in calls:
        data, text = cmd_profile._ACTIONS[name](pvault, argparse.Namespace(**kw))
        assert isinstance(data, dict) and text, name
    assert pvault.scalar("SELECT status FROM profile_facts WHERE id = ?", (fid,)) == "deleted"
