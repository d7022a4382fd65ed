"""Each search hit is a different moment: a message and its window, or overlapping windows, fold together."""

from __future__ import annotations

from desktop_app.core.retrieval import indexer, search as S
from desktop_app.core.retrieval.embedder import HashEmbedder


def test_hits_never_share_records(filled):
    vault, ids = filled
    emb = HashEmbedder()
    indexer.embed_pending(vault, embedder=emb)
    for q in ("cabin ferry car", "rent the car for the cabin", "beagle", "plumber", "lake"):
        for mode in ("hybrid", "semantic"):
            hits = S.search(vault, q, mode=mode, embedder=emb).hits
            seen: set[int] = set()
            for h in hits:
                assert not seen & set(h.record_ids), (q, mode)
                seen |= set(h.record_ids)
                assert h.record_id in h.record_ids


def test_fold_merges_a_record_into_the_window_around_it():
    lists = [(1.0, [(("r", 3), [3], "semantic"), (("w", 9), [2, 3, 4], "semantic"), (("r", 7), [7], "semantic")])]
    out = S._fuse(lists, 20, 10)
    assert [o[1] for o in out] == [[3, 2, 4], [7]]
    key, rids, _, how, lead = out[0]
    assert key[0] == "w" and lead == 3 and how == ["semantic"]
    # a window bridging two hits, or one that would grow past MERGE_MAX, is skipped, not merged
    big = [(1.0, [(("r", 1), [1], "semantic"), (("r", 5), [5], "semantic"),
                  (("w", 8), [1, 2, 3, 4, 5], "semantic")])]
    assert [o[1] for o in S._fuse(big, 20, 10)] == [[1], [5]]
