""""What do Sam and I talk about?" / "Summarize my conversations with Sam": the messages counted and dated, and
the words that set the conversation apart from the rest of the archive, each cited by the latest message
saying it (the open route had quoted two unrelated messages)."""

from __future__ import annotations

from desktop_app.core.assistant import talk_about
from desktop_app.core.assistant.ask import ask_collect


def test_a_conversation_is_summed_up_by_what_sets_it_apart(demo):
    a = ask_collect(demo, "What do Maria and I talk about?", engine=None)
    assert a.kind == "analytic" and a.text.startswith("You and Maria González exchanged "), a.text
    topics = a.facts["topics"]
    assert "Northwind Studio" in topics and "Northwind" not in topics    # a name is one topic, not its words
    cited = [c for c in a.citations if c.cited]
    assert len(cited) == len(topics)
    for word, c in zip(topics, cited):                        # each cited by a message that says it
        assert word.lower() in c.text.lower()
    assert "late" not in topics              # "Running late, sorry!" is said in every conversation


def test_summarize_asks_the_same_and_someone_of_theirs_is_not_them(demo):
    a = talk_about.answer(demo, "Summarize my conversations with Maria", None)
    b = talk_about.answer(demo, "What do Maria and I talk about?", None)
    assert a is not None and b is not None and a.data["topics"] == b.data["topics"]
    # someone of theirs, or someone unknown, is said so (the lookup had answered "Blue Lake", a span of a post)
    kids = talk_about.answer(demo, "What do Maria's kids and I talk about?", None)
    assert kids is not None and kids.data["messages"] == 0 and "does not say who Maria's kids are" in kids.template
    bob = talk_about.answer(demo, "What do Bob and I talk about?", None)
    assert bob is not None and "No one called Bob" in bob.template
    a = ask_collect(demo, "What do Maria's kids and I talk about?", engine=None)
    assert "does not say who" in a.text and not a.citations


def test_the_rest_of_the_archive_it_is_compared_with_keeps_to_the_scope(demo):
    from desktop_app.core.privacy.scope import Scope

    maria = talk_about.answer(demo, "What do Maria and I talk about?", None)
    theirs = set(talk_about._threads_with(demo, [r for (r,) in demo.query(
        "SELECT id FROM people WHERE display_name = 'Maria González'")]))
    others = {t for (t,) in demo.query("SELECT id FROM threads")} - theirs
    kept_out = talk_about.answer(demo, "What do Maria and I talk about?", Scope(excluded_thread_ids=others))
    assert maria.data["topics"] and kept_out.data["messages"] == maria.data["messages"]
    assert kept_out.data["topics"] == []    # nothing left to compare with: the other threads were not read
