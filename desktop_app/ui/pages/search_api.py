"""Adapter from the Search page to ``core.retrieval.search`` (Qt-free)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any



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


def run(vault, q: Query, *, embedder: Any = None) -> Outcome:
    """Search on the DB pool (retrieval is imported here, never on the GUI thread)."""
    from desktop_app.core.retrieval.filters import Filters
    from desktop_app.core.retrieval.search import search

    filters = Filters(platforms=[q.platform] if q.platform else [], kinds=[q.kind] if q.kind else [],
                      person=q.person or None, date_from_ms=q.date_from_ms, date_to_ms=q.date_to_ms)
    res = search(vault, q.text, filters=filters, limit=q.limit, mode=q.mode, embedder=embedder)
    return Outcome([h.to_dict() for h in res.hits], res.notice or "", res.semantic_available)


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

