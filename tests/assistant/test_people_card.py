""""Who is Jordan?" is answered from the vault: the messages exchanged and the ties, exact and cited."""

from __future__ import annotations

from desktop_app.core.assistant.ask import ask_collect


def test_who_is_a_person_answers_how_you_know_them(demo):
    # it declined before: "the question has no words to look for"
    a = ask_collect(demo, "Who is Jordan?", engine=None)
    assert a.kind == "analytic" and a.text.startswith("Jordan Lee: you exchanged ")
    n = a.facts["messages"]
    assert n == sum(a.facts["platforms"].values()) and f"{n} messages" in a.text
    assert "a friend on Facebook since" in a.text
    cited = [c for c in a.citations if c.cited]
    assert len(cited) == 3 and cited[-1].kind == "friend"


def test_a_question_about_someone_of_theirs_is_no_card(demo):
    a = ask_collect(demo, "Who is Jordan's sister?", engine=None)
    assert a.kind != "analytic"
