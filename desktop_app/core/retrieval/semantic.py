"""The semantic side of search: query embedding, in-memory scan, exact SQL check of candidates."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from desktop_app.core.privacy.scope import Scope
from desktop_app.core.retrieval import centering
from desktop_app.core.retrieval.allowed import allowed_records
from desktop_app.core.retrieval.filters import Filters, resolve_person
from desktop_app.core.retrieval.vectors import VectorIndex, index_for

if TYPE_CHECKING:
    from desktop_app.core.retrieval.embedder import Embedder
    from desktop_app.core.store.vault import Vault

log = logging.getLogger(__name__)

# Scores are cosines against the adjusted query (centering.py), where an unrelated query's best
# units score about 0.0-0.06 on the persona archive and 95 % of answers' best unit 0.12 or more.
MIN_SCORE = 0.08   # below this a unit is unrelated: better no semantic hit than a random one


def _embedder_for(model: str, embedder: Embedder | None) -> Embedder | None:
    if embedder is not None:
        return embedder
    from desktop_app.core.retrieval import embedder as emb

    if model == emb.HashEmbedder.name:
        return emb.HashEmbedder()
    if model == emb.SentenceEmbedder.name and emb.embedder_available():
        return emb.get_embedder()
    return None


def _mask(vault: Vault, idx: VectorIndex, f: Filters) -> NDArray[np.bool_] | None:
    """Cheap in-memory pre-filter (the SQL check afterwards is the authority)."""
    m = idx.meta
    mask: NDArray[np.bool_] | None = None

    def _and(cond: NDArray[np.bool_]) -> None:
        nonlocal mask
        mask = cond if mask is None else (mask & cond)

    if f.platforms:
        codes = [i for i, p in enumerate(m.platforms) if p in {x.lower() for x in f.platforms}]
        _and(np.isin(m.platform, codes))
    if f.kinds:
        codes = [i for i, k in enumerate(m.kinds) if k in {x.lower() for x in f.kinds}]
        _and(np.isin(m.kind, codes))
    if f.thread_id is not None:
        _and(m.thread_id == int(f.thread_id))
    if f.date_from_ms is not None or f.date_to_ms is not None:
        inside = np.ones(len(m.unit_ids), dtype=bool)
        if f.date_from_ms is not None:
            inside &= m.ts_end >= int(f.date_from_ms)
        if f.date_to_ms is not None:
            inside &= m.ts_start < int(f.date_to_ms)
        if f.date_refs:   # units holding a record that talks about that time
            from desktop_app.core.retrieval import timerefs

            rids = timerefs.records_in_range(vault, f.date_from_ms, f.date_to_ms)
            if rids:
                q = ",".join("?" * len(rids))
                units = [u for (u,) in vault.query(
                    f"SELECT DISTINCT unit_id FROM retrieval_unit_records WHERE record_id IN ({q})", rids)]
                inside |= np.isin(m.unit_ids, units)
        _and(inside)
    if f.authors and m.author_id is not None:
        _and(np.isin(m.author_id, [int(x) for x in f.authors]))
    if f.person is not None:
        fam = resolve_person(vault, f.person)
        q = ",".join("?" * len(fam))
        threads = [t for (t,) in vault.query(f"SELECT thread_id FROM thread_participants WHERE person_id IN ({q})", fam)]
        if m.author_id is not None:
            # their units and the threads they wrote in, from memory: the same lookup in SQL read
            # every record of theirs (90 ms for 5000 records at 1M)
            theirs = np.isin(m.author_id, fam)
            their_threads = np.union1d(threads, m.thread_id[theirs & (m.thread_id >= 0)])
            _and(np.isin(m.thread_id, their_threads) | theirs)
        else:
            threads += [t for (t,) in vault.query(
                f"SELECT DISTINCT thread_id FROM records WHERE author_id IN ({q}) AND thread_id IS NOT NULL", fam)]
            units = [u for (u,) in vault.query(
                f"SELECT u.id FROM retrieval_units u JOIN records r ON r.id = u.record_id WHERE r.author_id IN ({q})"
                " AND u.thread_id IS NULL", fam)]
            _and(np.isin(m.thread_id, threads) | np.isin(m.unit_ids, units))
    return mask


def semantic_search(vault: Vault, text: str, f: Filters, scope: Scope, cand: int, embedder: Embedder | None = None,
                    qvec: dict[str, NDArray[np.float32]] | None = None, center: float | None = None,
                    ) -> tuple[list[tuple[int, str, list[int], float]], bool, str, float | None]:
    """Ranked (unit_id, kind, allowed record ids, score), whether semantic ran, a notice, coverage.

    ``qvec`` is a dict the caller passes again to reuse the query embedding; ``center`` the share of
    the archive's mean taken out of the query (None: centering.CENTER_WEIGHT; 0: the plain query).
    """
    from desktop_app.core.errors import KnownError
    from desktop_app.core.retrieval import indexer

    model = embedder.name if embedder is not None else indexer.current_model(vault)
    idx = index_for(vault, model)
    state = indexer.state(vault)
    total = max(int(state.get("units", 0)), idx.n)
    coverage = (idx.n / total) if total else None
    if idx.n == 0:
        waiting = indexer.pending_count(vault, model)
        msg = ("Semantic search is not ready yet: nothing is embedded (run 'hearth embed'); keyword results only."
               if waiting else "")
        return [], False, msg, 0.0 if waiting else None
    try:
        emb = _embedder_for(model, embedder)
    except KnownError as exc:
        return [], False, f"Semantic search is unavailable ({exc.user_message}); keyword results only.", coverage
    if emb is None:
        return [], False, "Semantic search is unavailable (the embedding model is not installed); keyword results only.", coverage
    notice = ""
    if indexer.looks_pending(vault, state):
        notice = ("Semantic search is still being prepared (embedding runs in the background); "
                  "keyword results are complete.")
    if not text.strip():
        return [], True, notice, coverage
    if qvec is not None and "q" in qvec:
        q = qvec["q"]
    else:
        enc = getattr(emb, "encode_query", None)
        q = enc(text) if enc is not None else emb.encode([text])[0]
        if qvec is not None:
            qvec["q"] = q
    # Rank against the query with the archive's chit-chat directions taken out (centering.py).
    q = centering.adjust(q, centering.stats_for(vault, model), center)
    mask = _mask(vault, idx, f)
    rows, scores = idx.search(q, cand * 2, mask)
    uids = [int(idx.meta.unit_ids[r]) for r in rows]
    if not uids:
        return [], True, notice, coverage
    members: dict[int, list[int]] = {}
    kinds: dict[int, str] = {}
    for i in range(0, len(uids), 500):
        chunk = uids[i:i + 500]
        qs = ",".join("?" * len(chunk))
        for uid, kind, rid in vault.query(
                "SELECT u.id, u.kind, ur.record_id FROM retrieval_units u JOIN retrieval_unit_records ur"
                f" ON ur.unit_id = u.id WHERE u.id IN ({qs}) ORDER BY u.id, ur.pos", chunk):
            members.setdefault(uid, []).append(rid)
            kinds[uid] = kind
    allowed = allowed_records(vault, [r for rs in members.values() for r in rs], f, scope)
    out: list[tuple[int, str, list[int], float]] = []
    for uid, s in zip(uids, scores):
        if s < MIN_SCORE:
            break  # unrelated: better no semantic hit than a random one above exact keyword matches
        rids = [r for r in members.get(uid, []) if r in allowed]
        if rids:
            out.append((uid, kinds[uid], rids, float(s)))
        if len(out) >= cand:
            break
    return out, True, notice, coverage


def describe_index(vault: Vault, model: str) -> dict[str, Any]:
    idx = index_for(vault, model)
    return {"model": model, "vectors": idx.n, "bytes": idx.nbytes(), "ivf": idx.ivf}
