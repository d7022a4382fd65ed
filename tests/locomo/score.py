"""LoCoMo's scoring, as its README describes: SQuAD-style token F1, evidence recall@k, declines."""

from __future__ import annotations

import re
import string
from collections import Counter

_ARTICLES = re.compile(r"\b(a|an|the|and)\b")
_PUNCT = set(string.punctuation) | {"‘", "’", "“", "”", "—", "–"}


def normalize(text: str) -> str:
    text = (text or "").lower()
    text = "".join(" " if ch in _PUNCT else ch for ch in text)
    text = _ARTICLES.sub(" ", text)
    return " ".join(text.split())


def f1(prediction: str, gold: str) -> float:
    p, g = normalize(prediction).split(), normalize(gold).split()
    if not p or not g:
        return float(p == g)
    common = sum((Counter(p) & Counter(g)).values())
    if common == 0:
        return 0.0
    precision, recall = common / len(p), common / len(g)
    return 2 * precision * recall / (precision + recall)


def recall_at(hit_record_ids: list[list[int]], evidence_ids: set[int], k: int) -> float:
    """Share of the evidence records that are among the records behind the top-k hits."""
    if not evidence_ids:
        return 0.0
    seen = {r for ids in hit_record_ids[:k] for r in ids}
    return len(evidence_ids & seen) / len(evidence_ids)


def reciprocal_rank(hit_record_ids: list[list[int]], evidence_ids: set[int]) -> float:
    for i, ids in enumerate(hit_record_ids, 1):
        if evidence_ids.intersection(ids):
            return 1.0 / i
    return 0.0
