"""The owner named in the third person is "me"; same words in records of different kinds stay apart."""

from __future__ import annotations

from desktop_app.core.domain import Record, Thread
from desktop_app.core.ingest.writer import RecordWriter
from desktop_app.core.retrieval import people
from desktop_app.core.retrieval.search import search
from tests.retrieval.conftest import ms

T = "facebook:inbox/mel"


def _fill(vault) -> dict[str, int]:
    with vault.transaction():
        w = RecordWriter(vault, owner_names=["Caroline Doe"])
        w.mark_me("facebook", "Caroline Doe")
        w.thread_id(Thread(T, "facebook", "Mel Park", ["Mel Park", "Caroline Doe"]))
        w.write([
            Record("facebook", "message", ms(2023, 5, 1), "Mel Park", "I researched pottery classes all week", thread_key=T),
            Record("facebook", "message", ms(2023, 5, 2), "Caroline Doe", "I researched adoption agencies today",
                   thread_key=T),
            Record("facebook", "saved", ms(2023, 5, 3), "Caroline Doe", "Sunset Pottery Studio"),
            Record("facebook", "like", ms(2023, 5, 4), "Caroline Doe", "Sunset Pottery Studio"),
        ])
    return dict(vault.query("SELECT text || '/' || kind, id FROM records"))


def test_the_owners_name_means_me(vault):
    ids = _fill(vault)
    assert people.detect_owner(vault, "What did Caroline research?") == "Caroline"
    assert people.detect_owner(vault, "What did Mel research?") is None
    hits = search(vault, "What did Caroline research?", mode="keyword").hits
    assert hits[0].record_id == ids["I researched adoption agencies today/message"]
    # not a filter: the other person's message is still found
    assert ids["I researched pottery classes all week/message"] in {h.record_id for h in hits}


def test_same_words_of_different_kinds_are_both_found(vault):
    ids = _fill(vault)
    for mode in ("keyword", "hybrid"):
        got = {r for h in search(vault, "Sunset Pottery Studio", mode=mode).hits for r in h.record_ids}
        assert {ids["Sunset Pottery Studio/saved"], ids["Sunset Pottery Studio/like"]} <= got, mode
