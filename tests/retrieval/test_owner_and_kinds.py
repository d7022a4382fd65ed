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


def _posts(vault) -> dict[str, int]:
    with vault.transaction():
        w = RecordWriter(vault, owner_names=["Caroline Doe"])
        w.write([
            Record("facebook", "post", ms(2023, 6, 1), "Caroline Doe", "Happy birthday, enjoy the day!",
                   extra={"title": "Caroline Doe wrote on Quentin Zylberstein's timeline."}),
            Record("facebook", "saved", ms(2023, 6, 2), "Caroline Doe", "Ten quick weeknight noodle recipes"),
            Record("facebook", "advertiser", ms(2023, 6, 3), "", "Vantablack Sneakers Ltd"),
            Record("facebook", "message", ms(2023, 6, 4), "Caroline Doe", "I saved you a seat for the recipes talk"),
        ])
    from desktop_app.core.retrieval import index

    index.sync_units(vault)
    return dict(vault.query("SELECT kind, id FROM records"))


def test_a_posts_title_line_is_searchable_with_its_body(vault):
    ids = _posts(vault)
    for mode in ("keyword", "hybrid"):
        hits = search(vault, "Zylberstein timeline", mode=mode).hits
        assert hits and hits[0].record_id == ids["post"], mode


def test_kind_words_find_records_of_that_kind(vault):
    ids = _posts(vault)
    hits = search(vault, "saved recipes", mode="keyword").hits
    assert hits[0].record_id == ids["saved"]
    assert ids["advertiser"] in {h.record_id for h in search(vault, "clicked ad", mode="keyword").hits}


def test_forget_drops_the_aux_index_down_to_the_pages(vault, profile):
    from desktop_app.core import paths
    from desktop_app.core.privacy import forget as fg
    from tests.conftest import PASSPHRASE
    from tests.helpers import forensics

    ids = _posts(vault)
    db = paths.vault_file(profile)
    key = forensics.key_from_passphrase(PASSPHRASE, forensics.salt_of(db))
    assert b"Zylberstein" in forensics.plaintext_of_vault(db, key)
    fg.forget(vault, record_ids=[ids["post"]])
    assert vault.query("SELECT rowid FROM retrieval_aux_fts WHERE retrieval_aux_fts MATCH 'Zylberstein'") == []
    assert b"Zylberstein" not in forensics.plaintext_of_vault(db, key)
    assert search(vault, "Zylberstein", mode="keyword").hits == []
