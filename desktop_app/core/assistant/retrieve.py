"""Citations (numbered records shown with an answer) and a plain FTS query over the records.

Always filtered by the scope in SQL. Returns ``Citation`` values numbered from 1 in rank order.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from desktop_app.core.privacy.scope import Scope, scope_where

if TYPE_CHECKING:
    from desktop_app.core.store.vault import Vault


_STOP = frozenset("""a an the and or but if of at by for with about to from in on off over under again then once here there
when where why how all any both each few more most other some such no nor not only own same so than too very can will
just should now i me my myself we our you your he him his she her it its they them their what which who whom this that
these those am is are was were be been being have has had do does did would could tell said say told ask asked
anything something ever know remember""".split())


@dataclass
class Citation:
    n: int
    record_id: int
    platform: str = ""
    kind: str = ""
    ts_ms: int | None = None
    author: str = ""
    snippet: str = ""
    text: str = ""                                  # what the model sees (not stored)
    thread_id: int | None = None
    thread_title: str = ""
    record_ids: list[int] = field(default_factory=list)   # every record of a window hit
    cited: bool = False
    attributed: bool = False        # cited by Hearth's word match because the model gave no [n]
    related: bool = False           # listed beside a "not in your data" reply: near the question, not an answer

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d.pop("text")
        return d


def one_line(text: str, limit: int = 200) -> str:
    """The text on one line, cut to ``limit`` characters."""
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def fts_query(question: str) -> str | None:
    words = [w for w in re.findall(r"\w+", question.lower()) if w not in _STOP and len(w) > 1]
    if not words:
        return None
    return " OR ".join('"' + w.replace('"', "") + '"' + ("*" if len(w) > 3 else "") for w in dict.fromkeys(words))


def fts_fallback(vault: Vault, question: str, *, scope: Scope | None, limit: int = 8) -> list[Citation]:
    q = fts_query(question)
    if q is None:
        return []
    where, params = scope_where(scope, "r")
    rows = vault.query(
        "SELECT r.id, r.platform, r.kind, r.ts, r.author, r.text, r.thread_id, coalesce(t.title, '') "
        "FROM records_fts JOIN records r ON r.id = records_fts.rowid LEFT JOIN threads t ON t.id = r.thread_id "
        f"WHERE records_fts MATCH ? AND {where} ORDER BY bm25(records_fts) LIMIT ?", [q, *params, int(limit)])
    return [Citation(n=i, record_id=rid, platform=p, kind=k, ts_ms=ts, author=a, snippet=one_line(text), text=text,
                     thread_id=tid, thread_title=title, record_ids=[rid])
            for i, (rid, p, k, ts, a, text, tid, title) in enumerate(rows, 1)]


def record_citations(vault: Vault, record_ids: list[int], *, scope: Scope | None) -> list[Citation]:
    """Citations for given record ids (analytic answers), in the given order, scope-checked."""
    if not record_ids:
        return []
    where, params = scope_where(scope, "r")
    q = ",".join("?" * len(record_ids))
    rows = {r[0]: r for r in vault.query(
        "SELECT r.id, r.platform, r.kind, r.ts, r.author, r.text, r.thread_id, coalesce(t.title, '') "
        f"FROM records r LEFT JOIN threads t ON t.id = r.thread_id WHERE r.id IN ({q}) AND {where}",
        [*record_ids, *params])}
    out: list[Citation] = []
    for rid in record_ids:
        if rid in rows:
            _, p, k, ts, a, text, tid, title = rows[rid]
            out.append(Citation(n=len(out) + 1, record_id=rid, platform=p, kind=k, ts_ms=ts, author=a,
                                snippet=one_line(text), text=text, thread_id=tid, thread_title=title,
                                record_ids=[rid]))
    return out


