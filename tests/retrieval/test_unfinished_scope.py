"""The keyword side's fast path (ranking inside FTS5 alone) never shows an unfinished import."""

from __future__ import annotations

from desktop_app.core.retrieval.keyword import keyword_search


def test_unfinished_import_stays_hidden_and_fast_path_returns_after(filled):
    vault, ids = filled
    rid = ids["adopted a beagle named Biscuit"]
    with vault.transaction():
        aid = vault.execute("INSERT INTO archives(sha256, name, complete) VALUES ('x', 'half.zip', 0)").lastrowid
        vault.execute("UPDATE records SET archive_id = ? WHERE id = ?", (aid, rid))
    assert rid not in {h["record_id"] for h in keyword_search(vault, "beagle")}
    vault.execute("UPDATE archives SET complete = 1 WHERE id = ?", (aid,))
    assert rid in {h["record_id"] for h in keyword_search(vault, "beagle")}

