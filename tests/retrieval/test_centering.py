"""Query centering: the archive's mean and top directions leave the query, the stats are cached per vault."""

from __future__ import annotations

import numpy as np

from desktop_app.core.retrieval import centering, indexer, semantic
from desktop_app.core.retrieval.embedder import HashEmbedder
from desktop_app.core.retrieval.search import search


def test_adjust_removes_mean_and_top_directions():
    rng = np.random.default_rng(1)
    mean = rng.standard_normal(8).astype(np.float32)
    comps = np.linalg.qr(rng.standard_normal((8, 2)))[0].T.astype(np.float32)
    st = centering.Stats("m", 1, mean, comps)
    q = rng.standard_normal(8).astype(np.float32)
    q /= np.linalg.norm(q)
    a = centering.adjust(q, st)
    assert abs(np.linalg.norm(a) - 1) < 1e-5
    assert np.allclose(comps @ a, 0, atol=1e-5)
    # without stats (too few vectors) or with the weight 0 the query is unchanged
    assert centering.adjust(q, None) is q and centering.adjust(q, st, weight=0) is q


def test_stats_cached_and_refreshed_when_vectors_grow(filled, monkeypatch):
    vault, _ = filled
    indexer.embed_pending(vault, embedder=HashEmbedder())
    assert centering.stats_for(vault, HashEmbedder.name) is None   # a dozen vectors: too few to estimate
    monkeypatch.setattr(centering, "MIN_VECTORS", 5)
    centering._cache.clear()
    st = centering.stats_for(vault, HashEmbedder.name)
    assert st is not None and st.comps.shape == (centering.TOP_COMPONENTS, 384)
    assert centering.stats_for(vault, HashEmbedder.name) is st
    vault.execute("DELETE FROM retrieval_vectors")
    assert centering.stats_for(vault, HashEmbedder.name) is None


def test_search_still_finds_exact_matches_with_centering(filled, monkeypatch):
    vault, ids = filled
    monkeypatch.setattr(centering, "MIN_VECTORS", 5)
    centering._cache.clear()
    indexer.embed_pending(vault, embedder=HashEmbedder())
    hits = search(vault, "beagle Biscuit", mode="semantic", embedder=HashEmbedder()).hits
    assert hits and ids["adopted a beagle named Biscuit"] in hits[0].record_ids
    assert semantic.MIN_SCORE > 0


def test_top_directions_match_the_full_eigendecomposition():
    rng = np.random.default_rng(3)
    # three strong directions over isotropic noise, as chit-chat directions sit over a chat archive
    basis = np.linalg.qr(rng.standard_normal((64, 3)))[0]
    x = (rng.standard_normal((3000, 3)) * [6.0, 4.0, 3.0]) @ basis.T + rng.standard_normal((3000, 64))
    c = (x - x.mean(0)).astype(np.float32)
    w, v = np.linalg.eigh(c.T @ c)
    ref = v[:, np.argsort(-w)[:3]].T
    got = centering.top_directions(c, 3)
    assert got.shape == (3, 64) and np.allclose(got @ got.T, np.eye(3), atol=1e-4)
    assert np.all(np.abs((ref * got).sum(1)) > 0.999)   # the same directions, in the same order
