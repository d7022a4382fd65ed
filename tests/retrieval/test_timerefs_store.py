"""Stored time resolutions: filled by the sync after import, shown on hits, forgotten with their record."""

from __future__ import annotations

from desktop_app.core import paths
from desktop_app.core.domain import Record, Thread
from desktop_app.core.ingest.writer import RecordWriter
from desktop_app.core.privacy import forget as fg
from desktop_app.core.retrieval import index, timerefs
from desktop_app.core.retrieval.search import search
from desktop_app.core.retrieval.timerefs import load as stored
from tests.conftest import PASSPHRASE
from tests.helpers import forensics
from tests.retrieval.conftest import ms

T = "facebook:inbox/mel"
CANARY_DATE = "3 February 1987"   # no other record or label holds this date


def _fill(vault) -> dict[str, int]:
    with vault.transaction():
        w = RecordWriter(vault, owner_names=["Caroline Doe"])
        w.mark_me("facebook", "Caroline Doe")
        w.thread_id(Thread(T, "facebook", "Mel", ["Mel", "Caroline Doe"]))
        w.write([
            Record("facebook", "message", ms(2023, 5, 8, 13), "Caroline Doe",
                   "I went to a support group yesterday and it was powerful", thread_key=T),
            Record("facebook", "message", ms(2023, 5, 8, 13, 1), "Mel", "So glad! I ran a charity race last Saturday",
                   thread_key=T),
            Record("facebook", "message", ms(1987, 2, 4, 10), "Mel", "the zebra parade was yesterday, what a sight",
                   thread_key=T),
            Record("facebook", "message", ms(2023, 5, 8, 13, 2), "Caroline Doe", "nothing dated in this one",
                   thread_key=T),
        ])
    return dict(vault.query("SELECT text, id FROM records"))


def test_sync_stores_resolutions_and_stored_reads_them(vault):
    ids = _fill(vault)
    grp = ids["I went to a support group yesterday and it was powerful"]
    race = ids["So glad! I ran a charity race last Saturday"]
    plain = ids["nothing dated in this one"]
    # before the sync: resolved on the fly, nothing written
    assert [r.label for r in stored(vault, [grp])[grp]] == ["7 May 2023"]
    assert vault.scalar("SELECT count(*) FROM retrieval_timerefs") == 0
    got = index.sync_units(vault)
    assert got["timerefs_added"] == 3 and got["timerefs_records"] == 3   # the index pre-filter skips the undated one
    assert vault.scalar("SELECT count(*) FROM retrieval_timerefs") == 3
    res = stored(vault, [grp, race, plain])
    assert set(res) == {grp, race}
    assert res[race][0].phrase == "last Saturday" and res[race][0].label == "6 May 2023"
    # a second sync reads nothing again
    assert index.sync_units(vault)["timerefs_records"] == 0


def test_hits_carry_times_and_snippets_show_them(vault):
    ids = _fill(vault)
    index.sync_units(vault)
    hits = search(vault, "support group", mode="keyword").hits
    h = next(h for h in hits if ids["I went to a support group yesterday and it was powerful"] in h.record_ids)
    assert "yesterday (7 May 2023)" in h.snippet
    t = next(t for t in h.times if t.phrase == "yesterday")
    assert h.text[t.start:t.end] == "yesterday" and t.label == "7 May 2023"
    assert h.to_dict()["times"][0]["label"]


def test_window_hits_offsets_point_into_the_body(vault):
    ids = _fill(vault)
    index.sync_units(vault)
    from desktop_app.core.retrieval.search import _materialise

    rid_a = ids["I went to a support group yesterday and it was powerful"]
    rid_b = ids["So glad! I ran a charity race last Saturday"]
    (h,) = _materialise(vault, [(("w", 1), [rid_a, rid_b], 1.0, ["semantic"], rid_a)], ["race"], [])
    assert [h.text[t.start:t.end] for t in h.times] == ["yesterday", "last Saturday"]
    assert "last Saturday (6 May 2023)" in h.snippet


def test_forget_removes_resolutions_down_to_the_pages(vault, profile):
    ids = _fill(vault)
    index.sync_units(vault)
    rid = ids["the zebra parade was yesterday, what a sight"]
    assert [r.label for r in stored(vault, [rid])[rid]] == [CANARY_DATE]
    db = paths.vault_file(profile)
    key = forensics.key_from_passphrase(PASSPHRASE, forensics.salt_of(db))
    assert CANARY_DATE.encode() in forensics.plaintext_of_vault(db, key)  # the decryptor sees it
    fg.forget(vault, record_ids=[rid])
    assert vault.scalar("SELECT count(*) FROM retrieval_timerefs WHERE record_id = ?", (rid,)) == 0
    assert stored(vault, [rid]) == {}
    assert CANARY_DATE.encode() not in forensics.plaintext_of_vault(db, key)
    assert vault.scalar("SELECT count(*) FROM retrieval_timerefs") == 2   # the others stay


def test_cascade_drops_resolutions_of_a_deleted_record(vault):
    ids = _fill(vault)
    index.sync_units(vault)
    rid = ids["So glad! I ran a charity race last Saturday"]
    with vault.transaction():
        vault.execute("DELETE FROM retrieval_units WHERE record_id = ?", (rid,))
        vault.execute("DELETE FROM retrieval_unit_records WHERE record_id = ?", (rid,))
        vault.execute("DELETE FROM records WHERE id = ?", (rid,))
    assert vault.scalar("SELECT count(*) FROM retrieval_timerefs WHERE record_id = ?", (rid,)) == 0


def test_records_in_range_finds_what_a_phrase_points_at(vault):
    ids = _fill(vault)
    index.sync_units(vault)
    may = (ms(2023, 5, 1, 0), ms(2023, 5, 8, 0))
    got = set(timerefs.records_in_range(vault, *may))
    assert got == {ids["I went to a support group yesterday and it was powerful"],
                   ids["So glad! I ran a charity race last Saturday"]}
