"""The IVF layout of the vector index, kept inside the vault (tables of migration retrieval_0002_ivf).

Centroids are means of their members' vectors, so they are derived from records and live only
in the encrypted vault. Deleting a vector (forget, a rebuilt window) deletes its assignment by
cascade, and a trigger nulls that list's centroid in the same transaction; the next load
recomputes it from the members left. New vectors are assigned to their nearest list at load.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Protocol

import numpy as np
from numpy.typing import NDArray

from desktop_app.core.retrieval import index as units

if TYPE_CHECKING:
    from desktop_app.core.store.vault import Vault

log = logging.getLogger(__name__)


class _UnitIds(Protocol):
    unit_ids: NDArray[np.int64]


class LoadedIndex(Protocol):
    """What ``save_layout`` reads of an index just loaded: ``vectors.VectorIndex``, which imports
    this module (a Protocol, so that the import stays one-way)."""

    @property
    def model(self) -> str: ...
    @property
    def n(self) -> int: ...
    @property
    def dim(self) -> int: ...
    @property
    def rebuilt(self) -> bool: ...
    @property
    def layout_id(self) -> int: ...
    @property
    def centroids(self) -> NDArray[np.float32] | None: ...
    @property
    def changed_lists(self) -> NDArray[np.int64]: ...
    @property
    def new_rows(self) -> NDArray[np.int64]: ...
    @property
    def lists(self) -> NDArray[np.int32]: ...
    @property
    def meta(self) -> _UnitIds: ...


def read_layout(vault: Vault, model: str) -> tuple[int, NDArray[np.float32], int] | None:
    """(layout id, centroids with NaN rows where one must be recomputed, vectors at build) or None."""
    row = vault.query("SELECT layout, dim, nlist, built_n FROM retrieval_ivf WHERE model = ?", (model,))
    if not row:
        return None
    layout, dim, nlist, built_n = row[0]
    cent = np.full((int(nlist), int(dim)), np.nan, np.float32)
    for list_no, blob in vault.query("SELECT list_no, centroid FROM retrieval_ivf_lists WHERE layout = ?", (layout,)):
        if blob is not None and 0 <= list_no < nlist and len(blob) == dim * 4:
            cent[list_no] = np.frombuffer(blob, dtype="<f4")
    return int(layout), cent, int(built_n)


def save_layout(vault: Vault, idx: LoadedIndex, gen: int) -> None:
    """Write what this load computed (a new layout, recomputed centroids, new assignments)."""
    if not (idx.rebuilt or len(idx.changed_lists) or len(idx.new_rows)):
        return
    cent = idx.centroids
    if cent is None:   # an exact index has no layout (it never gets here: nothing changed above)
        return
    lay = idx.layout_id
    try:
        with vault.transaction():
            n_now = vault.scalar("SELECT count(*) FROM retrieval_vectors WHERE model = ?", (idx.model,))
            if units.generation(vault) != gen or int(n_now) != idx.n:
                return  # vectors changed since the read: a centroid could hold a deleted one; next load retries
            if idx.rebuilt:
                vault.execute("DELETE FROM retrieval_ivf_lists")
                vault.execute("DELETE FROM retrieval_ivf")
                vault.execute("INSERT INTO retrieval_ivf(model, layout, dim, nlist, built_n) VALUES (?, ?, ?, ?, ?)",
                              (idx.model, lay, idx.dim, len(cent), idx.n))
                rows = np.arange(idx.n)
            else:
                rows = idx.new_rows
            vault.conn.executemany(
                "INSERT OR REPLACE INTO retrieval_ivf_lists(layout, list_no, centroid) VALUES (?, ?, ?)",
                [(lay, int(c), np.asarray(cent[c], dtype="<f4").tobytes()) for c in idx.changed_lists])
            # REPLACE drops an old assignment without firing the delete trigger (recursive_triggers is off)
            uids = idx.meta.unit_ids[rows].tolist()
            lists = idx.lists[rows].tolist()
            vault.conn.executemany("INSERT OR REPLACE INTO retrieval_ivf_assign(unit_id, layout, list_no) VALUES (?, ?, ?)",
                                   ((u, lay, c) for u, c in zip(uids, lists)))
    except Exception as exc:  # the index still works from memory; the next unlock tries again
        log.warning("could not store the vector index layout (%s)", type(exc).__name__)


def fetch_vectors(vault: Vault | None, unit_ids: NDArray[np.int64], dim: int) -> NDArray[np.float32] | None:
    """The stored float16 vectors of these units as float32, in order; None if one is gone."""
    if vault is None or vault.locked or not len(unit_ids):
        return None
    ids = [int(u) for u in unit_ids]
    got: dict[int, bytes] = {}
    for i in range(0, len(ids), 900):
        chunk = ids[i:i + 900]
        got.update(vault.query(f"SELECT unit_id, vec FROM retrieval_vectors WHERE unit_id IN ({','.join('?' * len(chunk))})",
                               chunk))
    if len(got) != len(ids) or any(len(got[u]) != dim * 2 for u in ids):
        return None
    return np.frombuffer(b"".join(got[u] for u in ids), dtype="<f2").reshape(len(ids), dim).astype(np.float32)
