"""List questions ("What hobbies does Mel have?") search once more from their first answers."""

from __future__ import annotations

import pytest

from desktop_app.core.domain import Record, Thread
from desktop_app.core.ingest.writer import RecordWriter
from desktop_app.core.retrieval import indexer, listq, search as S
from desktop_app.core.retrieval.embedder import HashEmbedder
from tests.retrieval.conftest import ms

KEY = "facebook:inbox/mel"


@pytest.mark.parametrize("q", ["What activities does Melanie partake in?", "What outdoor activities has John done?",
                               "What kinds of books does Caroline have?",
                               "Which European countries has Maria been to?", "What hobbies does Mel have?",
                               "What types of yoga has Maria practiced?", "What symbols are important to Caroline?"])
def test_enumerations_are_list_questions(q):
    assert listq.list_like(q)


@pytest.mark.parametrize("q", ["When did Melanie go camping?", "What is Caroline's identity?",
                               "What did Melanie paint recently?", "Would John be considered patriotic?",
                               "What does Melanie do to destress?", "What kind of pot did Mel make with clay?"])
def test_other_questions_are_not(q):
    assert not listq.list_like(q)


def _chat(vault) -> dict[str, int]:
    """Mel's hobbies over many days: one message says 'hobbies', another only shares its words with it."""
    lines = [(ms(2023, 5, 1, 13), "Mel", "my hobbies lately: pottery and clay bowls"),
             (ms(2023, 8, 20, 13), "Mel", "fired two clay bowls at the pottery studio")]
    for i in range(30):   # one unrelated message a day, each its own moment
        lines.append((ms(2023, 7, 1 + i % 28, 9 + i // 28), "Mel" if i % 2 else "Caro",
                      f"the bus number {i} was late again near station {i}"))
    _write(vault, lines)
    return dict(vault.query("SELECT text, id FROM records"))


def _write(vault, lines: list[tuple[int, str, str]]) -> None:
    """Caro's (the owner's) chat with Mel, embedded."""
    with vault.transaction():
        w = RecordWriter(vault, owner_names=["Caro"])
        w.mark_me("facebook", "Caro")
        w.thread_id(Thread(KEY, "facebook", "Mel", ["Mel", "Caro"]))
        w.write([Record("facebook", "message", ts, who, text, thread_key=KEY) for ts, who, text in lines])
    indexer.embed_pending(vault, embedder=HashEmbedder())


def _found(vault, q: str, limit: int = 10) -> list[list[int]]:
    return [h.record_ids for h in S.search(vault, q, limit=limit, embedder=HashEmbedder()).hits]


def test_feedback_finds_an_answer_that_shares_words_only_with_the_first_one(vault, monkeypatch):
    ids = _chat(vault)
    q = "What hobbies does Mel have?"
    monkeypatch.setattr(S, "PRF_KEEP", 1)
    monkeypatch.setattr(S, "PRF_WEIGHT", 0.0)
    off = _found(vault, q, limit=2)
    monkeypatch.setattr(S, "PRF_WEIGHT", 0.3)
    on = _found(vault, q, limit=2)
    first, second = ids["my hobbies lately: pottery and clay bowls"], ids["fired two clay bowls at the pottery studio"]
    assert first in off[0] and first in on[0]            # the first hit keeps its place
    assert not any(second in h for h in off)
    assert any(second in h for h in on)


def test_feedback_leaves_other_questions_alone(vault, monkeypatch):
    _chat(vault)
    q = "Mel pottery studio bowls"
    monkeypatch.setattr(S, "PRF_WEIGHT", 0.0)
    off = _found(vault, q)
    monkeypatch.setattr(S, "PRF_WEIGHT", 0.3)
    assert _found(vault, q) == off


def _pottery_evening(vault) -> None:
    """Caro (the owner) tells of pottery over one evening (a conversation window) and on days of her own."""
    lines = [(ms(2023, 6, 3, 19) + i * 60_000, "Caro" if i % 2 else "Mel", t) for i, t in enumerate(
        ["how was the pottery class", "pottery class was great, clay bowls and cups",
         "what did you make with the clay", "two clay bowls and a pottery cup for the kids"])]
    lines += [(ms(2023, 7, 1 + i, 9), "Caro", f"pottery studio day {i}: clay bowls drying") for i in range(6)]
    _write(vault, lines)


def _feedback_list(vault, monkeypatch, q: str) -> list:
    """The items of the feedback list of one search (told apart by its weight)."""
    seen: list = []
    fuse = S._fuse

    def spy(lists, k, limit, *a):
        seen[:] = [items for weight, items in lists if weight == 0.37]
        return fuse(lists, k, limit, *a)

    monkeypatch.setattr(S, "_fuse", spy)
    monkeypatch.setattr(S, "PRF_WEIGHT", 0.37)
    S.search(vault, q, limit=10, embedder=HashEmbedder())
    return seen[0] if seen else []


def test_feedback_list_ranks_records_not_windows(vault, monkeypatch):
    """The feedback list holds the subject's own words; a window's vector is both sides' words, so
    only single records answer there (the owner's case: their words are checked record by record)."""
    _pottery_evening(vault)
    q = "What kinds of pottery does Caro make?"
    assert listq.list_like(q)
    monkeypatch.setattr(S, "PRF_RECORDS_ONLY", False)
    assert any(key[0] == "w" for key, _, _ in _feedback_list(vault, monkeypatch, q))   # windows would be there
    monkeypatch.setattr(S, "PRF_RECORDS_ONLY", True)
    items = _feedback_list(vault, monkeypatch, q)
    assert items and all(key[0] == "r" for key, _, _ in items)
