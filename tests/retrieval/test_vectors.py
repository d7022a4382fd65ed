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
    assert ivf.ivf and ivf.codes.dtype == np.int8 and ivf.rebuilt
    hits = 0
    for i in range(0, 6000, 300):
        r1, s1 = exact.search(x[i], 10)
        r2, s2 = ivf.search(x[i], 10)
        assert r1[0] == i and r2[0] == i
        assert abs(s2[0] - s1[0]) < 0.01  # int8 codes: scores within quantisation error
        hits += len(set(r1) & set(r2))
    assert hits / (20 * 10) >= 0.8
    mask = meta.thread_id == 3
    r, _ = ivf.search(x[0], 10, mask)
    assert all(meta.thread_id[j] == 3 for j in r)
    r, _ = exact.search(x[0], 10, mask)
    assert all(meta.thread_id[j] == 3 for j in r)
    assert ivf.codes.nbytes * 4 == exact.mat.nbytes  # int8 codes: a quarter of float32
    # every centroid is the normalised mean of exactly its members (so deleting one can null it)
    c = 5
    members = x[ivf.lists == c]
    want = members.sum(0) / np.linalg.norm(members.sum(0))
    assert np.allclose(ivf.centroids[c], want, atol=2e-3)


def test_rescore_uses_exact_vectors(monkeypatch):
    x, meta = _data(n=3000)
    monkeypatch.setattr(vectors, "IVF_THRESHOLD", 1000)
    ivf = vectors.VectorIndex("m", x, meta)
    asked = []
    ivf.exact_vectors = lambda rows: (asked.append(len(rows)), x[rows])[1]
    r, s = ivf.search(x[7], 50)
    assert asked == [vectors.RESCORE] and r[0] == 7
    assert np.allclose(s[:5], x[r[:5]] @ x[7], atol=1e-5)
    assert list(s) == sorted(s, reverse=True)


def test_stored_layout_reused(monkeypatch):
    x, meta = _data(n=3000)
    monkeypatch.setattr(vectors, "IVF_THRESHOLD", 1000)
    first = vectors.VectorIndex("m", x, meta)
    lists = first.lists.copy()
    lists[:100] = -1                      # new vectors: assigned to their nearest list
    cent = first.centroids.copy()
    cent[3] = np.nan                      # a member was forgotten: recomputed from the others
    again = vectors.VectorIndex("m", x, meta, layout=vectors.Layout(cent, lists, first.layout_id))
    assert not again.rebuilt and again.layout_id == first.layout_id
    assert list(again.changed_lists) == [3] and list(again.new_rows) == list(range(100))
    assert np.allclose(again.centroids[3], first.centroids[3], atol=2e-3)
    assert (again.lists[100:] == first.lists[100:]).all()
    assert (again.lists[:100] == first.lists[:100]).mean() > 0.95


def test_empty_index():
    idx = vectors.VectorIndex("m", np.zeros((0, 384), np.float32), vectors.build_meta([]))
    r, s = idx.search(np.ones(384, np.float32), 5)
    assert len(r) == 0
