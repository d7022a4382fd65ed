""""What did Maria tell me?" (a person and a verb of saying, nothing to search for) is answered from the
vault: that person's latest messages in their own words, counted and cited; any other word is a lookup."""

from __future__ import annotations

from desktop_app.core.assistant import said_by
from desktop_app.core.assistant.ask import ask_collect


def _theirs(vault, name: str, questions: bool = False) -> list[str]:
    rows = vault.query("SELECT r.text FROM records r JOIN people p ON p.id = r.author_id WHERE r.kind = 'message' "
                       "AND p.display_name = ? ORDER BY r.ts DESC", (name,))
    return [t for (t,) in rows if not questions or "?" in t]


def test_what_someone_told_me_is_their_latest_messages_counted_and_cited(demo):
    # it declined before: "the question has no words to look for"
    a = ask_collect(demo, "What did Maria tell me?", engine=None)
    theirs = _theirs(demo, "Maria González")
    assert a.kind == "analytic" and a.facts["count"] == len(theirs)
    assert a.text.startswith(f"Maria González sent you {len(theirs)} messages; the latest: “{theirs[0]}”")
    cited = [c for c in a.citations if c.cited]
    assert len(cited) == said_by.SHOWN and all(c.author == "Maria González" for c in cited)
    assert len({c.text for c in cited}) == len(cited)           # a text said again is quoted once


def test_what_someone_asked_me_is_their_questions(demo):
    a = ask_collect(demo, "What did Maria ask me?", engine=None)
    assert a.facts["count"] == len(_theirs(demo, "Maria González", questions=True))
    assert all("?" in t for t in a.facts["items"])


def test_a_topic_makes_it_a_lookup_and_a_time_narrows_it(demo):
    assert said_by.answer(demo, "What did Sam tell me about the canoe?", None) is None
    assert said_by.answer(demo, "What did Sam's uncle say?", None) is None
    every = said_by.answer(demo, "What did Maria tell me?", None)
    in_march = said_by.answer(demo, "What did Maria tell me in March 2023?", None)
    assert 0 < in_march.data["count"] < every.data["count"] and " in March 2023" in in_march.template
