"""Retrieval evaluation over the persona: recall@5, recall@10 and MRR per search mode."""

from __future__ import annotations

from typing import Any

from desktop_app.core.retrieval.search import search


def rank_of(hits, expected_ids: set[int]) -> int | None:
    """1-based rank of the first hit holding an expected record (a window counts), else None."""
    for i, h in enumerate(hits, 1):
        if expected_ids.intersection(h.record_ids):
            return i
    return None


def evaluate(vault, persona, ids: dict[str, int], *, modes=("keyword", "semantic", "hybrid"), embedder=None,
             questions=None, rrf_k: int | None = None, limit: int = 10) -> dict[str, dict[str, Any]]:
    questions = persona.questions if questions is None else questions
    if embedder is not None:   # the expansion vocabulary is built in the background: have it ready
        from desktop_app.core.retrieval import expansion

        expansion.prepare(vault, embedder)
    out: dict[str, dict[str, Any]] = {}
    for mode in modes:
        r5 = r10 = 0
        rr = 0.0
        misses: list[str] = []
        for q in questions:
            kw: dict[str, Any] = {"filters": q.filters, "limit": limit, "mode": mode, "embedder": embedder}
            if rrf_k is not None:
                kw["rrf_k"] = rrf_k
            res = search(vault, q.question, **kw)
            rank = rank_of(res.hits, {ids[h] for h in q.expected_hashes if h in ids})
            if rank is not None:
                r5 += rank <= 5
                r10 += rank <= 10
                rr += 1.0 / rank
            else:
                misses.append(q.question)
        n = len(questions) or 1
        out[mode] = {"recall@5": r5 / n, "recall@10": r10 / n, "mrr": rr / n, "n": len(questions), "misses": misses}
    return out


def table(results: dict[str, dict[str, Any]]) -> str:
    lines = ["| mode | recall@5 | recall@10 | MRR | questions |", "|---|---|---|---|---|"]
    for mode, r in results.items():
        lines.append(f"| {mode} | {r['recall@5']:.3f} | {r['recall@10']:.3f} | {r['mrr']:.3f} | {r['n']} |")
    return "\n".join(lines)
