"""The writer binds no None (the driver's slow path for NULL) yet stores NULL exactly where a value is
missing, and keeps every real value, including the ones next to the stand-ins (0 is not NULL for ts)."""

from __future__ import annotations

import gc

from desktop_app.core.domain import Record
from desktop_app.core.ingest import bulk
from desktop_app.core.ingest.writer import RecordWriter


def test_missing_values_are_null_and_real_values_survive(vault):
    recs = [
        Record("facebook", "search", None, "", "cabin rentals", is_mine=None, extra={}),
        Record("facebook", "post", 0, "", "at the epoch", is_mine=True, extra={"x": 1}),
        Record("facebook", "post", -86_400_000, "", "the day before", is_mine=False),
        Record("facebook", "message", 1_700_000_000_000, "Sam Carter", "hi", thread_key="facebook:sam_1234567"),
    ]
    with vault.transaction():
        w = RecordWriter(vault, archive_id=None)
        assert w.write(recs).inserted == 4
    rows = {t: r for (t, *r) in vault.query(
        "SELECT text, ts, author_id, thread_id, is_mine, extra, archive_id FROM records")}
    assert rows["cabin rentals"] == [None, None, None, None, None, None]
    assert rows["at the epoch"] == [0, None, None, 1, '{"x":1}', None]
    assert rows["the day before"] == [-86_400_000, None, None, 0, None, None]
    ts, author_id, thread_id, *_ = rows["hi"]
    assert ts == 1_700_000_000_000 and author_id and thread_id
    assert vault.scalar("SELECT count(*) FROM records_fts WHERE records_fts MATCH 'epoch'") == 1


def test_gc_paused_restores_the_collector():
    assert gc.isenabled()
    with bulk.gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with bulk.gc_paused():
            pass
        assert not gc.isenabled()  # it was off before: stays off
    finally:
        gc.enable()


def test_wall_clock_time_keeps_a_records_identity_across_zones():
    from desktop_app.core.ingest.writer import content_hashes

    a = Record("whatsapp", "message", 1_700_000_000_000, "Mei", "hi", thread_key="whatsapp:mei",
               extra={"wall_ms": 1_700_003_600_000})
    b = Record("whatsapp", "message", 1_699_996_400_000, "Mei", "hi", thread_key="whatsapp:mei",
               extra={"wall_ms": 1_700_003_600_000})
    old = Record("whatsapp", "message", 1_700_003_600_000, "Mei", "hi", thread_key="whatsapp:mei")
    assert a.content_hash() == b.content_hash() == old.content_hash()   # vaults from before zones: no duplicate
    assert content_hashes([a, b, old]) == [old.content_hash()] * 3


def test_import_keeps_foreign_keys_on_afterwards_and_rows_reference_real_parents(tmp_path, vault):
    from desktop_app.core.ingest import service
    from tests.synth.archive import build_fb

    z = build_fb(tmp_path / "facebook-alex-01_01_2025-x.zip", era="FB-4", n_messages=300, n_threads=4, n_other=40,
                 seed=5, media=False)
    rep = service.run_import(vault, [z])
    assert rep.state == "done" and rep.imported > 300
    assert vault.scalar("PRAGMA foreign_keys") == 1              # checks were off only while importing
    assert vault.query("PRAGMA foreign_key_check") == []           # every author, thread and archive exists
    by_cat = {k: v.imported for k, v in rep.categories.items() if v.imported}
    assert sum(by_cat.values()) == rep.imported and by_cat["messages"] == 300


def test_batch_hash_matches_the_domain_hash_on_odd_values():
    from desktop_app.core.ingest.writer import content_hashes

    odd = [Record("facebook", "post", True, "", "bool time"), Record("facebook", "post", 1.5, "", "float time"),
           Record("facebook", "post", None, "", "no time"), Record("facebook", "post", 1, "", "x", extra={"dedup_key": 0}),
           Record("facebook", "post", 1, "", "x", extra={"dedup_key": None}),
           Record("facebook", "post", 1, "", "x", extra={"dedup_key": "a.jpg", "wall_ms": None}),
           Record("facebook", "post", 1, "", "x", thread_key=""), Record("facebook", "post", 1, "", "😀 ok")]
    assert content_hashes(odd) == [r.content_hash() for r in odd]


def test_a_batch_also_ends_at_its_text_budget(tmp_path, vault, monkeypatch):
    """Long posts make small batches: memory held until a commit is bounded by text, not only count."""
    from desktop_app.core.ingest import service
    from tests.importers.test_shapes import _write

    posts = [{"timestamp": 1_600_000_000 + i, "data": [{"post": f"{i} " + "long words " * 300}]} for i in range(40)]
    src = _write(tmp_path / "fb", {"your_facebook_activity/posts/your_posts__check_ins__photos_and_videos_1.json":
                                   posts})
    flushes = []
    real = service._Importer._flush
    monkeypatch.setattr(service, "BATCH_TEXT_CHARS", 10_000)
    monkeypatch.setattr(service._Importer, "_flush", lambda self, buf, *a, **k: (flushes.append(len(buf)),
                                                                                 real(self, buf, *a, **k)))
    rep = service.run_import(vault, [src])
    assert rep.state == "done" and rep.imported == 40
    assert len(flushes) >= 10 and max(flushes) <= 4        # ~3.3k characters a post: three posts a batch
