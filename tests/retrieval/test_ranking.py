"""Ranking rules chosen on LoCoMo's development split and the persona together (BENCHMARKS.md)."""

from __future__ import annotations

from desktop_app.core.retrieval import indexer
from desktop_app.core.retrieval.embedder import HashEmbedder
from desktop_app.core.retrieval.search import search
from tests.retrieval.conftest import ms, write_chat


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


def _chat(vault, lines: list[tuple[str, str]], key: str = "facebook:inbox/mel") -> dict[str, int]:
    return write_chat(vault, "Caroline", "Melanie", lines, key)


def test_a_question_before_the_hit_brings_the_turn_it_asks_about(vault):
    ids = _chat(vault, [("Melanie", "the kids loved the museum"),
                        ("Caroline", "I made this stained glass window last month"),
                        ("Melanie", "Wow, what inspired it?"),
                        ("Caroline", "It was made for a local church and shows time changing our lives"),
                        ("Melanie", "so beautiful"), ("Caroline", "thanks Mel"), ("Melanie", "see you soon")])
    emb = HashEmbedder()   # nothing embedded: the keyword side alone, so no window unit folds into the hit
    hit = search(vault, "local church", embedder=emb).hits[0]
    assert ids["It was made for a local church and shows time changing our lives"] in hit.record_ids
    # the turn that asks, and the turn it asks about, come with the hit; the one before that does not
    assert ids["Wow, what inspired it?"] in hit.record_ids
    assert ids["I made this stained glass window last month"] in hit.record_ids
    assert ids["the kids loved the museum"] not in hit.record_ids
    # a turn before the hit that asks nothing: one turn before, as usual
    hit = search(vault, "thanks Mel", embedder=emb).hits[0]
    assert hit.record_ids == [ids["so beautiful"], ids["thanks Mel"], ids["see you soon"]]


def test_a_day_in_the_question_is_a_local_day():
    import datetime as dt

    from desktop_app.core.retrieval.dates import extract_dates

    for phrase in ("on October 13, 2023", "on 13 October 2023", "on the 13th of October, 2023", "Oct 13th 2023"):
        rest, hint = extract_dates(f"What painting did Mel show {phrase}?")
        assert rest == "What painting did Mel show?" and hint.phrase == phrase
        assert (hint.date_from_ms, hint.date_to_ms) == (ms(2023, 10, 13, 0), ms(2023, 10, 14, 0))
    # not a day: the month still counts, the number stays a word
    rest, hint = extract_dates("party 31 June 2023")
    assert rest == "party 31" and hint.date_to_ms - hint.date_from_ms == 30 * 86_400_000
    assert dt.datetime.fromtimestamp(hint.date_from_ms / 1000, dt.timezone.utc).month == 6


def test_neighbouring_hits_fold_into_one_and_leave_room_for_another_moment(vault):
    ids = _chat(vault, [("Caroline", "how was your week?"),
                        ("Melanie", "I signed up for a pottery class yesterday"),
                        ("Caroline", "a pottery class, how fun! what did you make in class?"),
                        ("Melanie", "a bowl, nothing fancy"),
                        *[("Caroline" if i % 2 else "Melanie", f"filler line number {i}") for i in range(12)],
                        ("Melanie", "the kids loved the pottery we made at the lake")])
    emb = HashEmbedder()   # nothing embedded: the keyword side alone
    hits = search(vault, "pottery class", limit=2, embedder=emb).hits
    # the two neighbouring turns that both say it are one moment; the second place goes to the lake
    assert ids["I signed up for a pottery class yesterday"] in hits[0].record_ids
    assert ids["a pottery class, how fun! what did you make in class?"] in hits[0].record_ids
    assert hits[0].unit == "window"
    assert ids["the kids loved the pottery we made at the lake"] in hits[1].record_ids
    # keyword mode is the exact-words tool: one record a hit, nothing folded
    kw = search(vault, "pottery class", limit=2, mode="keyword").hits
    assert sorted(h.record_ids for h in kw) == sorted([[ids["I signed up for a pottery class yesterday"]],
                                                       [ids["a pottery class, how fun! what did you make in class?"]]])
