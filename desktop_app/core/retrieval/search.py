"""Hybrid search: keyword (FTS5/BM25) and semantic (embeddings) fused by reciprocal rank.

The vault's scope is always applied (the saved one when ``scope`` is None), in SQL, to every
result from either side; semantic candidates are pre-filtered in memory and then checked in
SQL record by record, so a window never shows a record the scope or the filters exclude.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, replace
from typing import TYPE_CHECKING, Any

from desktop_app.core.privacy.scope import Scope, load_scope, scope_where
from desktop_app.core.retrieval import dates, keyword, listq, people, semantic
from desktop_app.core.retrieval.allowed import allowed_records
from desktop_app.core.retrieval.filters import Filters, filters_where, resolve_person
from desktop_app.core.retrieval.highlight import highlight
from desktop_app.core.retrieval.index import _speaker
from desktop_app.core.retrieval import timerefs
from desktop_app.core.timeref import TimeRef, annotate

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    from desktop_app.core.retrieval.embedder import Embedder
    from desktop_app.core.store.vault import Vault

Key = tuple[str, int]   # ("r", record id), ("w", window unit id), or ("w", -record id): a window built around it
Item = tuple[Key, list[int], str]   # one entry of a ranked list: key, its record ids, the side that found it
# A fused hit: (key, record ids, score, sources, lead record id or None); _recent's have no lead.
Fused = tuple[Any, ...]

# Tuned on the persona evaluation (tests/retrieval/evaluate.py; figures in BENCHMARKS.md):
# k=20 beat 60 on recall@5; the keyword list mostly adds noise to paraphrased questions, so it
# weighs 0.2 (it still decides exact-word and rare-name queries); the person-named lists pay off.
# Re-checked after query centering (semantic.py/centering.py), grid on seed 7 and checked on the
# held-out seeds 8 and 9: k 10/20/40/60 and person 1-2 are within one question of each other; keyword
# 0.1 keeps recall@5 level with semantic alone (0.2 cost 1-3 questions there on every seed).
RRF_K = 20
CANDIDATES = 50          # each ranked list's length before fusion
MERGE_MAX = 12           # records in a hit after folding overlapping ones into it (a window holds 8)
KEYWORD_WEIGHT = 0.1     # weight of the keyword list against the semantic one
PERSON_WEIGHT = 1.5      # weight of the extra lists for a person named in the query (0: off)
STRIP_NAME_FOR_PERSON_LIST = True   # their name adds nothing once the list is restricted to them
COVER_MIN = 0.6          # share of the question's content words that makes a keyword hit "strong"
STRICT_BOOST = 10.0      # keyword hits holding every query word weigh this many times KEYWORD_WEIGHT
DATE_WEIGHT = 2.0        # weight of the extra lists restricted to a period named in the question (0: a filter)
DATE_ON_PERSON = False   # the person lists keep that period too
PERSON_OWN_WEIGHT = 1.0  # weight of a further list: the named person's own words (0: off)
PERSON_AUTHOR_ONLY = False   # the extra lists hold the named person's own words (not all of a 1:1 chat)
# A question asking for an inference about a person ("Would Caroline be considered religious?", "What
# might John's financial status be?") names no event: what supports it is the person's everyday talk, tone
# and topic together, and centering (centering.py) takes out exactly those everyday directions. Each of
# its person lists is ranked twice, by the centred and by the plain query. (Within the named person's own
# messages the plain query puts more LoCoMo evidence in the first 10 on every category, multi-hop 0.43 ->
# 0.52, open-domain 0.40 -> 0.50; for every question it cost the persona's chit-chat windows, 0.94 -> 0.92,
# so only these questions. The plain lists in place of the centred ones found as much but lost one
# open-domain answer: "Likely yes" became a decline.)
INFERENCE = re.compile(r"\b(would|might|likely|probably|considered)\b", re.I)
INFERENCE_PLAIN_WEIGHT = 1.0   # of each person list's weight (0: off)
# A short question's centred vector can leave a person list empty, no unit above semantic.MIN_SCORE ("What
# did Melanie paint recently?": none of her 208 messages; the plain query ranks the answer first). Such a
# list is ranked by the plain query instead, at this share of its weight (0: off). LoCoMo dev r@10 0.876 ->
# 0.880, multi-hop 0.674 -> 0.684, single-hop 0.927 -> 0.932, open-domain 0.632 -> 0.618 (a quarter of one
# question), better on each conversation; persona seed 8 0.948 -> 0.955. At weight 1 / 0.3: 0.878 / 0.879;
# below 5 or 10 units instead of none: 0.863 / 0.861, persona 0.955/0.948/0.955.
EMPTY_PLAIN_WEIGHT = 0.5
STRIP_NAMES_FOR_SEMANTIC = False   # embed the question without the names found in it
STRIP_OWNER_FOR_SEMANTIC = True    # ... without the owner's own name (it is on every record of theirs)
NAME_COMMON_SHARE = 0.3   # a person whose conversations hold this share of the records: their name says nothing
NEIGHBOURS = (1, 1)      # messages before and after a message hit shown with it (chat context)
QUESTION_REACH = 1       # one more turn before a hit when the turn before it asks (_reach; 0: off)
EXPAND_WEIGHT = 0.05     # weight of the keyword list of the archive's words nearest the question (expansion.py; 0: off)
# Above this many records expansion is off: its words are frequent ones, and their keyword scan cost
# +50 ms hybrid p95 at 1M records (38 -> 88-94 ms thread CPU, search bench); at 100k it is cheap.
EXPAND_MAX_RECORDS = 300_000
# A hit that borders one above it in its conversation (its first turn follows that hit's last, or
# the other way round) is folded into it, and the place it leaves goes to the next moment; fused
# hits considered per hit shown (1: off). LoCoMo dev r@10 0.851 -> 0.862, r@5 0.736 -> 0.812, with
# 3.1 -> 3.9 records a hit; for the same number of records read (the first 20 / 30 / 40 of the list)
# evidence recall 0.763 -> 0.784 / 0.817 -> 0.845 / 0.859 -> 0.869, so it is not only bigger hits.
# (At most 2 or 3 hits from one sitting of a conversation, without folding: r@10 0.796 / 0.834.)
MOMENT_POOL = 2
# Pseudo-relevance feedback for list questions (listq.py): the question's vector moved toward the
# mean of the first fused hits' record vectors, searched once more, within the words of the
# person the question is about, as a semantic list of this weight (0: off). "What activities does
# Melanie partake in?" finds "pottery class" first; the mean of such answers is nearer "went
# camping with my fam" than the question is. LoCoMo dev r@10 0.862 -> 0.867 (multi-hop 0.632 ->
# 0.656; per conversation 0.862/0.869/0.859 -> 0.866/0.869/0.867), r@5 0.812 -> 0.814, MRR 0.691,
# evidence in the first 20/30/40 records 0.755/0.832/0.865 -> 0.757/0.833/0.872, persona unchanged;
# the lead's answer A/B: multi-hop F1 0.251 either way, single-hop 0.294 -> 0.295. Not restricted to
# the subject's words, multi-hop F1 fell to 0.249 (the 0.6 weight: 0.663 recall, single-hop F1
# 0.293). For every question (not only lists) it cost r@5 and MRR (0.794 / 0.670 at weight 0.5).
PRF_WEIGHT = 0.3
PRF_TOP = 5              # first fused hits whose records make the feedback vector (8: multi-hop 0.641)
PRF_MIX = 1.0            # weight of their mean against the question's vector (2.0: 0.643)
PRF_LIST_ONLY = True     # feedback only for list questions
PRF_SUBJECT = True       # the feedback list holds only the subject's own words (named, or the owner)
PRF_KEEP = 5             # the first hits found without feedback keep their places (0: r@5 the same, answers -0.001)
# The feedback list ranks single records, not conversation windows: it holds the subject's own words,
# and a window's vector is both sides' words (for the owner, whose words are checked record by record,
# a window matched on the other side's words and came back as the owner's lines of it). LoCoMo dev (one
# process): r@10 0.868 -> 0.870 (multi-hop 0.663 -> 0.674, per conversation 0.869/0.869/0.867 ->
# 0.869/0.873/0.870), r@5 0.814 -> 0.811 (one single-hop question's evidence from 5th to 6th), MRR 0.691,
# evidence in the first 20/30 records read 0.791/0.851 -> 0.792/0.850; persona seeds 7/8/9 identical.
PRF_RECORDS_ONLY = True
MODES = ("hybrid", "keyword", "semantic")
STATE_KEY = "retrieval.state"


@dataclass
class Hit:
    record_id: int
    score: float
    platform: str
    kind: str
    ts_ms: int | None
    author: str
    thread_id: int | None
    thread_title: str
    snippet: str
    text: str
    record_ids: list[int] = field(default_factory=list)
    unit: str = "record"                       # record | window
    matched_by: list[str] = field(default_factory=list)
    # Time phrases in ``text`` resolved against their record's own time ("yesterday" → 7 May 2023),
    # offsets into ``text`` (for a window: into the joined body); the snippet shows them in brackets.
    times: list[TimeRef] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class SearchResult:
    query: str
    hits: list[Hit]
    semantic_available: bool
    notice: str
    mode: str
    filters: Filters
    date_phrase: str | None = None
    semantic_coverage: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"query": self.query, "hits": [h.to_dict() for h in self.hits],
                "semantic_available": self.semantic_available, "notice": self.notice, "mode": self.mode,
                "filters": self.filters.to_dict(), "date_phrase": self.date_phrase,
                "semantic_coverage": self.semantic_coverage}


def search(vault: Vault, query: str, *, filters: Filters | dict[str, Any] | None = None, limit: int = 10,
           mode: str = "hybrid", scope: Scope | None = None, embedder: Embedder | None = None, now_ms: int | None = None, rrf_k: int | None = None) -> SearchResult:
    """Search the vault; see the module docstring. ``now_ms`` anchors "last summer" (tests)."""
    from desktop_app.core.errors import KnownError

    rrf_k = RRF_K if rrf_k is None else rrf_k   # read at call time, so the evaluation can tune RRF_K
    if mode not in MODES:
        raise KnownError(f"Unknown search mode {mode!r}; choose one of: {', '.join(MODES)}.")
    f = filters if isinstance(filters, Filters) else Filters.from_dict(filters)
    scope = load_scope(vault) if scope is None else scope
    text, hint = dates.extract_dates(query or "", now_ms=_archive_now(vault) if now_ms is None else now_ms,
                                     vault=vault)
    user_f = f
    if hint is not None:
        f = replace(f.narrowed(hint.date_from_ms, hint.date_to_ms), date_refs=True)
    limit = max(1, int(limit))
    cand = max(CANDIDATES, limit * 5)
    if f.person is not None and not resolve_person(vault, f.person):
        return SearchResult(query, [], False, f"No one called {f.person!r} is in the vault.", mode, f,
                            hint.phrase if hint else None)
    pq = keyword.parse(text)
    # A person named in the query ("what did Sam ...") adds their side as extra ranked lists, and
    # their name leaves the keyword query (it would match every message they ever wrote). The
    # owner named in the third person ("What did Caroline research?" in Caroline's archive) is
    # "me": their own messages become the extra lists.
    boosts: list[tuple[Filters, str, float]] = []
    strip: list[str] = []
    named, me = None, None
    if PERSON_WEIGHT > 0 and f.person is None and f.authors is None:
        named = people.detect_person(vault, text)
        if named is not None:
            boosts.append((replace(f, authors=named[0]) if PERSON_AUTHOR_ONLY else replace(f, person=named[0]),
                           named[1], PERSON_WEIGHT))
            if PERSON_OWN_WEIGHT > 0 and not PERSON_AUTHOR_ONLY:
                boosts.append((replace(f, authors=named[0]), named[1], PERSON_OWN_WEIGHT))
            strip.append(named[1])
        me = people.detect_owner(vault, text) if f.mine is None else None
        if me is not None:
            boosts.append((replace(f, mine=True), me, PERSON_WEIGHT))
            strip.append(me)
    ktext = text
    for words in strip:
        ktext = _without(ktext, words)
    kpq = keyword.parse(ktext)
    if kpq.empty:
        kpq = pq
    stext = text
    if STRIP_NAMES_FOR_SEMANTIC:
        stext = ktext
    else:
        # A name is a poor semantic cue when it is on most of the archive: the owner is on every
        # conversation, and in a one-to-one chat archive the other side too ("What did Melanie
        # paint?" matches "Name: Melanie" and every greeting). A rarer person's name stays: the
        # windows carry speaker names, so it finds the conversations with them.
        if me is not None and STRIP_OWNER_FOR_SEMANTIC:
            stext = _without(stext, me)
        if named is not None and people.share_of(vault, named[0]) >= NAME_COMMON_SHARE:
            stext = _without(stext, named[1])
    if not stext.strip():
        stext = text
    kweight = KEYWORD_WEIGHT if mode == "hybrid" else 1.0
    # Dates from the question's words: in hybrid mode a boost (extra lists restricted to the
    # period) unless the user set dates themselves; a question's period is often the time the
    # event happened, not the time it was told ("the road trip last year" told this spring).
    fmain = f
    if hint is not None and DATE_WEIGHT > 0 and mode == "hybrid" and user_f.date_from_ms is None \
            and user_f.date_to_ms is None and not pq.empty:
        fmain = user_f
    run = _Run(vault, scope, cand, embedder, mode)
    run.keyword(kpq, fmain, kweight)
    strong = bool(run.lists and run.lists[0][1])   # some record holds most of the question's words
    if mode != "keyword":
        run.semantic(stext, fmain, 1.0)
        if run.notice and mode == "hybrid":   # embedding still running: the keyword side sees more, trust it more
            run.lists = [(w / KEYWORD_WEIGHT, items) for w, items in run.lists[:-1]] + run.lists[-1:]
        if mode == "hybrid" and EXPAND_WEIGHT > 0 and not strong and _records_upto(vault) <= EXPAND_MAX_RECORDS:
            run.expand(stext, fmain, EXPAND_WEIGHT)
    if fmain is not f:
        run.keyword(kpq, f, DATE_WEIGHT * kweight)
        run.semantic(stext, f, DATE_WEIGHT)
    inference = INFERENCE_PLAIN_WEIGHT > 0 and INFERENCE.search(text) is not None
    for fp, words, pweight in boosts:
        if fmain is not f and not DATE_ON_PERSON:
            fp = replace(fp, date_from_ms=None, date_to_ms=None, date_refs=False)
        run.keyword(kpq, fp, pweight * kweight, aux=False)
        if run.sem_ok:
            ptext = _without(text, words) if STRIP_NAME_FOR_PERSON_LIST else text
            ptext = ptext if ptext.strip() else text
            run.semantic(ptext, fp, pweight)
            if inference:
                run.semantic(ptext, fp, pweight * INFERENCE_PLAIN_WEIGHT, center=0.0)
            elif EMPTY_PLAIN_WEIGHT > 0 and not run.lists[-1][1]:
                run.semantic(ptext, fp, pweight * EMPTY_PLAIN_WEIGHT, center=0.0)
    if PRF_WEIGHT > 0 and run.sem_ok and mode == "hybrid" and _records_upto(vault) <= EXPAND_MAX_RECORDS \
            and (not PRF_LIST_ONLY or listq.list_like(text)):
        before = _fuse(_dedupe(vault, run.lists), rrf_k, max(PRF_TOP, PRF_KEEP))
        own = [fp for fp, _, _ in boosts if fp.authors is not None or fp.mine] if PRF_SUBJECT else []
        run.feedback(stext, [item[1][0] for item in before[:PRF_TOP] if item[1]], own[-1] if own else fmain, PRF_WEIGHT)
        kept = before[:PRF_KEEP]
    else:
        kept = []
    lists, kw, sem_ok, notice, coverage = run.lists, run.kw, run.sem_ok, run.notice, run.coverage
    lists = _dedupe(vault, lists)
    if pq.empty and not any(items for _, items in lists):
        ranked = _recent(vault, f, scope, limit)
    else:
        ranked = _fuse(lists, rrf_k, limit * (MOMENT_POOL if mode != "keyword" else 1))
        if kept:   # the first hits stay those found without feedback; it only fills the places after them
            taken = {r for item in kept for r in item[1]}
            ranked = kept + [item for item in ranked if not taken & set(item[1])]
    if mode != "keyword":   # keyword mode is the exact-words tool: a hit is the record that holds them
        # the first ``limit`` hits take their turns around them first; the rest of the pool only
        # fills the places of hits folded into others
        shown = _with_neighbours(vault, ranked[:limit], fmain, scope)
        more = _with_neighbours(vault, ranked[limit:], fmain, scope, {r for item in shown for r in item[1]})
        ranked = _moments(vault, shown + more, limit)
    hits = _materialise(vault, ranked, pq.words() if not pq.empty else [], kw)
    return SearchResult(query, hits, sem_ok, notice, mode, f, hint.phrase if hint else None, coverage)


class _Run:
    """The ranked lists of one search: keyword and semantic passes under various filters."""

    def __init__(self, vault: Vault, scope: Scope, cand: int, embedder: Embedder | None, mode: str) -> None:
        self.vault, self.scope, self.cand, self.embedder, self.mode = vault, scope, cand, embedder, mode
        self.lists: list[tuple[float, list[Item]]] = []
        self.kw: list[dict[str, Any]] = []
        self.sem_ok, self.notice = False, ""
        self.coverage: float | None = None
        # query text -> {"q": its embedding} (embedded once per search)
        self._qvecs: dict[str, dict[str, NDArray[np.float32]]] = {}

    def keyword(self, pq: keyword.ParsedQuery, f: Filters, weight: float, aux: bool = True) -> None:
        if self.mode == "semantic":
            return
        hits = keyword.keyword_search(self.vault, pq, filters=f, scope=self.scope, limit=self.cand)
        self.lists += _kw_lists(self.vault, hits, weight, pq)
        self.kw += hits
        if aux:   # kind words ("saved", "followed") and post title lines, beside the text
            hits = keyword.aux_keyword_search(self.vault, pq, filters=f, scope=self.scope, limit=self.cand)
            self.lists += _kw_lists(self.vault, hits, weight, pq)
            self.kw += hits

    def expand(self, text: str, f: Filters, weight: float) -> None:
        """The archive's words nearest the question in meaning, as one more keyword list: for a
        question that shares no words with its answer ("destress" / "pottery ... like therapy").
        Only when no record holds most of the question's words (then the words already decide)."""
        q = self._qvecs.get(text, {}).get("q")
        if q is None or not self.sem_ok:
            return
        from desktop_app.core.retrieval import expansion, indexer

        emb = semantic._embedder_for(indexer.current_model(self.vault), self.embedder)
        words = expansion.expansion_words(self.vault, emb, text, q) if emb is not None else []
        if not words:
            return
        hits = keyword.keyword_search(self.vault, keyword.ParsedQuery(terms=[(w, False) for w in words]),
                                      filters=f, scope=self.scope, limit=self.cand)
        self.lists.append((weight, _kw_items(hits)))

    def feedback(self, text: str, rids: list[int], f: Filters, weight: float) -> None:
        """One more semantic list, for the question's vector plus the mean vector of ``rids`` (the
        first hits): a question that names a kind ("What activities ...") moves toward the words its
        first answers use ("pottery class", "camping")."""
        import numpy as np

        q = self._qvecs.get(text, {}).get("q")
        if q is None or not rids:
            return
        from desktop_app.core.retrieval import indexer
        from desktop_app.core.retrieval.vectors import record_vectors

        model = self.embedder.name if self.embedder is not None else indexer.current_model(self.vault)
        vecs = record_vectors(self.vault, model, rids)
        if not vecs:
            return
        mean = np.mean([vecs[r] for r in sorted(vecs)], axis=0)
        vec = np.asarray(q, dtype=np.float32) / (np.linalg.norm(q) or 1.0) + PRF_MIX * mean / (np.linalg.norm(mean) or 1.0)
        vec = (vec / (np.linalg.norm(vec) or 1.0)).astype(np.float32)
        sem, _, _, _ = semantic.semantic_search(self.vault, text, f, self.scope, self.cand, self.embedder, {"q": vec})
        if PRF_RECORDS_ONLY:
            sem = [unit for unit in sem if unit[1] == "record"]
        self.lists.append((weight, _sem_items(sem)))

    def semantic(self, text: str, f: Filters, weight: float, center: float | None = None) -> None:
        if self.mode == "keyword":
            return
        first = not self._qvecs
        sem, ok, notice, coverage = semantic.semantic_search(self.vault, text, f, self.scope, self.cand, self.embedder,
                                                             self._qvecs.setdefault(text, {}), center)
        if first:
            self.sem_ok, self.notice, self.coverage = ok, notice, coverage
        self.lists.append((weight, _sem_items(sem)))


def _archive_now(vault: Vault) -> int:
    """"Now" for "last year" in a question: today, or the archive's newest record when it ends
    earlier. An export is a snapshot: asked of an archive that ends in 2023, "last summer" means
    the summer before it ends, not one it cannot hold."""
    import time

    now = int(time.time() * 1000)
    # an index seek (max() with a WHERE would walk the whole ts index: 50 ms at 1M records)
    newest = vault.scalar("SELECT ts FROM records WHERE ts <= ? ORDER BY ts DESC LIMIT 1", (now,))
    return min(now, int(newest) + 86_400_000) if newest is not None else now


def _records_upto(vault: Vault) -> int:
    """The archive's size, roughly: its highest record id (one index seek; count(*) scans at 1M)."""
    return int(vault.scalar("SELECT coalesce(max(id), 0) FROM records") or 0)


def _kw_items(kw: list[dict[str, Any]]) -> list[Item]:
    return [(("r", h["record_id"]), [h["record_id"]], "keyword") for h in kw]


def _kw_lists(vault: Vault, kw: list[dict[str, Any]], weight: float,
              pq: keyword.ParsedQuery) -> list[tuple[float, list[Item]]]:
    """Keyword hits split by how much of the question they hold. On real chat a question reuses
    the words of the message that answers it ("LGBTQ support group"), so a record holding most
    of the question's content words (stems, ``COVER_MIN``) is trusted ``STRICT_BOOST`` times more;
    records matching a word or two are the weak list (on paraphrased questions they are noise)."""
    cover = _coverage(vault, [h["record_id"] for h in kw], pq)
    strong = [h for h in kw if h.get("strict", True) or cover.get(h["record_id"], 0.0) >= COVER_MIN]
    weak = [h for h in kw if not (h.get("strict", True) or cover.get(h["record_id"], 0.0) >= COVER_MIN)]
    return [(weight * STRICT_BOOST, _kw_items(strong)), (weight, _kw_items(weak))]


def _coverage(vault: Vault, ids: list[int], pq: keyword.ParsedQuery) -> dict[int, float]:
    """Share of the query's content-word stems that start a word of each record's text."""
    import re

    from desktop_app.core.retrieval.highlight import fold

    stems = sorted({fold(keyword._stem(t)) for t, _ in pq.terms if t.lower() not in keyword.STOPWORDS and len(t) > 1})
    if len(stems) < 2 or not ids:
        return {}
    pats = [re.compile(r"\b" + re.escape(st)) for st in stems]
    out: dict[int, float] = {}
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        for rid, text in vault.query(f"SELECT id, text FROM records WHERE id IN ({','.join('?' * len(chunk))})", chunk):
            low = fold(text or "")
            out[rid] = sum(1 for p in pats if p.search(low)) / len(pats)
    return out


def _sem_items(sem: list[tuple[int, str, list[int], float]]) -> list[Item]:
    return [(("r", rids[0]) if kind == "record" else ("w", uid), rids, "semantic") for uid, kind, rids, _ in sem]


def _without(text: str, words: str) -> str:
    import re

    return re.sub(r"\b" + re.escape(words) + r"\b", " ", text, flags=re.I)


def _dedupe(vault: Vault, lists: list[tuple[float, list[Item]]]) -> list[tuple[float, list[Item]]]:
    """Within each list keep the first of records with the same words ("see you then!" × 40).

    Records of different kinds are different answers even with the same words (a saved post and a
    like of the same page), so the kind is part of what must match."""
    ids = sorted({key[1] for _, items in lists for key, _, _ in items if key[0] == "r"})
    text: dict[int, tuple[str, str]] = {}
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        text.update((rid, (kind, t)) for rid, kind, t in vault.query(
            f"SELECT id, kind, lower(trim(text)) FROM records WHERE id IN ({','.join('?' * len(chunk))})", chunk))
    out = []
    for weight, items in lists:
        seen: set[tuple[str, str]] = set()
        kept = []
        for item in items:
            if item[0][0] == "r":
                t = text.get(item[0][1])
                if t is not None:
                    if t in seen:
                        continue
                    seen.add(t)
            kept.append(item)
        out.append((weight, kept))
    return out


def _fuse(lists: list[tuple[float, list[Item]]], k: int, limit: int) -> list[Fused]:
    """Weighted reciprocal rank fusion of ranked lists of (key, record ids, source).

    Keys are ("r", record_id) or ("w", window unit id). Each hit is a different moment: an item
    whose records are all on screen already is skipped, and one that shares records with a hit
    above it (a message and the window around it, two overlapping windows) is folded into that
    hit, which becomes a window led by the record that ranked (at most ``MERGE_MAX`` records).
    Returns (key, record ids, score, sources, lead record id or None).
    """
    scores: dict[Key, float] = {}
    members: dict[Key, list[int]] = {}
    how: dict[Key, list[str]] = {}
    for weight, items in lists:
        for rank, (key, rids, src) in enumerate(items):
            scores[key] = scores.get(key, 0.0) + weight / (k + rank + 1)
            members.setdefault(key, rids)
            if src not in how.setdefault(key, []):
                how[key].append(src)
    order = sorted(scores, key=lambda x: -scores[x])
    out: list[list[Any]] = []   # mutable Fused
    where: dict[int, int] = {}   # record id → position in out
    for key in order:
        rids = members[key]
        if all(r in where for r in rids):
            continue
        above = sorted({where[r] for r in rids if r in where})
        if above:
            tgt = out[above[0]]
            merged = tgt[1] + [r for r in rids if r not in set(tgt[1])]
            if len(above) > 1 or len(merged) > MERGE_MAX:
                continue  # bridges two hits or grows too long: the moment is on screen already
            if tgt[0][0] == "r":
                tgt[4] = tgt[0][1]
                tgt[0] = ("w", key[1]) if key[0] == "w" else ("w", -tgt[0][1])
            tgt[1] = merged
            for s in how[key]:
                if s not in tgt[3]:
                    tgt[3].append(s)
            where.update((r, above[0]) for r in rids)
            continue
        if len(out) >= limit:
            break
        out.append([key, list(rids), scores[key], list(how[key]), None])
        where.update((r, len(out) - 1) for r in rids)
    return [tuple(o) for o in out]


def _neighbour_ids(vault: Vault, rid: int, thread_id: int, ts: int, before: int, after: int) -> list[int]:
    """The thread's messages just before and after ``rid`` (one statement: two index seeks)."""
    rows = vault.query(
        # "ts <= ?" on its own lets SQLite seek the (thread_id, ts) index to the hit; inside the OR
        # it walked the thread from its end (0.5 ms a hit in a 5000-message thread, 0.03 ms now)
        "SELECT id, 0 FROM (SELECT id FROM records WHERE thread_id = ? AND ts <= ? AND kind = 'message' AND text != ''"
        " AND (ts < ? OR id < ?) ORDER BY ts DESC, id DESC LIMIT ?)"
        " UNION ALL SELECT id, 1 FROM (SELECT id FROM records WHERE thread_id = ? AND ts >= ? AND kind = 'message'"
        " AND text != '' AND (ts > ? OR id > ?) ORDER BY ts, id LIMIT ?)",
        (thread_id, ts, ts, rid, before, thread_id, ts, ts, rid, after))
    return [r for r, side in rows if side == 0][::-1] + [rid] + [r for r, side in rows if side == 1]


def _with_neighbours(vault: Vault, ranked: list[Fused], f: Filters, scope: Scope,
                     shown: set[int] | None = None) -> list[Fused]:
    """A message found alone comes with the turns around it: in chat the words that match are often
    in the question and the fact in the reply ("How long have you been married?" / "5 years already!")."""
    before, after = NEIGHBOURS
    if not (before or after):
        return ranked
    singles = [item[1][0] for item in ranked if item[0][0] == "r"]
    if not singles:
        return ranked
    meta = {r[0]: r[1:] for r in vault.query(
        f"SELECT id, thread_id, ts, kind FROM records WHERE id IN ({','.join('?' * len(singles))})", singles)}
    around: dict[int, list[int]] = {}
    for rid in singles:
        tid, ts, kind = meta.get(rid, (None, None, None))
        if tid is not None and ts is not None and kind == "message":
            around[rid] = _neighbour_ids(vault, rid, tid, ts, before + QUESTION_REACH, after + QUESTION_REACH)
    if not around:
        return ranked
    if QUESTION_REACH:
        around = _reach(vault, around, before, after)
    ok = allowed_records(vault, [r for rs in around.values() for r in rs], f, scope)
    # hits never share a record (a neighbour shown once), nor take one ``shown`` in hits above them
    taken = {r for item in ranked for r in item[1]} | (shown or set())
    out = []
    for item in ranked:
        key, rids, score, how, lead = (*item, None)[:5]
        ids = [r for r in around.get(rids[0], []) if r == rids[0] or (r in ok and r not in taken)] \
            if key[0] == "r" else []
        taken.update(ids)
        if len(ids) > 1:
            out.append((("w", -rids[0]), ids, score, how, rids[0]))
        else:
            out.append(item)
    return out


def _moments(vault: Vault, ranked: list[Fused], limit: int) -> list[Fused]:
    """The first ``limit`` hits, each a different moment: a hit that borders one above it in the
    same conversation is folded into it (up to ``MERGE_MAX`` records). A question whose answer is
    spread over months ("What activities does Melanie do?") otherwise spends its list on three
    neighbouring turns of one evening, each a hit of its own."""
    if MOMENT_POOL <= 1 or len(ranked) <= 1:
        return ranked[:limit]
    ids = sorted({r for item in ranked for r in item[1]})
    # by id alone, the rest checked here: with "kind = 'message'" in the WHERE, SQLite may walk the
    # kind index instead of seeking ids (130 ms a search at 1M records)
    meta = {rid: (tid, ts) for rid, tid, ts, kind in vault.query(
        f"SELECT id, thread_id, ts, kind FROM records WHERE id IN ({','.join('?' * len(ids))})", ids)
        if kind == "message" and tid is not None and ts is not None}
    # each hit's thread, and its records with the turn just before and just after them
    reach: list[tuple[int | None, set[int]]] = []
    for item in ranked:
        rows = sorted((meta[r][1], r) for r in item[1] if r in meta)
        if not rows:
            reach.append((None, set()))
            continue
        tid = meta[rows[0][1]][0]
        (ts0, first), (ts1, last) = rows[0], rows[-1]
        edge = set(item[1]) | {r for (r,) in vault.query(   # the turn before the first and after the last
            "SELECT id FROM (SELECT id FROM records WHERE thread_id = ? AND ts <= ? AND kind = 'message' AND text != ''"
            " AND (ts < ? OR id < ?) ORDER BY ts DESC, id DESC LIMIT 1)"
            " UNION ALL SELECT id FROM (SELECT id FROM records WHERE thread_id = ? AND ts >= ? AND kind = 'message'"
            " AND text != '' AND (ts > ? OR id > ?) ORDER BY ts, id LIMIT 1)",
            (tid, ts0, ts0, first, tid, ts1, ts1, last))}
        reach.append((tid, edge))
    kept: list[list[Any]] = []
    kept_from: list[int] = []   # the ranked position each kept hit started as
    for i, item in enumerate(ranked):
        if len(kept) >= limit:
            break
        tid, edge = reach[i]
        if tid is not None:
            tgt = next((k for k, j in enumerate(kept_from) if reach[j][0] == tid
                        and (edge & set(kept[k][1]) or reach[j][1] & set(item[1]))), None)
            if tgt is not None and len(kept[tgt][1]) + len(item[1]) <= MERGE_MAX:
                _fold_into(kept[tgt], item)
                continue
        kept.append(list((*item, None)[:5]))
        kept_from.append(i)
    return [tuple(k) for k in kept]


def _fold_into(tgt: list[Any], item: Fused) -> None:
    if tgt[0][0] == "r":
        tgt[4] = tgt[0][1]
        tgt[0] = ("w", -tgt[0][1])
    tgt[1] = tgt[1] + [r for r in item[1] if r not in set(tgt[1])]
    for s in item[3]:
        if s not in tgt[3]:
            tgt[3].append(s)


def _reach(vault: Vault, around: dict[int, list[int]], before: int, after: int) -> dict[int, list[int]]:
    """Trim each hit's turns to ``before``/``after``, keeping one more turn before when the turn
    before the hit asks something: "What inspired it?" asks about the turn before it, which often
    holds the fact ("I made this stained glass window" / "What inspired it?" / "It was made for a
    local church"). (One more turn after a hit that asks was measured too: +0.001 recall for 0.25
    records a hit.)"""
    ids = sorted({r for rs in around.values() for r in rs})
    asks = {rid for rid, t in vault.query(f"SELECT id, text FROM records WHERE id IN ({','.join('?' * len(ids))})", ids)
            if "?" in (t or "")}
    out = {}
    for rid, rs in around.items():
        i = rs.index(rid)
        lo = i - before
        if lo - 1 >= 0 and lo < i and rs[lo] in asks:
            lo -= 1
        out[rid] = rs[max(lo, 0):i + after + 1]
    return out


def _recent(vault: Vault, f: Filters, scope: Scope, limit: int) -> list[Fused]:
    """No words to search (e.g. only "last summer"): the newest records the filters allow."""
    fsql, fparams, ok = filters_where(vault, f, "r")
    if not ok:
        return []
    ssql, sparams = scope_where(scope, "r")
    rows = vault.query(f"SELECT r.id FROM records r WHERE r.text != '' AND {fsql} AND {ssql}"
                       " ORDER BY r.ts DESC LIMIT ?", [*fparams, *sparams, limit])
    return [(("r", rid), [rid], 1.0 / (i + 1), ["date"]) for i, (rid,) in enumerate(rows)]


def _shifted(refs: list[TimeRef], by: int) -> list[TimeRef]:
    return [replace(r, start=r.start + by, end=r.end + by) for r in refs]


def _materialise(vault: Vault, ranked: list[Fused], words: list[str], kw: list[dict[str, Any]]) -> list[Hit]:
    ids = sorted({r for item in ranked for r in item[1]})
    recs: dict[int, tuple[Any, ...]] = {}
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        q = ",".join("?" * len(chunk))
        for row in vault.query(
                "SELECT r.id, r.platform, r.kind, r.ts, r.author, r.thread_id, coalesce(t.title, ''), r.text, r.is_mine"
                f" FROM records r LEFT JOIN threads t ON t.id = r.thread_id WHERE r.id IN ({q})", chunk):
            recs[row[0]] = row
    times = timerefs.load(vault, ids)
    by_keyword = {h["record_id"] for h in kw}
    hits: list[Hit] = []
    for key, rids, score, how, *rest in ranked:
        lead_id = rest[0] if rest else None
        rows = [recs[r] for r in rids if r in recs]
        if not rows:
            continue
        if key[0] == "r":
            r = rows[0]
            refs = times.get(r[0], [])
            snip = highlight(annotate(r[7], refs), words)
            hits.append(Hit(r[0], float(score), r[1], r[2], r[3], r[4], r[5], r[6], snip, r[7], [r[0]], "record", how,
                            list(refs)))
        else:
            rows.sort(key=lambda r: (r[3] is None, r[3] or 0, r[0]))   # folded hits: back in time order
            lines, shown, refs = [], [], []
            pos = 0
            for r in rows:
                head = f"{_speaker(r[4], r[8])}: "
                own = times.get(r[0], [])
                refs += _shifted(own, pos + len(head))
                lines.append(head + r[7])
                shown.append(head + annotate(r[7], own))
                pos += len(head) + len(r[7]) + 1
            body = "\n".join(lines)
            lead = next((r for r in rows if r[0] == lead_id), None) or next(
                (r for r in rows if r[0] in by_keyword), rows[0])
            hits.append(Hit(lead[0], float(score), lead[1], lead[2], rows[0][3], lead[4], lead[5], lead[6],
                            highlight("\n".join(shown), words, width=320), body, [r[0] for r in rows], "window", how,
                            refs))
    return hits
