"""The IVF layout kept in the vault: reused at unlock, updated for new vectors, and cleaned by forget."""

from __future__ import annotations

import numpy as np
import pytest

from desktop_app.core.retrieval import index as units
from desktop_app.core.retrieval import vectors
from desktop_app.core.retrieval.vectors import load_index, vector_blob

DIM = 16


def _add(vault, start: int, n: int, seed: int = 0) -> None:
    """``n`` message records with a unit and a clustered vector each (ids from ``start``)."""
    rng = np.random.default_rng(seed)
    centres = np.random.default_rng(99).standard_normal((30, DIM))
    v = centres[rng.integers(0, 30, n)] + 0.3 * rng.standard_normal((n, DIM))
    v /= np.linalg.norm(v, axis=1, keepdims=True)
    with vault.transaction():
        vault.conn.executemany(
            "INSERT INTO records(id, platform, kind, category, ts, author, text, content_hash) VALUES (?,?,?,?,?,?,?,?)",
            [(i, "facebook", "post", "posts", 1_500_000_000_000 + i, "Alex", f"post number {i}", f"h{i}")
             for i in range(start, start + n)])
        vault.conn.executemany("INSERT INTO retrieval_units(id, kind, record_id, ts_start, ts_end) VALUES (?, 'record', ?, 0, 0)",
                               [(i, i) for i in range(start, start + n)])
        vault.conn.executemany("INSERT INTO retrieval_unit_records(unit_id, record_id, pos) VALUES (?, ?, 0)",
                               [(i, i) for i in range(start, start + n)])
        vault.conn.executemany("INSERT INTO retrieval_vectors(unit_id, model, dim, vec) VALUES (?, 'm', ?, ?)",
                               [(start + j, DIM, vector_blob(v[j])) for j in range(n)])
        units.bump_generation(vault)


def _stored_centroid(vault, layout: int, list_no: int):
    blob = vault.scalar("SELECT centroid FROM retrieval_ivf_lists WHERE layout = ? AND list_no = ?", (layout, list_no))
    return None if blob is None else np.frombuffer(blob, dtype="<f4")


@pytest.fixture
def ivf_small(monkeypatch):
    monkeypatch.setattr(vectors, "IVF_THRESHOLD", 500)


def test_layout_stored_and_reused(vault, ivf_small):
    _add(vault, 1, 1500)
    first = load_index(vault, "m")
    assert first.ivf and first.rebuilt
    nlist = len(first.centroids)
    assert vault.scalar("SELECT count(*) FROM retrieval_ivf_assign WHERE layout = ?", (first.layout_id,)) == 1500
    assert vault.scalar("SELECT count(*) FROM retrieval_ivf_lists WHERE centroid IS NOT NULL") == nlist
    again = load_index(vault, "m")
    assert not again.rebuilt and again.layout_id == first.layout_id
    assert len(again.changed_lists) == 0 and len(again.new_rows) == 0
    assert (again.lists == first.lists).all()
    q = np.frombuffer(vault.scalar("SELECT vec FROM retrieval_vectors WHERE unit_id = 42"), "<f2").astype(np.float32)
    r, s = again.search(q, 5)
    assert again.meta.unit_ids[r[0]] == 42 and abs(s[0] - float(q @ q)) < 1e-4  # re-scored from the vault


def test_new_vectors_assigned_and_forget_nulls_centroid(vault, ivf_small):
    from desktop_app.core.privacy.forget import forget

    _add(vault, 1, 1500)
    first = load_index(vault, "m")
    lay = first.layout_id
    row = int(np.flatnonzero(first.meta.unit_ids == 77)[0])
    lst = int(first.lists[row])
    assert _stored_centroid(vault, lay, lst) is not None
    forget(vault, record_ids=[77])
    # in the forget transaction itself: the assignment is gone and the centroid that averaged it too
    assert vault.scalar("SELECT count(*) FROM retrieval_ivf_assign WHERE unit_id = 77") == 0
    assert _stored_centroid(vault, lay, lst) is None
    _add(vault, 2000, 60, seed=1)
    again = load_index(vault, "m")
    assert not again.rebuilt and again.layout_id == lay
    assert list(again.changed_lists) == [lst]
    assert sorted(again.meta.unit_ids[again.new_rows].tolist()) == list(range(2000, 2060))
    # stored again: recomputed from the members left (77 is not among them)
    got = _stored_centroid(vault, lay, lst)
    members = [u for (u,) in vault.query("SELECT unit_id FROM retrieval_ivf_assign WHERE list_no = ? AND unit_id < 2000",
                                         (lst,))]
    assert 77 not in members
    vecs = np.stack([np.frombuffer(vault.scalar("SELECT vec FROM retrieval_vectors WHERE unit_id = ?", (u,)), "<f2")
                     for u in members]).astype(np.float32)
    want = vecs.sum(0) / np.linalg.norm(vecs.sum(0))
    assert got is not None and np.allclose(got, want, atol=1e-3)
    assert vault.scalar("SELECT count(*) FROM retrieval_ivf_assign") == 1559
    third = load_index(vault, "m")
    assert len(third.changed_lists) == 0 and len(third.new_rows) == 0


def test_layout_rebuilt_when_count_moves(vault, ivf_small):
    _add(vault, 1, 600)
    first = load_index(vault, "m")
    _add(vault, 1000, 2500, seed=2)   # more than 4x the vectors it was built for
    again = load_index(vault, "m")
    assert again.rebuilt and again.layout_id != first.layout_id
    assert vault.scalar("SELECT count(DISTINCT layout) FROM retrieval_ivf_lists") == 1
    assert vault.scalar("SELECT count(*) FROM retrieval_ivf_assign WHERE layout = ?", (again.layout_id,)) == 3100


def test_forget_leaves_no_vector_or_centroid_bytes(vault, profile, ivf_small):
    from desktop_app.core import paths
    from desktop_app.core.privacy.forget import forget
    from tests.conftest import PASSPHRASE
    from tests.helpers import forensics

    _add(vault, 1, 1500)
    idx = load_index(vault, "m")
    lst = int(idx.lists[int(np.flatnonzero(idx.meta.unit_ids == 77)[0])])
    vec = vault.scalar("SELECT vec FROM retrieval_vectors WHERE unit_id = 77")
    cent = vault.scalar("SELECT centroid FROM retrieval_ivf_lists WHERE layout = ? AND list_no = ?", (idx.layout_id, lst))
    db = paths.vault_file(profile)
    key = forensics.key_from_passphrase(PASSPHRASE, forensics.salt_of(db))
    vault.checkpoint()
    before = forensics.plaintext_of_vault(db, key)
    assert vec in before and cent in before
    forget(vault, record_ids=[77])
    after = forensics.plaintext_of_vault(db, key)
    assert vec not in after and cent not in after
