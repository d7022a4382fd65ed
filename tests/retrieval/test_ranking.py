"""Ranking rules chosen on LoCoMo's development split and the persona together (BENCHMARKS.md)."""

from __future__ import annotations

from desktop_app.core.retrieval import indexer
from desktop_app.core.retrieval.embedder import HashEmbedder
from desktop_app.core.retrieval.search import search
from tests.retrieval.conftest import ms


def test_question_dates_boost_in_hybrid_and_filter_in_keyword_mode(filled):
    v, ids = filled
    emb = HashEmbedder()
    indexer.embed_pending(v, embedder=emb)
    now = ms(2022, 11, 1)
    # hybrid: the summer's cabin comes first, and the 2019 cabin (said at another time) stays findable
    res = search(v, "cabin last summer", now_ms=now, embedder=emb)
    assert res.date_phrase == "last summer"
    found = [h.record_ids for h in res.hits]
    assert found[0] == [ids["Summer trip to Crete, cabin by the sea"]]
    assert any(ids["want to go to the cabin in July?"] in r for r in found)
    # keyword mode is the exact tool: the period is a filter
    res = search(v, "cabin last summer", mode="keyword", now_ms=now)
    assert [h.record_id for h in res.hits] == [ids["Summer trip to Crete, cabin by the sea"]]
    # dates the user set are a filter in every mode
    res = search(v, "cabin", filters={"date_from_ms": ms(2022, 1, 1)}, embedder=emb)
    assert [h.record_ids for h in res.hits] == [[ids["Summer trip to Crete, cabin by the sea"]]]
