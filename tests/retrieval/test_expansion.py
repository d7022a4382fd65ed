"""Query expansion from the archive's own words (retrieval/expansion.py)."""

from __future__ import annotations

import pytest

from desktop_app.core.domain import Record, Thread
from desktop_app.core.ingest.writer import RecordWriter
from desktop_app.core.retrieval import expansion, indexer
from desktop_app.core.retrieval.embedder import HashEmbedder, embedder_available
from tests.retrieval.conftest import write_chat

CHAT = "facebook:inbox/mel"
LINES = [
    ("Mel Rivera", "I just signed up for a pottery class yesterday, it's like therapy for me"),
    ("Alex Doe", "that sounds relaxing, pottery is great"),
    ("Mel Rivera", "therapy with clay and a wheel, so relaxing after work"),
    ("Alex Doe", "my garden is my therapy, weeding is relaxing"),
    ("Mel Rivera", "we went camping with the kids and roasted marshmallows"),
    ("Alex Doe", "camping sounds fun, the kids must have loved the marshmallows"),
    ("Mel Rivera", "Zanzibarian lighthouse keeper once"),
]


def _fill(vault) -> dict[str, int]:
    return write_chat(vault, "Alex Doe", "Mel Rivera", LINES, CHAT)


def _vocab(vault, emb) -> list[str]:
    got = expansion._vocabulary(vault, emb, wait=True)
    return got[0] if got else []


def test_the_vocabulary_is_the_archives_repeated_words(vault):
    _fill(vault)
    words = _vocab(vault, HashEmbedder())
    assert {"pottery", "therapy", "relaxing", "camping", "marshmallows"} <= set(words)
    assert "zanzibarian" not in words          # in one record only
    assert "with" not in words and "the" not in words   # stopwords and short words
    emb = HashEmbedder()
    assert expansion.prepare(vault, emb)
    q = emb.encode_query("pottery therapy")
    got = expansion.expansion_words(vault, emb, "pottery therapy", q, n=3)
    assert len(got) == 3 and not {"pottery", "therapy"} & set(got)   # never the question's own words


def test_an_embedder_without_document_encoding_expands_nothing(vault):
    class QueryOnly:
        name = "query-only"

        def encode_query(self, text):
            return HashEmbedder().encode_query(text)

    _fill(vault)
    assert expansion.expansion_words(vault, QueryOnly(), "camping", HashEmbedder().encode_query("camping")) == []


def test_forget_drops_its_words_from_the_vocabulary(vault):
    from desktop_app.core.privacy import forget as fg

    ids = _fill(vault)
    emb = HashEmbedder()
    indexer.embed_pending(vault, embedder=emb)
    assert "marshmallows" in _vocab(vault, emb)
    fg.forget(vault, record_ids=[ids[LINES[4][1]]])   # one of the two records saying it
    assert "marshmallows" not in _vocab(vault, emb)   # in one record now: no longer the archive's vocabulary


@pytest.mark.slow
@pytest.mark.skipif(not embedder_available(), reason="embedded model not installed")
def test_a_question_without_the_answers_words_reaches_them(vault):
    from desktop_app.core.retrieval.embedder import get_embedder
    from desktop_app.core.retrieval.search import search

    ids = _fill(vault)
    emb = get_embedder()
    indexer.embed_pending(vault, embedder=emb)
    q = "What does Mel do to destress?"
    assert expansion.prepare(vault, emb)
    words = expansion.expansion_words(vault, emb, q, emb.encode_query(q))
    assert {"therapy", "relaxing"} & set(words)
    hits = search(vault, q, embedder=emb, limit=3).hits
    assert ids[LINES[0][1]] in {r for h in hits for r in h.record_ids}
