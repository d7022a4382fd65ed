"""Keyword search over ``records_fts``: safe query parsing, BM25, prefixes, phrases, snippets.

User input never reaches FTS5 syntax raw: every token is quoted, so a stray quote, colon,
``NEAR`` or ``-`` is just text. ``word*`` is a prefix query, ``"two words"`` a phrase.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from desktop_app.core.privacy.scope import Scope, scope_where
from desktop_app.core.retrieval.filters import Filters, filters_where

HL_OPEN, HL_CLOSE = "«", "»"

STOPWORDS = frozenset("""
a an the and or but if of at by for with about against between into through during before after above below to
from up down in out on off over under again further then once here there when where why how all any both each
few more most other some such no nor not only own same so than too very s t can will just don should now i me my
myself we our ours ourselves you your yours yourself yourselves he him his himself she her hers herself it its
itself they them their theirs themselves what which who whom this that these those am is are was were be been
being have has had having do does did doing would could ever tell said say says told ask asked anything something
did was ve ll d re m o y let lets us also get got
""".split())

_TOKEN = re.compile(r'"([^"]*)"?|([\w][\w\'’]*)(\*)?', re.U)


@dataclass
class ParsedQuery:
    phrases: list[str] = field(default_factory=list)
    terms: list[tuple[str, bool]] = field(default_factory=list)   # (token, is_prefix)

    @property
    def empty(self) -> bool:
        return not (self.phrases or self.terms)

    def words(self) -> list[str]:
        """Every word, for highlighting outside FTS."""
        out = [t for t, _ in self.terms]
        for p in self.phrases:
            out.extend(re.findall(r"\w+", p))
        return out


def parse(query: str) -> ParsedQuery:
    pq = ParsedQuery()
    for m in _TOKEN.finditer(query or ""):
        if m.group(1) is not None:
            words = re.findall(r"\w+", m.group(1))
            if len(words) > 1:
                pq.phrases.append(" ".join(words))
            elif words:
                pq.terms.append((words[0], False))
        elif m.group(2):
            for part in re.findall(r"\w+", m.group(2)):  # "don't" → don, t (as the tokenizer sees it)
                pq.terms.append((part, bool(m.group(3))))
    return pq


def _q(s: str) -> str:
    return '"' + s.replace('"', '""') + '"'


def _stem(tok: str) -> str:
    """A crude stem so a fallback prefix query finds other forms (planned → plan*, allergic → aller*)."""
    t = tok.lower()
    for suf in ("ingly", "ings", "ing", "edly", "ies", "ied", "ed", "es", "s", "ly"):
        if t.endswith(suf) and len(t) - len(suf) >= 4:
            t = t[: -len(suf)]
            break
    return t[:5] if len(t) >= 7 else t


COMMON_FRACTION = 0.2   # a word in more records than this adds little to an OR query but costs a scan of them


def _doc_freq(vault, term: str, prefix: bool) -> int:
    """Records holding ``term`` (or a word starting with it), from the FTS index itself."""
    vault.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.retrieval_vocab USING fts5vocab(main, records_fts, row)")
    t = term.lower()
    if prefix:
        return int(vault.scalar("SELECT coalesce(sum(doc), 0) FROM temp.retrieval_vocab WHERE term >= ? AND term < ?",
                                (t, t + "\U0010ffff")) or 0)
    return int(vault.scalar("SELECT doc FROM temp.retrieval_vocab WHERE term = ?", (t,)) or 0)


def fts_queries(pq: ParsedQuery, vault=None) -> list[str]:
    """MATCH expressions to try in order: all words, then any content word (stemmed prefixes).

    With ``vault``, the any-word query leaves out words found in most records (when other
    words remain), which keeps it fast on a million records without changing what ranks first.
    """
    parts = [_q(p) for p in pq.phrases]
    content = [(t, pre) for t, pre in pq.terms if pre or t.lower() not in STOPWORDS]
    if not content and not parts:
        content = pq.terms  # a query of stopwords only still searches them
    strict = parts + [_q(t) + ("*" if pre else "") for t, pre in content]
    out = []
    if strict:
        out.append(" AND ".join(strict))
    loose_terms = [(_stem(t), True) if (pre or len(_stem(t)) >= 4) else (t, False) for t, pre in content]
    if vault is not None and len(loose_terms) + len(parts) > 1:
        n = int(vault.scalar("SELECT coalesce(max(id), 0) FROM records") or 0)
        rare = [(t, pre) for t, pre in loose_terms if _doc_freq(vault, t, pre) <= COMMON_FRACTION * n]
        if rare or parts:
            loose_terms = rare
    loose = parts + [_q(t) + ("*" if pre else "") for t, pre in loose_terms]
    if len(loose) > 1 or loose != strict:
        out.append(" OR ".join(dict.fromkeys(loose)))
    return list(dict.fromkeys(out))


def keyword_search(vault, query: str | ParsedQuery, *, filters: Filters | None = None, scope: Scope | None = None,
                   limit: int = 50, snippets: bool = False) -> list[dict[str, Any]]:
    """Ranked record hits: dicts with record_id, score (higher is better), and FTS snippet if asked."""
    pq = query if isinstance(query, ParsedQuery) else parse(query)
    if pq.empty:
        return []
    fsql, fparams, possible = filters_where(vault, filters, "r")
    if not possible:
        return []
    ssql, sparams = scope_where(scope, "r")
    hits: list[dict[str, Any]] = []
    seen: set[int] = set()
    exprs = fts_queries(pq, vault)
    for expr in exprs:
        if len(hits) >= limit:
            break
        # Rank first, snippet after: in one query SQLite would build a snippet for every match.
        if fsql == "1" and ssql == "1":  # nothing to check per row: rank inside FTS5 alone
            ranked = vault.query("SELECT rowid, bm25(records_fts, 1.0, 0.5) AS s FROM records_fts"
                                 " WHERE records_fts MATCH ? ORDER BY s LIMIT ?", [expr, limit])
        else:
            ranked = vault.query(
                "SELECT r.id, bm25(records_fts, 1.0, 0.5) AS s FROM records_fts JOIN records r ON r.id = records_fts.rowid"
                f" WHERE records_fts MATCH ? AND {fsql} AND {ssql} ORDER BY s LIMIT ?",
                [expr, *fparams, *sparams, limit])
        for rid, s in ranked:
            if rid in seen:
                continue
            seen.add(rid)
            hits.append({"record_id": rid, "score": -float(s)})
            if len(hits) >= limit:
                break
    if snippets and hits:
        # Only for the hits kept: FTS5 snippet() is the slow part of a query.
        q = ",".join("?" * len(hits))
        snips = dict(vault.query(
            f"SELECT rowid, snippet(records_fts, 0, '{HL_OPEN}', '{HL_CLOSE}', '…', 24) FROM records_fts"
            f" WHERE records_fts MATCH ? AND rowid IN ({q})", [exprs[-1], *[h["record_id"] for h in hits]]))
        for h in hits:
            h["snippet"] = snips.get(h["record_id"], "")
    return hits
