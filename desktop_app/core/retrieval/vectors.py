"""The in-memory vector index: vectors loaded from the vault after unlock, searched with numpy.

Up to ``IVF_THRESHOLD`` vectors are held as float32 and scanned exactly (a matrix-vector product).
Above it the index is IVF: vectors grouped by k-means list, held as int8 codes with one scale
per vector (4x less memory than float32, and faster: the scan is memory-bound), stored in list
order; a query scans the lists nearest to it and re-scores its best candidates with the
vault's float16 vectors. The IVF layout (centroids, the list of each vector) is kept inside the
vault (``retrieval_ivf*`` tables, see ivf_store.py) so an unlock only loads it. Nothing is written outside the vault.
"""

from __future__ import annotations

import logging
import threading
import weakref
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable

import numpy as np
from numpy.typing import NDArray

from desktop_app.core.retrieval import index as units

if TYPE_CHECKING:
    from desktop_app.core.store.vault import Vault

log = logging.getLogger(__name__)

IVF_THRESHOLD = 50_000   # above this many vectors a query scans only the nearest lists
NPROBE_MIN = 8
RESCORE = 32             # this many approximate best re-scored with the float16 vectors from the vault
                         # (int8 scores are within ~0.004; a random row read costs ~25 µs here)
_BLOCK = 1024            # rows converted int8 → float32 at a time (stays in cache)


def n_lists(n: int) -> int:
    """About sqrt(n) lists: ~1000 vectors per list at 1M (k-means and assignment stay a few seconds)."""
    return int(min(n, 1024, max(64, round(np.sqrt(n)))))


def probe_fraction(n: int) -> float:
    """Share of the lists a query scans: 12 % at 50k falling to 2.7 % at 1M (ANN recall in BENCHMARKS.md)."""
    return float(min(0.12, max(0.025, 0.12 * np.sqrt(IVF_THRESHOLD / max(n, 1)))))


@dataclass
class Meta:
    """Per-unit columns used to pre-filter before the exact SQL check."""

    unit_ids: NDArray[np.int64]
    is_window: NDArray[np.bool_]
    thread_id: NDArray[np.int64]     # -1 when none
    ts_start: NDArray[np.int64]      # INT64_MIN when unknown
    ts_end: NDArray[np.int64]        # INT64_MAX when unknown
    platform: NDArray[np.int16]      # code into platforms
    kind: NDArray[np.int16]          # code into kinds
    platforms: list[str]
    kinds: list[str]
    author_id: NDArray[np.int64] | None = None   # person id of the unit's first record, -1 when none


@dataclass
class Layout:
    """An IVF layout: centroids (nlist × dim float32, a NaN row = recompute) and each row's list (-1 = none)."""

    centroids: NDArray[np.float32]
    lists: NDArray[np.int32]
    layout_id: int = 0


def _f32(x: NDArray[Any]) -> NDArray[np.float32]:
    return np.asarray(x, dtype=np.float32)


def _normalise(m: NDArray[np.float32]) -> NDArray[np.float32]:
    norm = np.linalg.norm(m, axis=1, keepdims=True)
    return (m / np.where(norm > 0, norm, 1.0)).astype(np.float32)


def _assign(vecs: NDArray[np.floating[Any]], cent: NDArray[np.float32],
            rows: NDArray[np.int64] | None = None) -> NDArray[np.int32]:
    """Nearest centroid of each row (chunked: never a float32 copy of everything)."""
    idx = np.arange(len(vecs)) if rows is None else rows
    out = np.empty(len(idx), dtype=np.int32)
    for i in range(0, len(idx), 32768):
        out[i:i + 32768] = np.argmax(_f32(vecs[idx[i:i + 32768]]) @ cent.T, axis=1)
    return out


def _group_sums(x: NDArray[np.float32], labels: NDArray[np.intp], k: int) -> NDArray[np.float32]:
    order = np.argsort(labels, kind="stable")
    lab = labels[order]
    starts = np.flatnonzero(np.r_[True, lab[1:] != lab[:-1]])
    sums = np.zeros((k, x.shape[1]), np.float32)
    if len(order):
        sums[lab[starts]] = np.add.reduceat(x[order], starts, axis=0)
    return sums


def kmeans(vecs: NDArray[np.floating[Any]], nlist: int, *, iters: int = 8, seed: int = 0) -> NDArray[np.float32]:
    """Spherical k-means on a sample of ``vecs``; returns the centroids (they are replaced later by member means)."""
    rng = np.random.default_rng(seed)
    n = len(vecs)
    sample = _f32(vecs[np.sort(rng.choice(n, size=min(n, nlist * 32), replace=False))])
    cent = sample[rng.choice(len(sample), size=nlist, replace=False)].copy()
    for _ in range(iters):
        assign = np.argmax(sample @ cent.T, axis=1)
        sums = _group_sums(sample, assign, nlist)
        empty = np.bincount(assign, minlength=nlist) == 0
        sums[empty] = cent[empty]
        cent = _normalise(sums)
    return cent


class VectorIndex:
    def __init__(self, model: str, vecs: NDArray[np.floating[Any]], meta: Meta, generation: int = 0,
                 layout: Layout | None = None) -> None:
        self.model = model
        self.generation = generation
        self.meta = meta
        self.n = int(vecs.shape[0])
        self.dim = int(vecs.shape[1]) if vecs.ndim == 2 and vecs.shape[0] else 384
        self.ivf = self.n > IVF_THRESHOLD
        self.exact_vectors: Callable[[NDArray[np.int64]], NDArray[np.float32] | None] | None = None  # rows → vectors
        self.changed_lists: NDArray[np.int64] = np.zeros(0, np.int64)   # centroids recomputed at this load
        self.new_rows: NDArray[np.int64] = np.zeros(0, np.int64)        # rows assigned at this load
        self.centroids: NDArray[np.float32] | None   # the IVF lists' (None: exact index)
        self.rebuilt = False
        if not self.ivf:
            self.mat = np.ascontiguousarray(vecs, dtype=np.float32)
            self.centroids = None
        else:
            self._build_ivf(vecs, layout)

    # -- IVF -------------------------------------------------------------------------------
    def _build_ivf(self, vecs: NDArray[np.floating[Any]], layout: Layout | None) -> None:
        n, dim = self.n, self.dim
        usable = (layout is not None and layout.centroids.shape[1:] == (dim,) and len(layout.lists) == n
                  and int((layout.lists >= 0).sum()) >= n // 2)
        if layout is not None and usable:
            cent = layout.centroids.astype(np.float32, copy=True)
            lists = layout.lists.astype(np.int32, copy=True)
            self.layout_id = layout.layout_id
            stale = np.flatnonzero(~np.isfinite(cent).all(axis=1))
            lists[(lists >= len(cent))] = -1
            if len(stale):
                # a member was deleted (forget): the centroid is rebuilt from the members left
                members = np.isin(lists, stale)
                cent[stale] = 0.0
                stale_sums = np.zeros((len(stale), dim), np.float32)
                pos = np.searchsorted(stale, lists[members])
                np.add.at(stale_sums, pos, _f32(vecs[members]))
                cent[stale] = _normalise(stale_sums)
            self.changed_lists = stale.astype(np.int64)
            new = np.flatnonzero(lists < 0)
            if len(new):
                lists[new] = _assign(vecs, cent, new)
            self.new_rows = new.astype(np.int64)
        else:
            cent = kmeans(vecs, n_lists(n))
            lists = _assign(vecs, cent)
            self.layout_id = int(np.random.default_rng().integers(1, 2**62))
            self.rebuilt = True
        order = np.argsort(lists, kind="stable")
        self.order = order                                   # position in list layout → original row
        counts = np.bincount(lists, minlength=len(cent))
        self.offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
        self.lists = lists
        # int8 codes in list order, one scale per vector; member sums for the centroids on the way
        self.codes = np.empty((n, dim), dtype=np.int8)
        self.inv_scale = np.empty(n, dtype=np.float32)
        sums = np.zeros((len(cent), dim), np.float32) if self.rebuilt else None
        for i in range(0, n, 32768):
            rows = order[i:i + 32768]
            x = _f32(vecs[rows])
            peak = np.abs(x).max(axis=1)
            peak[peak == 0] = 1.0
            self.codes[i:i + len(rows)] = np.rint(x * (127.0 / peak)[:, None])
            self.inv_scale[i:i + len(rows)] = peak / 127.0
            if sums is not None:
                lst = lists[rows]
                starts = np.flatnonzero(np.r_[True, lst[1:] != lst[:-1]])
                sums[lst[starts]] += np.add.reduceat(x, starts, axis=0)
        if sums is not None:
            # each centroid is the mean of exactly its members, so deleting one can null it (trigger)
            cent = _normalise(sums)
            self.changed_lists = np.arange(len(cent), dtype=np.int64)
        self.centroids = cent
        self._buf = np.empty((_BLOCK, dim), dtype=np.float32)

    def _scan(self, spans: list[tuple[int, int]], q: NDArray[np.float32]) -> NDArray[np.float32]:
        """Approximate cosine of every position in ``spans`` (contiguous runs of the list layout)."""
        total = sum(b - a for a, b in spans)
        out = np.empty(total, dtype=np.float32)
        buf, j = self._buf, 0
        for a, b in spans:
            for s in range(a, b, _BLOCK):
                e = min(b, s + _BLOCK)
                blk = buf[:e - s]
                np.copyto(blk, self.codes[s:e], casting="unsafe")
                np.dot(blk, q, out=out[j:j + e - s])
                j += e - s
        out *= np.concatenate([self.inv_scale[a:b] for a, b in spans]) if spans else 0
        return out

    def _scan_positions(self, pos: NDArray[np.int64], q: NDArray[np.float32]) -> NDArray[np.float32]:
        out = np.empty(len(pos), dtype=np.float32)
        for s in range(0, len(pos), _BLOCK):
            p = pos[s:s + _BLOCK]
            blk = self._buf[:len(p)]
            np.copyto(blk, self.codes[p], casting="unsafe")
            np.dot(blk, q, out=out[s:s + len(p)])
        return out * self.inv_scale[pos]

    def nprobe(self) -> int:
        assert self.centroids is not None, "only an IVF index has lists"
        nl = len(self.centroids)
        return min(nl, max(NPROBE_MIN, int(np.ceil(probe_fraction(self.n) * nl))))

    # -- search ----------------------------------------------------------------------------
    def search(self, q: NDArray[np.float32], k: int, mask: NDArray[np.bool_] | None = None,
               nprobe: int | None = None) -> tuple[NDArray[np.int64], NDArray[np.float32]]:
        """Top ``k`` rows (indexes into ``meta``) and cosine scores, best first."""
        if self.n == 0 or k <= 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        q = np.asarray(q, dtype=np.float32).reshape(-1)
        if not self.ivf:
            scores = self.mat @ q
            rows = np.arange(self.n)
            if mask is not None:
                rows = np.flatnonzero(mask)
                scores = scores[rows]
            return _top(rows, scores, k)
        if mask is not None and int(mask.sum()) <= IVF_THRESHOLD:
            rows = np.flatnonzero(mask)                     # few candidates: all of them, no probing
            pos = np.sort(self._pos_of(rows))
            scores = self._scan_positions(pos, q)
            rows = self.order[pos]
        else:
            nprobe = nprobe or self.nprobe()
            assert self.centroids is not None   # IVF: _build_ivf set them
            cs = self.centroids @ q
            near = np.argpartition(-cs, nprobe - 1)[:nprobe] if nprobe < len(cs) else np.arange(len(cs))
            spans = [(int(self.offsets[c]), int(self.offsets[c + 1])) for c in np.sort(near)]
            spans = [(a, b) for a, b in spans if b > a]
            scores = self._scan(spans, q)
            rows = self.order[np.concatenate([np.arange(a, b) for a, b in spans])] if spans else np.zeros(0, np.int64)
            if mask is not None:
                keep = mask[rows]
                rows, scores = rows[keep], scores[keep]
        rows, scores = _top(rows, scores, k)
        return self._rescore(rows, scores, q)

    def _rescore(self, rows: NDArray[np.int64], scores: NDArray[np.float32],
                 q: NDArray[np.float32]) -> tuple[NDArray[np.int64], NDArray[np.float32]]:
        m = min(len(rows), RESCORE)
        if self.exact_vectors is None or not m:
            return rows, scores
        exact = self.exact_vectors(rows[:m])
        if exact is None:
            return rows, scores
        scores = scores.copy()
        scores[:m] = exact @ q
        return _top(rows, scores, len(rows))

    def exact_search(self, q: NDArray[np.float32], k: int) -> NDArray[np.int64]:
        """Exact top ``k`` rows by the stored int8 codes over everything (for measuring ANN recall)."""
        q = np.asarray(q, dtype=np.float32).reshape(-1)
        scores = self._scan([(0, self.n)], q)
        rows, scores = _top(self.order, scores, max(k, RESCORE))
        return self._rescore(rows, scores, q)[0][:k]

    def _pos_of(self, rows: NDArray[np.int64]) -> NDArray[np.int64]:
        if not hasattr(self, "_inv"):
            self._inv = np.empty(self.n, dtype=np.int64)
            self._inv[self.order] = np.arange(self.n)
        return self._inv[rows]

    def nbytes(self) -> int:
        m = self.meta
        extra = sum(a.nbytes for a in (m.unit_ids, m.thread_id, m.ts_start, m.ts_end, m.platform, m.kind, m.is_window,
                                       m.author_id if m.author_id is not None else np.zeros(0)))
        if self.ivf:
            assert self.centroids is not None   # IVF: _build_ivf set them
            return int(self.codes.nbytes + self.inv_scale.nbytes + self.order.nbytes + self.lists.nbytes
                       + self.centroids.nbytes + getattr(self, "_inv", np.zeros(0)).nbytes + extra)
        return int(self.mat.nbytes + extra)


def _top(rows: NDArray[np.int64], scores: NDArray[np.float32], k: int) -> tuple[NDArray[np.int64], NDArray[np.float32]]:
    if len(scores) > k:
        top = np.argpartition(-scores, k)[:k]
    else:
        top = np.arange(len(scores))
    top = top[np.argsort(-scores[top], kind="stable")]
    return rows[top], scores[top]


def build_meta(rows: list[tuple[Any, ...]]) -> Meta:
    """``rows``: (unit_id, kind, thread_id, ts_start, ts_end, platform, record_kind[, author_id])."""
    lo, hi = np.iinfo(np.int64).min, np.iinfo(np.int64).max
    n = len(rows)
    if not n:
        e = np.zeros(0, np.int64)
        return Meta(e, np.zeros(0, bool), e, e, e, np.zeros(0, np.int16), np.zeros(0, np.int16), [], [])
    cols = list(zip(*rows))
    uid, kind, tid, a, b, plat, rkind = cols[:7]
    platforms = list(dict.fromkeys(plat))
    kinds = list(dict.fromkeys(rkind))
    pcode = {p: i for i, p in enumerate(platforms)}
    kcode = {k: i for i, k in enumerate(kinds)}
    return Meta(
        np.fromiter(uid, np.int64, n),
        np.fromiter((k == "window" for k in kind), bool, n),
        np.fromiter((-1 if t is None else t for t in tid), np.int64, n),
        np.fromiter((lo if x is None else x for x in a), np.int64, n),
        np.fromiter((hi if x is None else x for x in b), np.int64, n),
        np.fromiter((pcode[p] for p in plat), np.int16, n),
        np.fromiter((kcode[k] for k in rkind), np.int16, n),
        platforms, kinds,
        np.fromiter((-1 if x is None else x for x in cols[7]), np.int64, n) if len(cols) > 7 else None)


def _read_meta(vault: Vault, uids: NDArray[np.int64]) -> tuple[Meta, NDArray[np.bool_]]:
    """Meta of the units ``uids`` (sorted), and which of them were found.

    Two sequential scans joined in numpy: joining units to records in SQL looked each record up
    by id and re-decrypted its page on cache misses (17 s CPU at 1M units against ~3 s).
    """
    lo, hi = np.iinfo(np.int64).min, np.iinfo(np.int64).max
    cols = []
    cur = vault.execute("SELECT id, kind = 'window', coalesce(thread_id, -1), coalesce(ts_start, ?), coalesce(ts_end, ?),"
                        " record_id FROM retrieval_units ORDER BY id", (lo, hi))
    while batch := cur.fetchmany(50000):
        cols.append(np.array(batch, dtype=np.int64))
    u = np.concatenate(cols) if cols else np.zeros((0, 6), np.int64)
    platforms: dict[str, int] = {}
    kinds: dict[str, int] = {}
    cols = []
    cur = vault.execute("SELECT id, platform, kind, coalesce(author_id, -1) FROM records ORDER BY id")
    while batch := cur.fetchmany(50000):
        cols.append(np.array([(i, platforms.setdefault(p, len(platforms)), kinds.setdefault(k, len(kinds)), a)
                              for i, p, k, a in batch], dtype=np.int64))
    r = np.concatenate(cols) if cols else np.zeros((0, 4), np.int64)
    pos = np.minimum(np.searchsorted(u[:, 0], uids), max(len(u) - 1, 0))
    found = (u[pos, 0] == uids) if len(u) else np.zeros(len(uids), bool)
    urow = u[pos]
    rpos = np.minimum(np.searchsorted(r[:, 0], urow[:, 5]), max(len(r) - 1, 0))
    found &= (r[rpos, 0] == urow[:, 5]) if len(r) else False
    rrow = r[rpos]
    meta = Meta(uids.astype(np.int64), urow[:, 1].astype(bool), urow[:, 2], urow[:, 3], urow[:, 4],
                rrow[:, 1].astype(np.int16), rrow[:, 2].astype(np.int16), list(platforms), list(kinds), rrow[:, 3])
    return meta, found


def _subset(meta: Meta, keep: NDArray[np.bool_]) -> Meta:
    return Meta(meta.unit_ids[keep], meta.is_window[keep], meta.thread_id[keep], meta.ts_start[keep], meta.ts_end[keep],
                meta.platform[keep], meta.kind[keep], meta.platforms, meta.kinds,
                meta.author_id[keep] if meta.author_id is not None else None)


def load_index(vault: Vault, model: str) -> VectorIndex:
    """Read every vector of ``model`` from the vault into memory (with its stored IVF layout)."""
    from desktop_app.core.retrieval import ivf_store

    gen = units.generation(vault)
    stored = ivf_store.read_layout(vault, model)
    want = stored[0] if stored is not None else None
    cur = vault.execute("SELECT v.unit_id, v.vec, a.layout, a.list_no FROM retrieval_vectors v"
                        " LEFT JOIN retrieval_ivf_assign a ON a.unit_id = v.unit_id WHERE v.model = ? ORDER BY v.unit_id",
                        (model,))
    uid_l: list[int] = []
    blobs: list[bytes] = []
    lists: list[int] = []
    while batch := cur.fetchmany(20000):
        for u, vec, lay, lst in batch:
            uid_l.append(u)
            blobs.append(vec)
            lists.append(lst if lay == want and lst is not None else -1)
    dim = len(blobs[0]) // 2 if blobs else 384
    vecs = np.frombuffer(b"".join(blobs), dtype="<f2").reshape(len(blobs), dim) if blobs else np.zeros((0, dim), np.float16)
    del blobs
    meta, found = _read_meta(vault, np.asarray(uid_l, dtype=np.int64))
    lists_a = np.asarray(lists, dtype=np.int32)
    if not found.all():  # a unit deleted between the reads: leave it out
        meta, vecs, lists_a = _subset(meta, found), vecs[found], lists_a[found]
    n = len(vecs)
    # a layout built for a very different count has the wrong list sizes: build a new one
    fits = stored is not None and stored[2] // 4 <= n <= stored[2] * 4
    layout = Layout(stored[1], lists_a, stored[0]) if fits and stored is not None else None
    # float16 is kept only transiently: the exact path holds float32, the IVF path int8 codes
    idx = VectorIndex(model, vecs if n > IVF_THRESHOLD else vecs.astype(np.float32), meta, gen, layout)
    if idx.ivf:
        ivf_store.save_layout(vault, idx, gen)
        ref = weakref.ref(vault)
        idx.exact_vectors = lambda rows: ivf_store.fetch_vectors(ref(), meta.unit_ids[rows], dim)
    return idx


_cache: weakref.WeakKeyDictionary[Vault, VectorIndex] = weakref.WeakKeyDictionary()
_cache_lock = threading.Lock()


def index_for(vault: Vault, model: str) -> VectorIndex:
    """The cached index of this open vault, reloaded when units or vectors changed."""
    gen = units.generation(vault)
    with _cache_lock:
        idx = _cache.get(vault)
        if idx is not None and idx.model == model and idx.generation == gen:
            return idx
    idx = load_index(vault, model)
    with _cache_lock:
        _cache[vault] = idx
    return idx


def drop_cached(vault: Vault) -> None:
    with _cache_lock:
        _cache.pop(vault, None)


def vector_blob(v: NDArray[np.float32]) -> bytes:
    return np.asarray(v, dtype="<f2").tobytes()


def record_vectors(vault: Vault, model: str, ids: list[int]) -> dict[int, NDArray[np.float32]]:
    """Each record's own stored vector (records of four words or more have one), by record id: the
    one reading of ``retrieval_vectors`` by record that answers, profile and search feedback share."""
    out: dict[int, NDArray[np.float32]] = {}
    ids = sorted(set(ids))
    for i in range(0, len(ids), 900):       # SQLite's bound-parameter limit
        chunk = ids[i:i + 900]
        for rid, blob in vault.query(
                "SELECT u.record_id, v.vec FROM retrieval_units u JOIN retrieval_vectors v ON v.unit_id = u.id"
                f" WHERE u.kind = 'record' AND v.model = ? AND u.record_id IN ({','.join('?' * len(chunk))})",
                [model, *chunk]):
            out[rid] = np.frombuffer(blob, dtype="<f2").astype(np.float32)
    return out
