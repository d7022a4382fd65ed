"""Adapter from the Search page to ``core.retrieval.search`` with an FTS5 keyword fallback (Qt-free)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from desktop_app.core.privacy.scope import load_scope, scope_where
from desktop_app.ui import optional

SEARCH = "desktop_app.core.retrieval.search"


@dataclass
class Query:
    text: str = ""
    platform: str = ""
    kind: str = ""
    person: str = ""
    date_from_ms: int | None = None
    date_to_ms: int | None = None
    mode: str = "hybrid"
    limit: int = 100


@dataclass
class Outcome:
    hits: list[dict[str, Any]] = field(default_factory=list)
    notice: str = ""
    semantic_available: bool = False


def hit_dict(h: Any) -> dict[str, Any]:
    if isinstance(h, dict):
        return h
    to = getattr(h, "to_dict", None)
    if callable(to):
        return to()
    keys = ("record_id", "score", "platform", "kind", "ts_ms", "author", "thread_id", "thread_title", "snippet", "text",
            "record_ids", "unit")
    return {k: getattr(h, k, None) for k in keys}


def run(vault, q: Query, *, embedder: Any = None) -> Outcome:
    mod = optional.load(SEARCH)
    if mod is not None:
        filters = None
        Filters = getattr(mod, "Filters", None)
        if Filters is not None:
            filters = Filters(platforms=[q.platform] if q.platform else [], kinds=[q.kind] if q.kind else [],
                              person=q.person or None, date_from_ms=q.date_from_ms, date_to_ms=q.date_to_ms) \
                if _accepts(Filters) else None
        res = mod.search(vault, q.text, filters=filters, limit=q.limit, mode=q.mode, embedder=embedder)
        return Outcome([hit_dict(h) for h in res.hits], getattr(res, "notice", "") or "",
                       bool(getattr(res, "semantic_available", False)))
    return _fts_fallback(vault, q)


def _accepts(cls: Any) -> bool:
    try:
        cls(platforms=[], kinds=[], person=None, date_from_ms=None, date_to_ms=None)
        return True
    except TypeError:
        return False


_WORD = re.compile(r"\w+", re.UNICODE)


def filter_conditions(q: Query) -> tuple[list[str], list[Any]]:
    """SQL conditions on ``records r`` for the page's platform/kind/person/date filters."""
    conds: list[str] = []
    params: list[Any] = []
    if q.platform:
        conds.append("r.platform = ?")
        params.append(q.platform)
    if q.kind:
        conds.append("r.kind = ?")
        params.append(q.kind)
    if q.person:
        conds.append("r.author LIKE ?")
        params.append(f"%{q.person}%")
    if q.date_from_ms is not None:
        conds.append("r.ts >= ?")
        params.append(q.date_from_ms)
    if q.date_to_ms is not None:
        conds.append("r.ts < ?")
        params.append(q.date_to_ms)
    return conds, params


def _fts_fallback(vault, q: Query) -> Outcome:
    words = _WORD.findall(q.text)
    if not words:
        return Outcome(notice="Type a word to search for.")
    match = " ".join(f'"{w}"*' for w in words)
    where, params = scope_where(load_scope(vault), "r")
    conds, extra = filter_conditions(q)
    conds.insert(0, where)
    rows = vault.query(
        "SELECT r.id, r.platform, r.kind, r.ts, r.author, r.thread_id, t.title, "
        "snippet(records_fts, 0, '«', '»', '…', 16), bm25(records_fts) FROM records_fts "
        "JOIN records r ON r.id = records_fts.rowid LEFT JOIN threads t ON t.id = r.thread_id "
        f"WHERE records_fts MATCH ? AND {' AND '.join(conds)} ORDER BY bm25(records_fts) LIMIT ?",
        [match, *params, *extra, q.limit])
    hits = [{"record_id": rid, "platform": pl, "kind": k, "ts_ms": ts, "author": a, "thread_id": tid,
             "thread_title": tt, "snippet": sn, "score": -s, "unit": "record"} for rid, pl, k, ts, a, tid, tt, sn, s in rows]
    return Outcome(hits, "Keyword search (meaning-based search is not available in this build yet).", False)
