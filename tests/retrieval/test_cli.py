"""``hearth search`` and ``hearth embed`` end to end through the CLI entry point."""

from __future__ import annotations

import json

from desktop_app.cli import main
from desktop_app.core.retrieval import indexer
from desktop_app.core.retrieval.embedder import HashEmbedder
from tests.conftest import PASSPHRASE
from tests.retrieval.conftest import fill


def test_search_cli_json_and_text(vault, profile, monkeypatch, capsys):
    fill(vault)
    indexer.embed_pending(vault, embedder=HashEmbedder())   # vectors of the hash model: no big model load
    vault.lock()
    monkeypatch.setenv("HEARTH_PASSPHRASE", PASSPHRASE)
    assert main(["--profile", str(profile), "search", "cafe", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["ok"] and out["hits"][0]["snippet"].count("«") >= 1
    assert {"record_id", "platform", "kind", "ts_ms", "author", "thread_id", "record_ids"} <= set(out["hits"][0])
    assert main(["--profile", str(profile), "search", "ferry", "--person", "Sam", "--mine", "--mode", "keyword"]) == 0
    assert "No results." in capsys.readouterr().out
    assert main(["--profile", str(profile), "search", "cabin", "in", "2022", "--platform", "instagram"]) == 0
    text = capsys.readouterr().out
    assert "Crete" in text and "instagram post" in text
    assert main(["--profile", str(profile), "search", '"unbalanced', "--since", "2019-01-01", "--until", "2030-01-01"]) == 0
    capsys.readouterr()
    assert main(["--profile", str(profile), "embed", "--status", "--json"]) == 0
    st = json.loads(capsys.readouterr().out)
    assert st["pending"] == 0 and st["model"] == "hash-384"


def test_search_cli_says_semantic_is_not_ready(vault, profile, monkeypatch, capsys):
    fill(vault)
    vault.lock()
    monkeypatch.setenv("HEARTH_PASSPHRASE", PASSPHRASE)
    assert main(["--profile", str(profile), "search", "cabin"]) == 0
    assert "keyword results only" in capsys.readouterr().out
