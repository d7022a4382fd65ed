"""Retrieval on LoCoMo's development split: evidence recall@5/@10 and MRR per category, hit sizes,
and the agreement of stored time resolutions with the temporal questions' gold dates.

``python -m tests.locomo.retrieval_eval [--misses] [--where 1,3]`` prints the tables (``--where``: each
missed evidence message's place in every ranked list instead) (set HEARTH_LOCOMO_CACHE to
keep the imported, embedded vaults between runs). ``evaluate`` and ``temporal_agreement`` are
used by the search bench and the slow evaluation test.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any, Callable

from tests.locomo.data import CATS, Conversation, Question
from tests.locomo.score import recall_at, reciprocal_rank

ANSWERABLE = (1, 2, 3, 4)


def search_fn(conv: Conversation, limit: int = 10) -> Callable[[str], list[Any]]:
    from desktop_app.core.retrieval import expansion
    from desktop_app.core.retrieval.search import search

    if conv.embedder is not None:   # the expansion vocabulary is built in the background: have it ready
        expansion.prepare(conv.vault, conv.embedder)
    return lambda q: search(conv.vault, q, limit=limit, embedder=conv.embedder).hits


@dataclass
class Scores:
    n: int = 0
    r5: float = 0.0
    r10: float = 0.0
    rr: float = 0.0
    hit_records: int = 0    # records behind the top-10 hits, summed
    hits: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, hits: list[Any], q: Question) -> None:
        ids = [list(h.record_ids) for h in hits]
        self.n += 1
        self.r5 += recall_at(ids, q.evidence_ids, 5)
        r10 = recall_at(ids, q.evidence_ids, 10)
        self.r10 += r10
        self.rr += reciprocal_rank(ids, q.evidence_ids)
        self.hit_records += sum(len(i) for i in ids[:10])
        self.hits += len(ids[:10])
        if r10 < 1:
            self.misses.append(q.q)

    def row(self) -> dict[str, float]:
        n = self.n or 1
        return {"n": self.n, "recall@5": self.r5 / n, "recall@10": self.r10 / n, "mrr": self.rr / n,
                "records_per_hit": self.hit_records / (self.hits or 1)}


def evaluate(convs: list[Conversation], *, limit: int = 10, searcher=None,
             by_conversation: bool = False) -> dict[str, dict[str, float]]:
    """Per category name and "overall": n, recall@5, recall@10, MRR, records per hit (answerable
    questions whose evidence was found in the vault). With ``by_conversation``, per conversation
    ("conversation 26", ...) instead of per category: a rule should help on each."""
    by: dict[str, Scores] = {"overall": Scores()}
    for conv in convs:
        run = (searcher or search_fn)(conv, limit)
        for q in conv.questions:
            if q.cat not in ANSWERABLE or not q.evidence_ids:
                continue
            hits = run(q.q)
            for key in ("overall", f"conversation {conv.conv}" if by_conversation else CATS[q.cat]):
                by.setdefault(key, Scores()).add(hits, q)
    order = ["overall"] + ([f"conversation {c.conv}" for c in convs] if by_conversation
                           else [CATS[c] for c in ANSWERABLE])
    return {k: {**by[k].row(), "misses": by[k].misses} for k in order if k in by}


def recall_by_records(convs: list[Conversation], budgets: tuple[int, ...] = (20, 30, 40), *,
                      searcher=None) -> dict[int, float]:
    """Evidence recall within the first N records of the hit list (hits in rank order, a hit's records
    in order, cut at N): the comparison of two rankings whose hits hold different numbers of records."""
    tot = {b: 0.0 for b in budgets}
    n = 0
    for conv in convs:
        run = (searcher or search_fn)(conv, max(budgets))
        for q in conv.questions:
            if q.cat not in ANSWERABLE or not q.evidence_ids:
                continue
            read = [r for h in run(q.q) for r in h.record_ids]
            n += 1
            for b in budgets:
                tot[b] += len(q.evidence_ids & set(read[:b])) / len(q.evidence_ids)
    return {b: tot[b] / (n or 1) for b in budgets}


def list_places(lists: list[tuple[float, list[Any]]], rid: int, first: int = 6) -> str:
    """Where record ``rid`` sits in the ranked lists the fusion saw: "L<list>:<side> w<weight> @<rank>"
    (a trailing "w" when it came inside a window), the first ``first`` lists holding it, or "in no list"."""
    places = []
    for i, (weight, items) in enumerate(lists):
        rank = next((r for r, (_, rids, _) in enumerate(items) if rid in rids), None)
        if rank is not None:
            key, _, src = items[rank]
            places.append(f"L{i}:{src} w{weight:g} @{rank}{'w' if key[0] == 'w' else ''}")
    return " ".join(places[:first]) or "in no list"


def where_missed(convs: list[Conversation], cats: set[int]) -> list[str]:
    """For each question of ``cats`` whose evidence is not all in the first 10 hits: each evidence
    message, whether it was shown, and where it sat in every ranked list of the final fusion
    (``list_places``). Says which misses a weight could reach and which no list holds at all."""
    from desktop_app.core.retrieval import search as S

    seen: list[list[tuple[float, list[Any]]]] = []
    fuse = S._fuse

    def keep_lists(lists: list[tuple[float, list[Any]]], k: int, limit: int) -> list[Any]:
        seen[:] = [lists]   # the last fusion of a search is the one that ranks its hits
        return fuse(lists, k, limit)

    out: list[str] = []
    S._fuse = keep_lists
    try:
        for conv in convs:
            run = search_fn(conv)
            for q in conv.questions:
                if q.cat not in cats or not q.evidence_ids:
                    continue
                shown = {r for h in run(q.q)[:10] for r in h.record_ids}
                if q.evidence_ids <= shown:
                    continue
                out.append(f"[{conv.conv}] {CATS[q.cat]}: {q.q} -> {q.answer}")
                for rid in sorted(q.evidence_ids):
                    text = conv.vault.scalar("SELECT text FROM records WHERE id = ?", (rid,)) or ""
                    out.append(f"  {'shown' if rid in shown else 'MISS '} {text[:100]!r} {list_places(seen[0], rid)}")
    finally:
        S._fuse = fuse
    return out


def table(res: dict[str, dict[str, Any]]) -> str:
    lines = ["| category | questions | recall@5 | recall@10 | MRR | records per hit |", "|---|---|---|---|---|---|"]
    for k, r in res.items():
        lines.append(f"| {k} | {r['n']} | {r['recall@5']:.3f} | {r['recall@10']:.3f} | {r['mrr']:.3f} | "
                     f"{r['records_per_hit']:.1f} |")
    return "\n".join(lines)


# -- temporal agreement -------------------------------------------------------------------------

# Words that make a message say a time relatively. Chosen apart from the resolver, so that a phrase
# it does not understand counts as a miss instead of leaving the question set.
RELATIVE = re.compile(r"\b(yesterday|tonight|tomorrow|today|last|next|ago|this (?:week|weekend|month|year|summer|"
                      r"spring|fall|autumn|winter)|this past|weekend)\b", re.I)
_MONTHS = {m: i + 1 for i, m in enumerate(["january", "february", "march", "april", "may", "june", "july", "august",
                                           "september", "october", "november", "december"])}
_WEEKDAYS = {d: i for i, d in enumerate(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])}
_NUMS = {"one": 1, "two": 2, "three": 3, "four": 4, "a": 1}
_M = r"(" + "|".join(_MONTHS) + r")"


def _date(s: str) -> dt.date | None:
    s = s.strip().lower().replace(",", " ")
    m = re.fullmatch(r"(\d{1,2})\s+" + _M + r"\s+(\d{4})", " ".join(s.split()))
    if m:
        return dt.date(int(m.group(3)), _MONTHS[m.group(2)], int(m.group(1)))
    m = re.fullmatch(_M + r"\s+(\d{1,2})\s+(\d{4})", " ".join(s.split()))
    if m:
        return dt.date(int(m.group(3)), _MONTHS[m.group(1)], int(m.group(2)))
    return None


def gold_range(answer: str, said: dt.date | None = None) -> tuple[dt.date, dt.date] | None:
    """The days a gold temporal answer means, [first, after-last); None when it is not a date."""
    a = " ".join(answer.strip().lower().replace("`", "").replace(".", " ").replace(",", " ").split())
    a = re.sub(r"^(in|around|the)\s+", "", a)
    one = dt.timedelta(days=1)
    d = _date(a)
    if d:
        return d, d + one
    m = re.fullmatch(r"(\d{1,2})\s+" + _M, a)            # "13 august": the year of the message
    if m and said:
        d = dt.date(said.year, _MONTHS[m.group(2)], int(m.group(1)))
        return d, d + one
    m = re.fullmatch(_M + r"\s+(\d{4})", a)
    if m:
        y, mo = int(m.group(2)), _MONTHS[m.group(1)]
        return dt.date(y, mo, 1), dt.date(y + mo // 12, mo % 12 + 1, 1)
    m = re.fullmatch(r"(\d{4})", a)
    if m:
        return dt.date(int(a), 1, 1), dt.date(int(a) + 1, 1, 1)
    m = re.fullmatch(r"summer of (\d{4})", a)
    if m:
        return dt.date(int(m.group(1)), 6, 1), dt.date(int(m.group(1)), 9, 1)
    m = re.fullmatch(r"(?:the\s+)?(\w+)\s+before\s+(.+)", a)
    if m and _date(m.group(2)):
        what, ref = m.group(1), _date(m.group(2))
        if what in _WEEKDAYS:
            back = (ref.weekday() - _WEEKDAYS[what]) % 7 or 7
            d = ref - dt.timedelta(days=back)
            return d, d + one
        if what == "week":
            return ref - 7 * one, ref
        if what == "weekend":
            back = (ref.weekday() - 5) % 7 or 7
            sat = ref - dt.timedelta(days=back)
            sat = sat if sat + one < ref else sat - 7 * one
            return sat, sat + 2 * one
    m = re.fullmatch(r"(\w+)\s+(weeks|weekends)\s+before\s+(.+)", a)
    if m and m.group(1) in _NUMS and _date(m.group(3)):
        n, ref = _NUMS[m.group(1)], _date(m.group(3))
        if m.group(2) == "weeks":
            return ref - 7 * n * one, ref - 7 * (n - 1) * one
        back = (ref.weekday() - 5) % 7 or 7
        sat = ref - dt.timedelta(days=back)
        sat = (sat if sat + one < ref else sat - 7 * one) - 7 * (n - 1) * one
        return sat, sat + 2 * one
    m = re.fullmatch(r"week of (.+)", a)
    if m and _date(m.group(1)):
        ref = _date(m.group(1))
        mon = ref - dt.timedelta(days=ref.weekday())
        return mon, mon + 7 * one
    m = re.fullmatch(r"first weekend of " + _M + r"\s+(\d{4})", a)
    if m:
        d = dt.date(int(m.group(2)), _MONTHS[m.group(1)], 1)
        sat = d + dt.timedelta(days=(5 - d.weekday()) % 7)
        return sat, sat + 2 * one
    return None


def _day(ms: int) -> dt.date:
    return dt.datetime.fromtimestamp(ms / 1000, dt.timezone.utc).date()


def temporal_agreement(convs: list[Conversation]) -> dict[str, Any]:
    """Temporal questions whose gold answer is a date and whose evidence says a time relatively:
    does a resolution stored on the evidence fall inside the gold date (a day, week, month...)?"""
    from desktop_app.core.retrieval.timerefs import load as stored

    agree, misses, checked = 0, [], 0
    for conv in convs:
        for q in conv.questions:
            if q.cat != 2 or not q.evidence_ids:
                continue
            rows = conv.vault.query(f"SELECT id, ts, text FROM records WHERE id IN ({','.join('?' * len(q.evidence_ids))})",
                                    sorted(q.evidence_ids))
            relative = [r for r in rows if RELATIVE.search(r[2] or "")]
            said = _day(rows[0][1]) if rows and rows[0][1] else None
            gold = gold_range(q.answer, said)
            if gold is None or not relative:
                continue
            checked += 1
            refs = stored(conv.vault, [r[0] for r in relative])
            g0, g1 = gold
            ok = any(g0 <= _day(t.from_ms) and _day(t.to_ms - 1) < g1 for ts in refs.values() for t in ts)
            if ok:
                agree += 1
            else:
                got = "; ".join(f"{t.phrase!r} → {t.label}" for ts in refs.values() for t in ts) or "no resolution"
                misses.append(f"{q.q} gold {q.answer!r}: {got}")
    return {"checked": checked, "agree": agree, "share": agree / checked if checked else 0.0, "misses": misses}


def main() -> None:
    from tests.locomo.data import conversations

    ap = argparse.ArgumentParser()
    ap.add_argument("--misses", action="store_true")
    ap.add_argument("--where", default="", help="categories (1-4, comma-separated): where each missed evidence sits")
    a = ap.parse_args()
    convs = conversations(embed=True)
    if a.where:
        print("\n".join(where_missed(convs, {int(c) for c in a.where.split(",")})))
        return
    res = evaluate(convs)
    print(table(res))
    print()
    print(table(evaluate(convs, by_conversation=True)))
    t = temporal_agreement(convs)
    print(f"\ntemporal agreement: {t['agree']}/{t['checked']} = {t['share']:.3f}")
    for m in t["misses"]:
        print("  miss:", m)
    if a.misses:
        for k, r in res.items():
            if k != "overall":
                print(f"\n## {k} misses ({len(r['misses'])})")
                for q in r["misses"]:
                    print("  ", q)


if __name__ == "__main__":
    main()
