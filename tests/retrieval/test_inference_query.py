"""Where a person's lists are ranked by the plain (uncentred) query: for a question asking an inference
about them ("Would Mel be considered religious?"), beside the centred lists (search.INFERENCE), and in
place of a centred list left empty (search.EMPTY_PLAIN_WEIGHT)."""

from __future__ import annotations

import pytest

from desktop_app.core.retrieval import indexer, search as S, semantic
from desktop_app.core.retrieval.embedder import HashEmbedder
from tests.retrieval.conftest import write_chat


def _chat(vault) -> None:
    write_chat(vault, "Caro", "Mel", [("Mel" if i % 2 else "Caro", f"made a bowl at the church pottery studio, day {i}")
                                      for i in range(40)])
    indexer.embed_pending(vault, embedder=HashEmbedder())


def _centres(vault, monkeypatch, q: str) -> list[tuple[bool, float | None]]:
    """(the list is a person's, its centring) of every semantic list the search ranked."""
    calls: list[tuple[bool, float | None]] = []
    real = semantic.semantic_search

    def spy(vault, text, f, scope, cand, embedder=None, qvec=None, center=None):
        calls.append((f.person is not None or f.authors is not None, center))
        return real(vault, text, f, scope, cand, embedder, qvec, center)

    monkeypatch.setattr(semantic, "semantic_search", spy)
    S.search(vault, q, embedder=HashEmbedder())
    return calls


@pytest.mark.parametrize("q", ["Would Mel be considered religious?", "What might Mel's job be?",
                               "Would Mel likely enjoy a pottery class?"])
def test_an_inference_question_ranks_the_person_lists_by_the_plain_query_too(vault, monkeypatch, q):
    _chat(vault)
    calls = _centres(vault, monkeypatch, q)
    assert (True, 0.0) in calls                           # the person's lists, plain
    assert (True, None) in calls                          # ... beside the centred ones, kept
    assert (False, 0.0) not in calls                      # the archive-wide list stays centred
    monkeypatch.setattr(S, "INFERENCE_PLAIN_WEIGHT", 0.0)
    monkeypatch.setattr(S, "EMPTY_PLAIN_WEIGHT", 0.0)     # (a centred list left empty would bring one too)
    assert (True, 0.0) not in _centres(vault, monkeypatch, q)


@pytest.mark.parametrize("q", ["What did Mel make at the pottery studio?", "When did Mel go to church?"])
def test_other_questions_rank_by_the_centred_query_only(vault, monkeypatch, q):
    _chat(vault)
    assert all(c is None for _, c in _centres(vault, monkeypatch, q))


def test_a_person_list_the_centred_query_leaves_empty_is_ranked_by_the_plain_query(vault, monkeypatch):
    # "What did Melanie paint recently?": no unit of hers scored above the floor against the centred query
    _chat(vault)
    calls: list[tuple[bool, float | None, float]] = []
    real = semantic.semantic_search

    def centred_says_nothing(vault, text, f, scope, cand, embedder=None, qvec=None, center=None):
        out = real(vault, text, f, scope, cand, embedder, qvec, center)
        person = f.person is not None or f.authors is not None
        calls.append((person, center, len(out[0])))
        return ([], *out[1:]) if person and center is None else out

    monkeypatch.setattr(semantic, "semantic_search", centred_says_nothing)
    S.search(vault, "What did Mel make at the pottery studio?", embedder=HashEmbedder())
    assert [c for c in calls if c[0] and c[1] == 0.0 and c[2] > 0]      # the plain query ranked her words
    calls.clear()
    monkeypatch.setattr(S, "EMPTY_PLAIN_WEIGHT", 0.0)
    S.search(vault, "What did Mel make at the pottery studio?", embedder=HashEmbedder())
    assert not [c for c in calls if c[1] == 0.0]


def test_a_person_list_the_centred_query_fills_gets_no_plain_one(vault, monkeypatch):
    _chat(vault)
    assert all(c is None for _, c in _centres(vault, monkeypatch, "What did Mel make at the pottery studio?"))
