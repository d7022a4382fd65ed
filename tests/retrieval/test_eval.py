"""The persona evaluation: fast checks with the hash embedder, the real figures in a slow test."""

from __future__ import annotations

import pytest

from desktop_app.core.retrieval import indexer
from desktop_app.core.retrieval.embedder import HashEmbedder, embedder_available
from desktop_app.core.retrieval.search import search
from tests.retrieval.evaluate import evaluate, rank_of, table
from tests.synth import persona


def test_persona_is_deterministic_and_well_formed():
    a, b = persona.build(3), persona.build(3)
    assert [r.content_hash() for r in a.records] == [r.content_hash() for r in b.records]
    assert len(a.questions) >= 100
    hashes = {r.content_hash() for r in a.records}
    assert len(hashes) == len(a.records)
    assert all(set(q.expected_hashes) <= hashes and q.answer for q in a.questions)
    assert sum(q.filters is not None for q in a.questions) >= 10
    assert sum(q.kind == "date" for q in a.questions) >= 10
    assert len({q.question for q in a.questions if q.filters is None}) >= 90


def test_evaluation_runs_on_every_mode(vault):
    p = persona.build()
    ids = p.write(vault)
    emb = HashEmbedder()
    indexer.embed_pending(vault, embedder=emb)
    res = evaluate(vault, p, ids, embedder=emb, questions=p.questions[::3])
    assert set(res) == {"keyword", "semantic", "hybrid"}
    for r in res.values():
        assert 0 <= r["recall@5"] <= r["recall@10"] <= 1 and 0 <= r["mrr"] <= 1
    assert "| hybrid |" in table(res)
    # every planted fact is searchable by its own words (the index holds it)
    for q in p.questions[:20]:
        text = next(r.text for r in p.records if r.content_hash() == q.expected_hashes[0])
        hits = search(vault, f'"{text}"', mode="keyword", limit=10).hits
        assert rank_of(hits, {ids[q.expected_hashes[0]]}) is not None


@pytest.mark.slow
@pytest.mark.skipif(not embedder_available(), reason="embedded model not installed")
def test_real_embedder_evaluation(vault):
    from desktop_app.core.retrieval.embedder import get_embedder

    p = persona.build()
    ids = p.write(vault)
    emb = get_embedder()
    indexer.embed_pending(vault, embedder=emb)
    res = evaluate(vault, p, ids, embedder=emb)
    print("\n" + table(res))
    # Measured 0.942 hybrid recall@10 (0.857 before query centering; BENCHMARKS.md), kept there while
    # ranking was tuned on LoCoMo: the floor sits one question or two under it.
    assert res["hybrid"]["recall@10"] >= 0.93
    assert res["hybrid"]["recall@10"] >= res["semantic"]["recall@10"]
    assert res["hybrid"]["recall@10"] > res["keyword"]["recall@10"] + 0.3
    assert res["hybrid"]["recall@5"] >= res["semantic"]["recall@5"] - 0.02


def _locomo_or_skip():
    from tests.locomo.data import locomo_dir

    if locomo_dir() is None:
        pytest.skip("LoCoMo development split absent: ../shared/eval/locomo (CC BY-NC, never copied into the project)")


@pytest.mark.slow
@pytest.mark.skipif(not embedder_available(), reason="embedded model not installed")
def test_locomo_retrieval_and_time_resolution(tmp_path):
    """LoCoMo's development split through the real importer, sync and embedder.

    Measured (BENCHMARKS.md, search section): evidence recall@10 0.880 overall (issue target 0.85),
    recall@5 0.816, MRR 0.694; temporal 0.978, single-hop 0.932, multi-hop 0.684 and open-domain
    0.618 (19 questions; target 0.70 each: the last two not met), with 3.9 records per hit (a message
    with the turn before and after, one more before when that turn asks, and a hit that borders one
    above it folded into it; when no record holds most of a question's words, the archive's words
    nearest it in meaning are a keyword list too); stored time resolutions agree with 64 of 69 gold
    dates (the misses are mostly gold slips, e.g. "last Saturday" graded as a Sunday). The floors sit
    a little under the measured figures.
    """
    _locomo_or_skip()
    from tests.locomo.data import conversations
    from tests.locomo.retrieval_eval import evaluate, table, temporal_agreement

    convs = conversations(embed=True, tmp=tmp_path)
    res = evaluate(convs)
    print("\n" + table(res))
    assert res["overall"]["recall@10"] >= 0.85 and res["overall"]["recall@5"] >= 0.79
    assert res["temporal"]["recall@10"] >= 0.95 and res["single-hop"]["recall@10"] >= 0.90
    assert res["multi-hop"]["recall@10"] >= 0.67 and res["open-domain"]["recall@10"] >= 0.60
    assert res["overall"]["records_per_hit"] <= 4.2      # hits stay tight (folded neighbours: 3.9)
    t = temporal_agreement(convs)
    assert t["checked"] >= 60 and t["share"] >= 0.90, t["misses"]
    for c in convs:
        c.vault.lock()
