"""Keyword search: safe parsing, BM25, prefixes, phrases, diacritics, snippets, filters, dates, scope."""

from __future__ import annotations

import pytest

from desktop_app.core.privacy.scope import Scope, exclude, save_scope
from desktop_app.core.retrieval.dates import MOVE_SETTING, extract_dates
from desktop_app.core.retrieval.filters import Filters
from desktop_app.core.retrieval.search import search
from tests.retrieval.conftest import ms


def kw(vault, q, **kw):
    return search(vault, q, mode="keyword", **kw)


def texts(res):
    return [h.text for h in res.hits]


def test_diacritics_prefix_phrase_and_snippet(filled):
    v, ids = filled
    res = kw(v, "cafe")
    assert res.hits[0].record_id == ids["café crème at the lake, can't wait"]
    assert "«café»" in res.hits[0].snippet
    assert ids["I'll book the ferry then"] in [h.record_id for h in kw(v, "fer*").hits]
    assert texts(kw(v, '"book the ferry"')) == ["I'll book the ferry then"]


@pytest.mark.parametrize("q", ['"', 'a"b', "NEAR(", "x:y", "-", "*", "AND OR NOT", "(((", "'", "^cabin", "cabin -trip",
                               "\x00", "🙂", "col:cabin", '"" cabin'])
def test_user_input_never_breaks_fts(filled, q):
    v, _ = filled
    kw(v, q)  # no exception


def test_bm25_prefers_more_matches(filled):
    v, ids = filled
    res = kw(v, "cabin trip")
    assert res.hits[0].record_id == ids["Summer trip to Crete, cabin by the sea"]


def test_filters_platform_kind_mine_thread_dates(filled):
    v, ids = filled
    assert texts(kw(v, "cabin", filters=Filters(platforms=["instagram"]))) == ["Summer trip to Crete, cabin by the sea"]
    assert texts(kw(v, "new", filters=Filters(kinds=["comment"]))) == ["Congrats on the new job Priya"]
    mine = kw(v, "ferry OR cabin OR car", filters=Filters(mine=True))
    assert all(h.author == "Alex Doe" for h in mine.hits) and mine.hits
    got = kw(v, "ferry OR cabin OR car", filters=Filters(mine=False))
    assert got.hits and all(h.author != "Alex Doe" for h in got.hits)
    tid = v.scalar("SELECT thread_id FROM records WHERE id = ?", (ids["about time"],))
    assert ids["about time"] in [h.record_id for h in kw(v, "time", filters=Filters(thread_id=tid)).hits]
    res = kw(v, "cabin", filters=Filters(date_from_ms=ms(2022, 1, 1)))
    assert texts(res) == ["Summer trip to Crete, cabin by the sea"]


def test_person_by_name_first_name_id_and_merged(filled):
    v, ids = filled
    by_name = kw(v, "paradise OR ferry", filters=Filters(person="Sam Carter"))
    # the merged Instagram identity counts as Sam
    assert {"looks like paradise", "I'll book the ferry then"} <= set(texts(by_name))
    assert set(texts(kw(v, "paradise OR ferry", filters=Filters(person="sam")))) == set(texts(by_name))
    pid = v.scalar("SELECT person_id FROM identities WHERE name = 'sam.c'")
    assert set(texts(kw(v, "paradise OR ferry", filters=Filters(person=pid)))) == set(texts(by_name))
    # one-to-one conversation with Sam includes my side
    assert "the one after the festival, I'll rent the car" in texts(kw(v, "car", filters=Filters(person="Sam")))
    none = kw(v, "cabin", filters=Filters(person="Nobody Here"))
    assert none.hits == [] and "Nobody Here" in none.notice


def test_plain_language_dates_become_filters(filled):
    v, ids = filled
    now = ms(2022, 11, 1)
    res = search(v, "cabin last summer", mode="keyword", now_ms=now)
    assert res.date_phrase == "last summer"
    assert texts(res) == ["Summer trip to Crete, cabin by the sea"]
    res = search(v, "cabin in 2019", mode="keyword", now_ms=now)
    assert texts(res) == ["want to go to the cabin in July?"]
    assert extract_dates("class of 2019")[1] is None
    assert extract_dates("before I moved", vault=v)[1] is None     # unknown move date: left alone
    v.set_setting(MOVE_SETTING, "2019-01-01")
    q, hint = extract_dates("flat before I moved", vault=v)
    assert q == "flat" and hint.date_to_ms == ms(2019, 1, 1, 0)
    assert texts(search(v, "flat before I moved", mode="keyword")) == ["Moved to Lisbon today, new flat!"]


def test_scope_is_always_applied(filled):
    v, ids = filled
    save_scope(v, exclude(Scope(), "platform", "instagram"))
    assert "Summer trip to Crete, cabin by the sea" not in texts(kw(v, "cabin"))
    # an explicit scope replaces the saved one
    assert "Summer trip to Crete, cabin by the sea" in texts(kw(v, "cabin", scope=Scope()))
    sam = v.scalar("SELECT person_id FROM identities WHERE name = 'Sam Carter'")
    res = kw(v, "ferry OR cabin", scope=exclude(Scope(), "person", sam))
    assert all("ferry" not in t for t in texts(res))
