"""The in-memory vector index: exact and IVF paths find the same nearest neighbours."""

from __future__ import annotations

import numpy as np

from desktop_app.core.retrieval import vectors


def _data(n=6000, dim=32, seed=0):
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((40, dim))
    x = centres[rng.integers(0, 40, n)] + 0.3 * rng.standard_normal((n, dim))
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    rows = [(i + 1, "record", i % 7, i, i, "facebook", "message") for i in range(n)]
    return x.astype(np.float32), vectors.build_meta(rows)


def test_exact_and_ivf_agree(monkeypatch):
    x, meta = _data()
    exact = vectors.VectorIndex("m", x, meta)
    assert not exact.ivf
    monkeypatch.setattr(vectors, "IVF_THRESHOLD", 1000)
    ivf = vectors.VectorIndex("m", x.astype(np.float16), meta)
    assert ivf.ivf and ivf.mat.dtype == np.float32
    hits = 0
    for i in range(0, 6000, 300):
        r1, s1 = exact.search(x[i], 10)
        r2, s2 = ivf.search(x[i], 10)
        assert r1[0] == i and r2[0] == i
        hits += len(set(r1) & set(r2))
    assert hits / (20 * 10) >= 0.8
    mask = meta.thread_id == 3
    r, _ = ivf.search(x[0], 10, mask)
    assert all(meta.thread_id[j] == 3 for j in r)
    r, _ = exact.search(x[0], 10, mask)
    assert all(meta.thread_id[j] == 3 for j in r)
    assert ivf.nbytes() < exact.nbytes() + ivf.order.nbytes + ivf.centroids.nbytes + 1


def test_empty_index():
    idx = vectors.VectorIndex("m", np.zeros((0, 384), np.float32), vectors.build_meta([]))
    r, s = idx.search(np.ones(384, np.float32), 5)
    assert len(r) == 0
