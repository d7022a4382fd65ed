"""hearth ask / chats / models through the CLI entry point (stub model, real vault)."""

from __future__ import annotations

import json

from desktop_app.cli import main
from desktop_app.core.store.vault import open_vault
from tests.assistant.data import populate
from tests.conftest import PASSPHRASE


def _run(capsys, *argv) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().out


def test_ask_json_and_chats(vault, profile, capsys, monkeypatch):
    populate(vault)
    vault.lock()
    monkeypatch.setenv("HEARTH_PASSPHRASE", PASSPHRASE)
    code, out = _run(capsys, "--profile", str(profile), "ask", "Tell me about climbing at the gym on Saturday",
                     "--model", "stub", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["ok"] and data["citations"] and data["model"] == "stub" and "timings" in data
    assert data["plan"]["route"] == "open"
    code, out = _run(capsys, "--profile", str(profile), "ask", "How many messages did I send in 2019?",
                     "--model", "stub", "--conversation", str(data["conversation_id"]))
    # an exact answer: printed once, computed, no model involved
    assert code == 0 and out.startswith("You sent 3 messages in 2019") and "Sources" in out
    assert "Model:" not in out and out.count("You sent 3") == 1
    code, out = _run(capsys, "--profile", str(profile), "chats", "--json")
    convs = json.loads(out)["conversations"]
    assert len(convs) == 1 and convs[0]["answers"] == 2
    cid = convs[0]["id"]
    assert _run(capsys, "--profile", str(profile), "chats", "rename", str(cid), "Climbing")[0] == 0
    code, out = _run(capsys, "--profile", str(profile), "chats", "show", str(cid))
    assert "Climbing" in out and "record" in out
    assert _run(capsys, "--profile", str(profile), "chats", "delete", str(cid))[0] == 0
    with open_vault(profile, passphrase=PASSPHRASE) as v:
        assert v.scalar("SELECT count(*) FROM assistant_answers") == 0
    code, out = _run(capsys, "--profile", str(profile), "ask", "What is my favourite xylophone?", "--model", "stub")
    assert code == 0 and out.startswith("That is not in your data.")


def test_models_json(capsys):
    code, out = _run(capsys, "models", "--json")
    assert code == 0 and isinstance(json.loads(out)["models"], list)


def test_bad_model_path_is_a_known_error(vault, profile, capsys, monkeypatch, tmp_path):
    vault.lock()
    monkeypatch.setenv("HEARTH_PASSPHRASE", PASSPHRASE)
    code, out = _run(capsys, "--profile", str(profile), "ask", "hi", "--model", str(tmp_path / "x.gguf"), "--json")
    assert code == 11 and json.loads(out)["error_type"] == "ModelError"


def test_a_source_without_an_author_names_none():
    # a profile field or a group has no author: its source line ends with its date, not with "· ?"
    from types import SimpleNamespace

    from desktop_app.cli.cmd_ask import _citation_lines
    from desktop_app.core.assistant.retrieve import Citation

    answer = SimpleNamespace(citations=[Citation(1, 2, "facebook", "profile", None, "", "Current city: Seattle", cited=True),
                                        Citation(2, 9, "facebook", "message", None, "Sam Carter", "hi")])
    first, _, second, _ = _citation_lines(answer)
    assert first.endswith("facebook profile · —") and second.endswith("· Sam Carter")
