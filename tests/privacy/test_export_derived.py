"""Export completeness with every area's data present: the round trip reproduces every table."""

from __future__ import annotations

import importlib



from desktop_app.core.privacy import export as ex, tables as tb
from desktop_app.core.store.vault import create_vault
from tests.privacy import data


_need = importlib.import_module   # every area exists: a missing one fails, never skips


def _counts(vault):
    skip = {"privacy_exports", "jobs", "_migrations"}
    return {t: vault.scalar(f'SELECT count(*) FROM "{t}"') for t in tb.data_tables(vault.conn) if t not in skip}


def test_round_trip_with_all_areas(vault, tmp_path):
    indexer = _need("desktop_app.core.retrieval.indexer")
    embedder = _need("desktop_app.core.retrieval.embedder")
    ask = _need("desktop_app.core.assistant.ask")
    stub = _need("desktop_app.core.llm.stub")
    derive = _need("desktop_app.core.profile.derive")
    facts = _need("desktop_app.core.profile.facts")
    data.plant(vault)
    indexer.embed_pending(vault, embedder=embedder.HashEmbedder())
    derive.derive_profile(vault)
    facts.add(vault, "interest", "user-added", {"name": "woodworking"}, label="woodworking")
    a = ask.ask_collect(vault, "what was secret number 3?", engine=stub.StubEngine(),
                        embedder=embedder.HashEmbedder(), show_prompt=True)
    assert a.id is not None
    counts = _counts(vault)
    empty = sorted(t for t, n in counts.items() if n == 0)
    for t in ("records", "retrieval_units", "retrieval_vectors", "profile_facts", "assistant_answers",
              "assistant_citations", "privacy_uses", "settings"):
        if t in counts:
            assert counts[t] > 0, t
    dest = tmp_path / "all.hearth"
    r = ex.export_vault(vault, dest, passphrase="pp")
    assert set(r["tables"]) == set(tb.data_tables(vault.conn))
    other = create_vault(tmp_path / "fresh", passphrase="fresh")
    try:
        ex.import_export(other, dest, "pp")
        got = _counts(other)
        assert got == counts, {t: (counts[t], got.get(t)) for t in counts if got.get(t) != counts[t]}
        # links survive the id remapping: each citation still points at a record with the same hash
        q = ("SELECT r.content_hash FROM assistant_citations c JOIN records r ON r.id = c.record_id ORDER BY 1")
        if "assistant_citations" in counts:
            assert other.query(q) == vault.query(q)
        q = ("SELECT f.key, r.content_hash FROM profile_fact_evidence e JOIN profile_facts f ON f.id = e.fact_id "
             "JOIN records r ON r.id = e.record_id ORDER BY 1, 2")
        if "profile_fact_evidence" in counts:
            assert other.query(q) == vault.query(q)
        assert other.query("PRAGMA foreign_key_check") == []
        again = ex.import_export(other, dest, "pp")
        assert _counts(other) == counts, "importing twice must not duplicate anything"
        assert again["tables"]["records"]["copied"] == 0
    finally:
        other.lock()
    assert empty is not None
