"""Keyword search over ``records_fts``: safe query parsing, BM25, prefixes, phrases, snippets.

User input never reaches FTS5 syntax raw: every token is quoted, so a stray quote, colon,
``NEAR`` or ``-`` is just text. ``word*`` is a prefix query, ``"two words"`` a phrase.
"""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Callable

from desktop_app.core.privacy.scope import Scope, finished_where, scope_where
from desktop_app.core.retrieval.filters import Filters, filters_where

if TYPE_CHECKING:
    from desktop_app.core.store.vault import Vault

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


UNINFORMATIVE_FRACTION = 0.5  # at or above it, BM25's IDF is clamped to ~0 (see fts_queries)
COMMON_FRACTION = 0.2   # a word in more records than this adds little to an OR query but costs a scan of them


LOOSE_DF_BUDGET = 3000  # the any-word query keeps its rarest words up to about this many matching records:
                        # BM25 scores every match (~1.5 µs each at 1M records, 5 µs with a filter join);
                        # 8000 cost 10-15 ms of a hybrid query's p95 at 1M, for the weak list (weight 0.1)

# term → records holding it, per open vault, in memory only (never written): fts5vocab counts a
# term's documents by reading its whole doclist (16 ms for a word in 60 % of 1M records).
_df_cache: weakref.WeakKeyDictionary[Vault, tuple[tuple[int, int], dict[tuple[str, bool], int]]] = \
    weakref.WeakKeyDictionary()


def _df_lookup(vault: Vault) -> tuple[int, Callable[[str, bool], int]]:
    """Records in the vault, and a lookup of how many hold a term (or a word starting with it).

    Counts come from the FTS index itself and are cached per open vault until records or units
    change; the stamp is read once per call, not once per term.
    """
    from desktop_app.core.retrieval import index as units

    n = int(vault.scalar("SELECT coalesce(max(id), 0) FROM records") or 0)
    stamp = (n, units.generation(vault))
    cached = _df_cache.get(vault)
    if cached is None or cached[0] != stamp:
        cached = (stamp, {})
        _df_cache[vault] = cached
    memo: dict[tuple[str, bool], int] = cached[1]

    def df(term: str, prefix: bool) -> int:
        key = (term.lower(), prefix)
        if key in memo:
            return memo[key]
        vault.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.retrieval_vocab USING fts5vocab(main, records_fts, row)")
        t = key[0]
        if prefix:
            got = int(vault.scalar("SELECT coalesce(sum(doc), 0) FROM temp.retrieval_vocab WHERE term >= ? AND term < ?",
                                   (t, t + "\U0010ffff")) or 0)
        else:
            got = int(vault.scalar("SELECT doc FROM temp.retrieval_vocab WHERE term = ?", (t,)) or 0)
        if len(memo) > 5000:
            memo.clear()
        memo[key] = got
        return got

    return n, df


def _doc_freq(vault: Vault, term: str, prefix: bool) -> int:
    """Records holding ``term`` (or a word starting with it)."""
    return _df_lookup(vault)[1](term, prefix)


def fts_queries(pq: ParsedQuery, vault: Vault | None = None) -> list[str]:
    """MATCH expressions to try in order: all words, then any content word (stemmed prefixes).

    With ``vault``, the any-word query leaves out words found in most records (when other
    words remain), which keeps it fast on a million records without changing what ranks first.
    """
    parts = [_q(p) for p in pq.phrases]
    content = [(t, pre) for t, pre in pq.terms if pre or t.lower() not in STOPWORDS]
    if not content and not parts:
        content = pq.terms  # a query of stopwords only still searches them
    strict_terms = content
    loose_terms = [(_stem(t), True) if (pre or len(_stem(t)) >= 4) else (t, False) for t, pre in content]
    if vault is not None and len(content) + len(parts) > 1:
        n, df = _df_lookup(vault)
        # FTS5's BM25 gives a word found in half the records or more an IDF of ~0: it ranks nothing,
        # only narrows the match set, and intersecting its doclist is the costliest part of the query
        informative = [(t, pre) for t, pre in content if df(t, pre) < UNINFORMATIVE_FRACTION * n]
        if informative or parts:
            strict_terms = informative
        rare = [(t, pre) for t, pre in loose_terms if df(t, pre) <= COMMON_FRACTION * n]
        if rare or parts:
            loose_terms = rare
        # rarest first, up to the budget (the rarest word always stays): on a large archive the
        # frequent words' matches rank below the rare ones' and cost most of the time
        kept: list[tuple[str, bool]] = []
        total = 0
        for tp in sorted(loose_terms, key=lambda tp: df(*tp)):
            if (kept or parts) and total + df(*tp) > LOOSE_DF_BUDGET:
                break
            kept.append(tp)
            total += df(*tp)
        loose_terms = [tp for tp in loose_terms if tp in kept]
    strict = parts + [_q(t) + ("*" if pre else "") for t, pre in strict_terms]
    out = []
    if strict:
        out.append(" AND ".join(strict))
    loose = parts + [_q(t) + ("*" if pre else "") for t, pre in loose_terms]
    if len(loose) > 1 or loose != strict:
        out.append(" OR ".join(dict.fromkeys(loose)))
    return list(dict.fromkeys(out))


_PERSON_TABLE = "retrieval_person_ids"   # TEMP (in memory: temp_store=MEMORY); emptied after each search
PERSON_IDS_MAX = 20_000                  # above this many records the plain join is faster


def _person_ids(vault: Vault, f: Filters) -> list[int] | None:
    """Record ids the person filter allows (their words, 1:1 threads with them), or None if too many."""
    psql, pparams, ok = filters_where(vault, Filters(person=f.person), "r")
    if not ok:
        return []
    ids = [r for (r,) in vault.query(f"SELECT r.id FROM records r WHERE {psql} LIMIT ?", [*pparams, PERSON_IDS_MAX + 1])]
    return None if len(ids) > PERSON_IDS_MAX else ids


def _ranked(vault: Vault, expr: str, fsql: str, fparams: list[Any], ssql: str, sparams: list[Any], limit: int,
            person: bool) -> list[tuple[int, float]]:
    # Rank first, snippet after: in one query SQLite would build a snippet for every match.
    if person:  # FTS matches probe the in-memory id table; only the survivors read records
        return vault.query(
            f"SELECT r.id, bm25(records_fts, 1.0, 0.5) AS s FROM records_fts JOIN temp.{_PERSON_TABLE} p"
            " ON p.id = records_fts.rowid JOIN records r ON r.id = p.id"
            f" WHERE records_fts MATCH ? AND {fsql} AND {ssql} ORDER BY s LIMIT ?", [expr, *fparams, *sparams, limit])
    if fsql == "1" and ssql == "1":  # nothing to check per row: rank inside FTS5 alone
        return vault.query("SELECT rowid, bm25(records_fts, 1.0, 0.5) AS s FROM records_fts"
                           " WHERE records_fts MATCH ? ORDER BY s LIMIT ?", [expr, limit])
    return vault.query(
        "SELECT r.id, bm25(records_fts, 1.0, 0.5) AS s FROM records_fts JOIN records r ON r.id = records_fts.rowid"
        f" WHERE records_fts MATCH ? AND {fsql} AND {ssql} ORDER BY s LIMIT ?", [expr, *fparams, *sparams, limit])


def _scope_sql(vault: Vault, scope: Scope | None) -> tuple[str, list[Any]]:
    """``scope_where``, but "1" when it only leaves out unfinished imports and there are none: then
    the ranking runs inside FTS5 alone instead of reading each match's records row (50 ms at 100k)."""
    ssql, sparams = scope_where(scope, "r")
    if ssql != "1" and (scope is None or scope.is_everything) and not sparams:
        if ssql == finished_where("r") and vault.scalar("SELECT 1 FROM archives WHERE complete = 0 LIMIT 1") is None:
            return "1", []
    return ssql, sparams


def _take(ranked: list[tuple[int, float]], hits: list[dict[str, Any]], seen: set[int], limit: int, strict: bool = True) -> None:
    for rid, s in ranked:
        if rid in seen:
            continue
        seen.add(rid)
        hits.append({"record_id": rid, "score": -float(s), "strict": strict})
        if len(hits) >= limit:
            break


def keyword_search(vault: Vault, query: str | ParsedQuery, *, filters: Filters | None = None, scope: Scope | None = None,
                   limit: int = 50) -> list[dict[str, Any]]:
    """Ranked record hits: dicts with record_id and score (higher is better)."""
    pq = query if isinstance(query, ParsedQuery) else parse(query)
    if pq.empty:
        return []
    fsql, fparams, possible = filters_where(vault, filters, "r")
    if not possible:
        return []
    ssql, sparams = _scope_sql(vault, scope)
    hits: list[dict[str, Any]] = []
    seen: set[int] = set()
    exprs = fts_queries(pq, vault)
    person = _person_ids(vault, filters) if filters is not None and filters.person is not None else None
    if person is not None and filters is not None:   # (person is only set with filters)
        # the person's record ids in a TEMP table: each FTS match is checked against it in memory
        # instead of reading its records row (hundreds of ms at 1M); the id set is exactly their filter
        fsql, fparams, _ = filters_where(vault, replace(filters, person=None), "r")
        vault.execute(f"CREATE TEMP TABLE IF NOT EXISTS {_PERSON_TABLE}(id INTEGER PRIMARY KEY)")
        vault.execute(f"DELETE FROM temp.{_PERSON_TABLE}")
        vault.conn.executemany(f"INSERT INTO temp.{_PERSON_TABLE}(id) VALUES (?)", ((i,) for i in person))
    try:
        for i, expr in enumerate(exprs):
            if len(hits) >= limit:
                break
            ranked = _ranked(vault, expr, fsql, fparams, ssql, sparams, limit, person is not None)
            _take(ranked, hits, seen, limit, strict=i == 0)
    finally:
        if person is not None:
            vault.execute(f"DELETE FROM temp.{_PERSON_TABLE}")
    return hits


def aux_keyword_search(vault: Vault, pq: ParsedQuery, *, filters: Filters | None = None, scope: Scope | None = None,
                       limit: int = 50) -> list[dict[str, Any]]:
    """Hits from the kind words and title lines of records other than messages (aux_index.py)."""
    from desktop_app.core.retrieval import aux_index

    if pq.empty:
        return []
    fsql, fparams, possible = filters_where(vault, filters, "r")
    if not possible:
        return []
    ssql, sparams = scope_where(scope, "r")
    return aux_index.search(vault, fts_queries(pq, vault), fsql, fparams, ssql, sparams, limit)
