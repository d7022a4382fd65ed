"""Units, windows, the embedding job (resume, cancel, incremental) and the forget hook."""

from __future__ import annotations

import pytest

from desktop_app.core.domain import Record
from desktop_app.core.errors import Cancelled
from desktop_app.core.ingest.writer import RecordWriter
from desktop_app.core.progress import CancelToken
from desktop_app.core.retrieval import index, indexer
from desktop_app.core.retrieval.embedder import HashEmbedder
from desktop_app.core.retrieval.search import search
from tests.retrieval.conftest import SAM, ms


def test_plan_windows_splits_on_gaps_and_overlaps():
    rows = [(i, i * 60_000, 20) for i in range(20)] + [(100, 10**12, 5), (101, 10**12 + 1, 5)]
    wins = index.plan_windows(rows)
    assert wins[0] == list(range(8)) and wins[1][:2] == [6, 7]
    assert wins[-1] == [100, 101]
    assert all(len(w) >= 2 for w in wins)
    assert {r for w in wins for r in w} == {r[0] for r in rows}
    assert index.plan_windows([(1, 0, 5)]) == []


def test_windows_map_back_and_have_speakers_and_date(filled):
    v, ids = filled
    indexer.embed_pending(v, embedder=HashEmbedder())
    wins = v.query("SELECT id FROM retrieval_units WHERE kind = 'window'")
    assert wins
    texts = index.unit_texts(v, [w for (w,) in wins])
    chat = next(t for t in texts.values() if "ferry" in t)
    assert "Sam Carter: I'll book the ferry then" in chat and "Alex Doe (me):" in chat and "2019-06-03" in chat
    # no name in the query: Sam is on most of this small archive, so search leaves his name out of the embedding
    res = search(v, "when did we plan the cabin trip and the ferry", mode="semantic", embedder=HashEmbedder())
    win = next(h for h in res.hits if h.unit == "window")
    assert ids["I'll book the ferry then"] in win.record_ids and len(win.record_ids) >= 2


def test_embed_is_incremental_resumable_and_cancellable(filled):
    v, ids = filled
    emb = HashEmbedder()
    token = CancelToken()
    seen = []

    def progress(p):
        seen.append(p)
        if p.done:
            token.cancel()

    with pytest.raises(Cancelled):
        indexer.embed_pending(v, embedder=emb, progress=progress, cancel=token, batch=4)
    done_before = v.scalar("SELECT count(*) FROM retrieval_vectors")
    assert 0 < done_before < v.scalar("SELECT count(*) FROM retrieval_units")
    first = indexer.embed_pending(v, embedder=emb, batch=4)      # resumes: only what is missing
    assert first["embedded"] == v.scalar("SELECT count(*) FROM retrieval_units") - done_before
    assert indexer.pending_count(v) == 0
    assert indexer.embed_pending(v, embedder=emb)["embedded"] == 0
    # A re-import adds one message to Sam's burst: its unit and the changed window only.
    with v.transaction():
        RecordWriter(v, owner_names=["Alex Doe"]).write(
            [Record("facebook", "message", ms(2019, 6, 3, 20, 26), "Alex Doe", "bring the kayak and paddles", thread_key=SAM)])
    assert indexer.pending_count(v) >= 1
    again = indexer.embed_pending(v, embedder=emb)
    assert again["new_record_units"] == 1 and 1 <= again["embedded"] <= 3
    assert v.scalar("SELECT count(*) FROM retrieval_vectors v JOIN retrieval_units u ON u.id = v.unit_id") == \
        v.scalar("SELECT count(*) FROM retrieval_units")


def test_vectors_live_in_the_vault_only(filled, profile):
    v, _ = filled
    indexer.embed_pending(v, embedder=HashEmbedder())
    row = v.execute("SELECT model, dim, length(vec) FROM retrieval_vectors LIMIT 1").fetchone()
    assert row == ("hash-384", 384, 768)   # float16
    names = sorted(p.name for p in profile.iterdir())
    assert all(n.startswith(("vault", "hearth")) or n.endswith((".json", "-wal", "-shm")) for n in names), names


def test_forget_hook_drops_units_and_rebuilds_windows(filled):
    v, ids = filled
    indexer.embed_pending(v, embedder=HashEmbedder())
    gone = ids["I'll book the ferry then"]
    with v.transaction():
        index.on_records_forgotten(v, [gone])
        v.execute("DELETE FROM records WHERE id = ?", (gone,))
    assert v.scalar("SELECT count(*) FROM retrieval_unit_records WHERE record_id = ?", (gone,)) == 0
    texts = index.unit_texts(v, [u for (u,) in v.query("SELECT id FROM retrieval_units")])
    assert not any("ferry" in t for t in texts.values())
    assert any("festival" in t and "\n" in t for t in texts.values())   # Sam's window rebuilt without it
    res = search(v, "ferry", embedder=HashEmbedder())
    assert all(gone not in h.record_ids and "ferry" not in h.text for h in res.hits)
    # deleting records without the hook still cascades the record's own unit and vectors
    other = ids["Moved to Lisbon today, new flat!"]
    v.execute("DELETE FROM records WHERE id = ?", (other,))
    assert v.scalar("SELECT count(*) FROM retrieval_units WHERE record_id = ?", (other,)) == 0
    assert indexer.embed_pending(v, embedder=HashEmbedder())["embedded"] >= 1   # the rebuilt window


def test_window_losing_a_record_without_the_hook_is_rebuilt(filled):
    v, ids = filled
    indexer.embed_pending(v, embedder=HashEmbedder())
    gone = ids["I'll book the ferry then"]          # a middle message: its window is not cascaded
    v.execute("DELETE FROM records WHERE id = ?", (gone,))
    rep = indexer.embed_pending(v, embedder=HashEmbedder())
    assert rep["windows_removed"] >= 1 and rep["embedded"] >= 1
    texts = index.unit_texts(v, [u for (u,) in v.query("SELECT id FROM retrieval_units")])
    assert not any("ferry" in t for t in texts.values())


def test_search_says_when_semantic_is_not_ready(filled):
    v, _ = filled
    res = search(v, "cabin", embedder=HashEmbedder())
    assert not res.semantic_available and "keyword" in res.notice and res.hits
    indexer.embed_pending(v, embedder=HashEmbedder())
    res = search(v, "cabin", embedder=HashEmbedder())
    assert res.semantic_available and res.notice == ""
    with v.transaction():
        RecordWriter(v).write([Record("facebook", "post", ms(2023, 1, 1), "Alex Doe", "new cabin photos")])
    res = search(v, "cabin", embedder=HashEmbedder())
    assert res.semantic_available and "background" in res.notice
    assert "new cabin photos" in [h.text for h in res.hits]     # keyword side is complete


def test_date_phrases_are_local_months_in_the_vaults_zone(vault):
    """'in March 2024' is March where the user lives (the one time-zone policy), not March in UTC."""
    import datetime as dt

    from desktop_app.core.retrieval.dates import extract_dates
    from desktop_app.core.timezone import set_zone
    set_zone(vault, "Asia/Tokyo")
    _, hint = extract_dates("the cabin in March 2024", vault=vault)
    start = dt.datetime(2024, 3, 1, tzinfo=dt.timezone(dt.timedelta(hours=9)))
    assert hint.date_from_ms == int(start.timestamp() * 1000)
    set_zone(vault, "UTC")
    _, hint = extract_dates("the cabin in March 2024", vault=vault)
    assert hint.date_from_ms == int(dt.datetime(2024, 3, 1, tzinfo=dt.timezone.utc).timestamp() * 1000)
