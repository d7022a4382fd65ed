"""The records a lookup answer may rest on: search hits opened into single records, with neighbours.

A search hit can be a window of several messages; an answer must cite the one record that says it,
so hits are opened into their records (keeping the hit's rank) and each record carries the lines
around it in its conversation, which often hold the question's words ("after the charity race"
two turns before "I'm starting to realize that self-care is really important").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Iterable

from desktop_app.core.assistant.words import sentences, stems
from desktop_app.core.privacy.scope import Scope, scope_where

if TYPE_CHECKING:
    from desktop_app.core.assistant.plan import PersonRef
    from desktop_app.core.store.vault import Vault

NEIGHBOURS = 2        # messages before and after a record in its conversation
# Kinds that are entries of a list (a friend, a like, an ad interest): the catalogue answers those
# exactly; as evidence for a lookup their one-name text would pass for an answer ("Maria González").
# Searches and visited links are what the user typed or opened, not what happened ("movers portland to
# seattle" is no evidence of a move on that day).
LIST_KINDS = ("friend", "follower", "following", "like", "reaction", "ad_interest", "ad_category", "advertiser",
              "topic", "search", "link")


@dataclass
class Rec:
    record_id: int
    platform: str
    kind: str
    ts_ms: int | None
    author: str
    author_id: int | None
    is_mine: bool
    text: str
    thread_id: int | None
    thread_title: str
    rank: int                                   # best rank of a search hit holding it (1 = top)
    lead: bool = False                          # the record the hit was led by
    context: list[str] = field(default_factory=list)   # neighbours' texts
    replies: list["Rec"] = field(default_factory=list)  # the messages right after it (answers to a question)
    earlier: list["Rec"] = field(default_factory=list)  # the messages right before it, oldest first
    participants: set[int] = field(default_factory=set)  # person ids in its conversation
    _stems: set[str] | None = None
    _ctx_stems: set[str] | None = None

    @property
    def stems(self) -> set[str]:
        if self._stems is None:
            self._stems = stems(self.text)
        return self._stems

    @property
    def context_stems(self) -> set[str]:
        if self._ctx_stems is None:
            self._ctx_stems = stems(" ".join(self.context))
        return self._ctx_stems

    def sentences(self) -> list[str]:
        return [self.text[a:b].strip() for a, b in sentences(self.text)] or [self.text.strip()]


_COLS = ("r.id, r.platform, r.kind, r.ts, r.author, r.author_id, coalesce(r.is_mine, 0), r.text, r.thread_id, "
         "coalesce(t.title, '')")


def open_hits(vault: Vault, hits: Iterable[Any], *, scope: Scope | None, max_records: int = 60) -> list[Rec]:
    """Every record behind the hits, best rank first, scope-checked in SQL, with neighbours."""
    order: dict[int, tuple[int, bool]] = {}
    for rank, h in enumerate(hits, 1):
        for rid in (getattr(h, "record_ids", None) or [h.record_id]):
            if rid not in order:
                order[rid] = (rank, rid == h.record_id)
        if len(order) >= max_records:
            break
    if not order:
        return []
    where, params = scope_where(scope, "r")
    ids = list(order)
    rows = vault.query(f"SELECT {_COLS} FROM records r LEFT JOIN threads t ON t.id = r.thread_id "
                       f"WHERE r.id IN ({','.join('?' * len(ids))}) AND {where} "
                       f"AND r.kind NOT IN ({','.join('?' * len(LIST_KINDS))})", [*ids, *params, *LIST_KINDS])
    out = [Rec(rid, p, k, ts, a or "", aid, bool(mine), text or "", tid, title, order[rid][0], order[rid][1])
           for rid, p, k, ts, a, aid, mine, text, tid, title in rows if (text or "").strip()]
    out.sort(key=lambda r: (r.rank, not r.lead, r.ts_ms or 0))
    _add_context(vault, out, scope)
    _add_participants(vault, out)
    return out


def records_with_any(vault: Vault, words: list[str], scope: Scope | None, limit: int,
                     person: PersonRef | None = None, *, text_only: bool = False, by_time: bool = False) -> list[int]:
    """Ids of the records holding any of ``words`` (a word in any form, a phrase as written), only
    ``person``'s own when given; best BM25 first, or oldest first with ``by_time``. ``text_only``
    leaves the author column out (a country's name is no author's)."""
    if not words:
        return []
    q = " OR ".join('"' + w.replace('"', "") + '"' + ("" if " " in w else "*") for w in words)
    if text_only:
        q = f"text : ({q})"
    where, params = scope_where(scope, "r")
    if person is not None:
        if person.is_me:
            where += " AND r.is_mine = 1"
        elif person.ids:
            where += f" AND r.author_id IN ({','.join('?' * len(person.ids))})"
            params = [*params, *person.ids]
        else:
            return []        # someone the vault does not know wrote nothing in it
    order = "r.ts" if by_time else "bm25(records_fts)"
    rows = vault.query("SELECT r.id FROM records_fts JOIN records r ON r.id = records_fts.rowid "
                       f"WHERE records_fts MATCH ? AND {where} ORDER BY {order} LIMIT ?", [q, *params, int(limit)])
    return [rid for (rid,) in rows]


def _add_participants(vault: Vault, recs: list[Rec]) -> None:
    tids = sorted({r.thread_id for r in recs if r.thread_id is not None})
    if not tids:
        return
    parts: dict[int, set[int]] = {}
    for tid, pid in vault.query(f"SELECT thread_id, person_id FROM thread_participants WHERE thread_id IN "
                                f"({','.join('?' * len(tids))})", tids):
        parts.setdefault(tid, set()).add(pid)
    for r in recs:
        r.participants = parts.get(r.thread_id, set()) if r.thread_id is not None else set()
        for x in r.replies:
            x.participants = r.participants


def _add_context(vault: Vault, recs: list[Rec], scope: Scope | None) -> None:
    where, params = scope_where(scope, "r")
    for r in recs:
        if r.thread_id is None or r.ts_ms is None:
            continue
        before = vault.query(f"SELECT {_COLS} FROM records r LEFT JOIN threads t ON t.id = r.thread_id "
                             f"WHERE r.thread_id = ? AND r.ts < ? AND {where} "
                             f"ORDER BY r.ts DESC LIMIT {NEIGHBOURS}", [r.thread_id, r.ts_ms, *params])
        after = vault.query(f"SELECT {_COLS} FROM records r LEFT JOIN threads t ON t.id = r.thread_id "
                            f"WHERE r.thread_id = ? AND r.ts > ? AND {where} ORDER BY r.ts LIMIT {NEIGHBOURS}",
                            [r.thread_id, r.ts_ms, *params])
        r.replies = [Rec(rid, p, k, ts, a or "", aid, bool(mine), text or "", tid, title, r.rank)
                     for rid, p, k, ts, a, aid, mine, text, tid, title in after]
        r.earlier = [Rec(rid, p, k, ts, a or "", aid, bool(mine), text or "", tid, title, r.rank)
                     for rid, p, k, ts, a, aid, mine, text, tid, title in reversed(before)]
        r.context = [x.text for x in r.earlier] + [x.text for x in r.replies]
