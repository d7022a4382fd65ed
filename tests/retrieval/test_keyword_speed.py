"""Keyword execution paths for speed give the same answers: person id table vs join, df budget, df cache."""

from __future__ import annotations

import pytest

from desktop_app.core.privacy.scope import Scope
from desktop_app.core.retrieval import keyword
from desktop_app.core.retrieval.filters import Filters


@pytest.mark.parametrize("q", ["cabin", "ferry book", "the", "paradise", "plumber time", "cafe*"])
@pytest.mark.parametrize("person", ["Sam", "Priya Nair"])
def test_person_id_table_matches_plain_join(filled, monkeypatch, q, person):
    v, _ = filled
    f = Filters(person=person)
    fast = keyword.keyword_search(v, q, filters=f, scope=Scope())
    monkeypatch.setattr(keyword, "PERSON_IDS_MAX", 0)   # forces the plain join
    slow = keyword.keyword_search(v, q, filters=f, scope=Scope())
    assert [h["record_id"] for h in fast] == [h["record_id"] for h in slow]
    assert v.scalar(f"SELECT count(*) FROM temp.{keyword._PERSON_TABLE}") == 0   # emptied after use


def test_any_word_query_keeps_rarest_words_within_budget(filled, monkeypatch):
    v, _ = filled
    pq = keyword.parse("cabin plumber")
    assert keyword.fts_queries(pq, v)[-1] == '"cabin"* OR "plumb"*'   # (crude stems)
    monkeypatch.setattr(keyword, "LOOSE_DF_BUDGET", 1)   # only the rarest word fits
    assert keyword.fts_queries(pq, v)[-1] == '"plumb"*'


def test_doc_freq_cache_follows_new_records(filled):
    v, _ = filled
    before = keyword._doc_freq(v, "zanzibar", False)
    assert before == 0 and keyword._doc_freq(v, "zanzibar", False) == 0
    v.execute("INSERT INTO records(platform, kind, category, ts, author, text, content_hash)"
              " VALUES ('facebook', 'post', 'posts', 1, 'Alex Doe', 'zanzibar trip', 'hz')")
    assert keyword._doc_freq(v, "zanzibar", False) == 1
