"""The in-memory vector index: vectors loaded from the vault after unlock, searched with numpy.

Vectors are stored as float16 in the vault and held as float32 in memory. Up to
``IVF_THRESHOLD`` they are scanned exactly (a matrix-vector product). Above it they are grouped
by k-means list (an IVF index built at load time) and only the lists nearest the query are
scanned, so a query reads about an eighth of the vectors. Nothing is written outside the vault; the index lives only in this process.
"""

from __future__ import annotations

import threading
import weakref
from dataclasses import dataclass

import numpy as np

from desktop_app.core.retrieval import index as units

IVF_THRESHOLD = 50_000   # above this many vectors a query scans only the nearest lists
NPROBE_MIN = 16
PROBE_FRACTION = 0.12    # ... at least this share of the vectors (recall over speed for mid-size archives)


@dataclass
class Meta:
    """Per-unit columns used to pre-filter before the exact SQL check."""

    unit_ids: np.ndarray      # int64
    is_window: np.ndarray     # bool
    thread_id: np.ndarray     # int64, -1 when none
    ts_start: np.ndarray      # int64, INT64_MIN when unknown
    ts_end: np.ndarray        # int64, INT64_MAX when unknown
    platform: np.ndarray      # int16 code into platforms
    kind: np.ndarray          # int16 code into kinds
    platforms: list[str]
    kinds: list[str]


class VectorIndex:
    def __init__(self, model: str, vecs: np.ndarray, meta: Meta, generation: int = 0) -> None:
        self.model = model
        self.generation = generation
        self.meta = meta
        self.n = int(vecs.shape[0])
        self.dim = int(vecs.shape[1]) if vecs.ndim == 2 and vecs.shape[0] else 384
        self.ivf = self.n > IVF_THRESHOLD
        if not self.ivf:
            self.mat = np.ascontiguousarray(vecs, dtype=np.float32)
            self.centroids = None
        else:
            self._build_ivf(vecs)

    # -- IVF -------------------------------------------------------------------------------
    def _build_ivf(self, vecs: np.ndarray) -> None:
        rng = np.random.default_rng(0)
        nlist = int(min(1024, max(64, np.sqrt(self.n) / 2)))
        sample = vecs[rng.choice(self.n, size=min(self.n, nlist * 40), replace=False)].astype(np.float32)
        cent = sample[rng.choice(len(sample), size=nlist, replace=False)].copy()
        for _ in range(8):  # spherical k-means on the sample
            assign = np.argmax(sample @ cent.T, axis=1)
            for c in range(nlist):
                sel = sample[assign == c]
                if len(sel):
                    v = sel.sum(0)
                    cent[c] = v / (np.linalg.norm(v) or 1.0)
        lists = np.empty(self.n, dtype=np.int32)
        for i in range(0, self.n, 65536):
            lists[i:i + 65536] = np.argmax(vecs[i:i + 65536].astype(np.float32) @ cent.T, axis=1)
        order = np.argsort(lists, kind="stable")
        self.order = order                                   # position in list layout → original row
        # float32 even though the vault stores float16: numpy converts float16 at ~0.3 G values/s,
        # which cost more per query than the whole scan; lists are contiguous so a query reads slices.
        self.mat = np.ascontiguousarray(vecs[order], dtype=np.float32)
        counts = np.bincount(lists, minlength=nlist)
        self.offsets = np.concatenate([[0], np.cumsum(counts)])
        self.centroids = cent

    # -- search ----------------------------------------------------------------------------
    def search(self, q: np.ndarray, k: int, mask: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
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
        elif mask is not None and int(mask.sum()) <= 50_000:
            rows = np.flatnonzero(mask)                     # few candidates: exact over them
            pos = self._pos_of(rows)
            scores = self.mat[pos] @ q
        else:
            nprobe = max(NPROBE_MIN, int(np.ceil(PROBE_FRACTION * len(self.centroids))))
            near = np.argsort(-(self.centroids @ q))[:nprobe]
            spans = [(int(self.offsets[c]), int(self.offsets[c + 1])) for c in near]
            scores = np.concatenate([self.mat[a:b] @ q for a, b in spans])
            rows = self.order[np.concatenate([np.arange(a, b) for a, b in spans])]
            if mask is not None:
                keep = mask[rows]
                rows, scores = rows[keep], scores[keep]
        if len(scores) > k:
            top = np.argpartition(-scores, k)[:k]
        else:
            top = np.arange(len(scores))
        top = top[np.argsort(-scores[top])]
        return rows[top], scores[top]

    def _pos_of(self, rows: np.ndarray) -> np.ndarray:
        if not hasattr(self, "_inv"):
            self._inv = np.empty(self.n, dtype=np.int64)
            self._inv[self.order] = np.arange(self.n)
        return self._inv[rows]

    def nbytes(self) -> int:
        extra = sum(a.nbytes for a in (self.meta.unit_ids, self.meta.thread_id, self.meta.ts_start, self.meta.ts_end,
                                       self.meta.platform, self.meta.kind, self.meta.is_window))
        if self.ivf:
            extra += self.order.nbytes + self.centroids.nbytes
        return int(self.mat.nbytes + extra)


def build_meta(rows: list[tuple]) -> Meta:
    """``rows``: (unit_id, kind, thread_id, ts_start, ts_end, platform, record_kind)."""
    platforms: dict[str, int] = {}
    kinds: dict[str, int] = {}
    lo, hi = np.iinfo(np.int64).min, np.iinfo(np.int64).max
    n = len(rows)
    m = Meta(np.empty(n, np.int64), np.empty(n, bool), np.empty(n, np.int64), np.empty(n, np.int64),
             np.empty(n, np.int64), np.empty(n, np.int16), np.empty(n, np.int16), [], [])
    for i, (uid, kind, tid, a, b, plat, rkind) in enumerate(rows):
        m.unit_ids[i] = uid
        m.is_window[i] = kind == "window"
        m.thread_id[i] = -1 if tid is None else tid
        m.ts_start[i] = lo if a is None else a
        m.ts_end[i] = hi if b is None else b
        m.platform[i] = platforms.setdefault(plat, len(platforms))
        m.kind[i] = kinds.setdefault(rkind, len(kinds))
    m.platforms = list(platforms)
    m.kinds = list(kinds)
    return m


def load_index(vault, model: str) -> VectorIndex:
    """Read every vector of ``model`` from the vault into memory."""
    gen = units.generation(vault)
    cur = vault.execute(
        "SELECT v.unit_id, u.kind, u.thread_id, u.ts_start, u.ts_end, r.platform, r.kind, v.vec"
        " FROM retrieval_vectors v JOIN retrieval_units u ON u.id = v.unit_id JOIN records r ON r.id = u.record_id"
        " WHERE v.model = ? ORDER BY v.unit_id", (model,))
    metas: list[tuple] = []
    blobs: list[bytes] = []
    while True:
        batch = cur.fetchmany(10000)
        if not batch:
            break
        for row in batch:
            metas.append(row[:7])
            blobs.append(row[7])
    dim = len(blobs[0]) // 2 if blobs else 384
    vecs = np.frombuffer(b"".join(blobs), dtype="<f2").reshape(len(blobs), dim) if blobs else np.zeros((0, dim), np.float16)
    del blobs
    return VectorIndex(model, vecs.astype(np.float32), build_meta(metas), gen)


_cache: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
_cache_lock = threading.Lock()


def index_for(vault, model: str) -> VectorIndex:
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


def drop_cached(vault) -> None:
    with _cache_lock:
        _cache.pop(vault, None)


def vector_blob(v: np.ndarray) -> bytes:
    return np.asarray(v, dtype="<f2").tobytes()
