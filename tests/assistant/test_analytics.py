"""Counts, firsts, lasts and top-N are exact (SQL), respect the scope and every constraint, and need no model."""

from __future__ import annotations

import pytest

from desktop_app.core.assistant import analytics
from desktop_app.core.assistant.ask import ask_collect
from desktop_app.core.llm.engine import StubEngine
from desktop_app.core.privacy.scope import Scope
from tests.assistant.data import Canned, ms, populate, record_id


@pytest.fixture
def filled(vault):
    return vault, populate(vault)


@pytest.mark.parametrize("question,key", [
    ("How many messages did I send in 2019?", "sent_2019"),
    ("how many messages did I send in 2020", "sent_2020"),
    ("How many messages did I send to Sam?", "sent_to_sam"),
])
def test_counts_exact(filled, question, key):
    vault, exp = filled
    r = analytics.analyze(vault, question)
    assert r.intent == "count" and r.data["count"] == exp[key]
    a = ask_collect(vault, question, engine=StubEngine())
    assert a.kind == "analytic" and str(exp[key]) in a.text
    assert a.facts["count"] == exp[key]


def test_count_matches_sql_ground_truth(filled):
    vault, _ = filled
    truth = vault.scalar("SELECT count(*) FROM records WHERE kind='message' AND is_mine=1 AND ts >= ? AND ts < ?",
                         (ms(2020), ms(2021)))
    assert analytics.analyze(vault, "How many messages did I send in 2020?").data["count"] == truth


def test_first_and_last(filled):
    vault, exp = filled
    a = ask_collect(vault, "When did I first message Sam?", engine=StubEngine())
    assert exp["first_to_sam_day"] in a.text
    assert a.citations[0].record_id == record_id(vault, "want to go climbing")
    b = ask_collect(vault, "When did Maria last message me?", engine=StubEngine())
    assert exp["last_from_maria_day"] in b.text


def test_top_n(filled):
    vault, exp = filled
    a = ask_collect(vault, "Who do I talk to most?", engine=StubEngine())
    assert exp["top_all"] in a.text and str(exp["top_all_n"]) in a.text
    b = ask_collect(vault, "who did I talk to most in 2019?", engine=StubEngine())
    assert exp["top_2019"] in b.text and str(exp["top_2019_n"]) in b.text
    assert a.facts["top"][0] == {"name": exp["top_all"], "count": exp["top_all_n"]}


def test_scope_is_respected(filled):
    vault, _ = filled
    maria_thread = vault.scalar("SELECT id FROM threads WHERE key = 'facebook:inbox/maria'")
    scope = Scope(excluded_thread_ids={maria_thread})
    r = analytics.analyze(vault, "how many messages did I send in 2020", scope)
    assert r.data["count"] == 1  # only the one to Sam
    top = analytics.analyze(vault, "who do I talk to most", scope)
    assert top.data["top"][0]["name"] == "Sam Rivera"
    r2 = analytics.analyze(vault, "How many messages did I send in 2019?", Scope(date_from_ms=ms(2019, 7)))
    assert r2.data["count"] == 1


def test_unknown_person_and_not_analytic(filled):
    vault, _ = filled
    a = ask_collect(vault, "When did I first message Bob?", engine=StubEngine())
    assert "could not find anyone called Bob" in a.text
    assert analytics.analyze(vault, "what did I tell Maria about the new job?") is None


class _Liar(StubEngine):
    """Would restate the figure wrongly and echo the prompt, if it were ever asked."""

    def reply(self, prompt):
        return "You sent lots of messages, maybe 40 [9]. BEGIN UNTRUSTED RECORDS QUESTION: what"


def test_exact_answers_never_wait_for_or_pass_through_a_model(filled):
    vault, exp = filled
    for eng in (_Liar(), StubEngine(delay_s=5.0), None):
        a = ask_collect(vault, "How many messages did I send in 2019?", engine=eng)
        assert a.kind == "analytic" and str(exp["sent_2019"]) in a.text
        assert "40" not in a.text and "[9]" not in a.text and "UNTRUSTED" not in a.text
        if eng is not None:
            assert eng.prompts == []          # the model was never asked
    assert a.timings["total_s"] < 5.0         # not the 5 s the slow stub would take


def test_a_topic_in_a_top_n_question_is_applied(filled):
    """"Who did I talk to most about X" counts only messages about X (was: the overall top)."""
    vault, exp = filled
    a = ask_collect(vault, "Who did I talk to most about climbing?", engine=None)
    assert a.kind == "analytic" and "Sam Rivera" in a.text and "Maria" not in a.text
    assert a.facts["topic"] == ["climbing"] and "about “climbing”" in a.text
    b = ask_collect(vault, "How many messages did I send about Northwind?", engine=None)
    assert b.facts["count"] == 1 and b.facts["topic"] == ["northwind"]
    c = ask_collect(vault, "Who did I talk to most about zeppelins?", engine=None)
    assert "could not find" in c.text.lower() and "zeppelins" in c.text


@pytest.mark.parametrize("q", ["How many tries did it take me to get my licence?", "How many dogs did I walk at the shelter?",
                               "What was the first book Lucía recommended to me?", "Who is the most fun friend?"])
def test_other_questions_are_not_counted(vault, q):
    populate(vault)
    assert analytics.analyze(vault, q) is None


def test_months_and_times_follow_the_users_time_zone(vault):
    """A message sent at 23:30 UTC on 31 March 2024 is 1 April in Lisbon (UTC+1 after the DST change):
    with the vault's zone set to Lisbon, "in March 2024" leaves it out and "in April 2024" counts it."""
    import datetime as dt

    from desktop_app.core.domain import Record
    from desktop_app.core.ingest.writer import RecordWriter
    from desktop_app.core.timezone import set_zone
    late = int(dt.datetime(2024, 3, 31, 23, 30, tzinfo=dt.timezone.utc).timestamp() * 1000)
    with vault.transaction():
        w = RecordWriter(vault, owner_names=["Alex Doe"])
        w.mark_me("facebook", "Alex Doe")
        w.write([Record("facebook", "message", late, "Alex Doe", "see you tomorrow", thread_key="facebook:inbox/x")])
    q_march, q_april = "How many messages did I send in March 2024?", "How many messages did I send in April 2024?"
    set_zone(vault, "Europe/Lisbon")
    assert analytics.analyze(vault, q_march).data["count"] == 0
    assert analytics.analyze(vault, q_april).data["count"] == 1
    first = ask_collect(vault, "When did I send my first message?", engine=None)
    assert "2024-04-01 00:30 Europe/Lisbon" in first.text
    set_zone(vault, "UTC")
    assert analytics.analyze(vault, q_march).data["count"] == 1


def test_most_frequent_contacts_is_a_top_n_question(filled):
    vault, _ = filled
    top = analytics.analyze(vault, "Who is my most frequent contact?", None)
    assert top is not None and top.intent == "top" and top.data["top"] == analytics.analyze(
        vault, "Who do I talk to most?", None).data["top"]        # "frequent" is no topic to filter by


def test_what_the_demo_user_asks_of_counts_and_lasts(demo):
    # each of these had declined on the demo archive ("no record answers it closely enough")
    mine = demo.scalar("SELECT count(*) FROM records WHERE is_mine = 1 AND kind IN ('message', 'post', 'comment') "
                       "AND lower(text) LIKE '%sourdough%'")
    a = analytics.analyze(demo, "How many times did I mention sourdough?", None)
    assert a.data["count"] == mine and a.template.startswith(f"You mentioned “sourdough” in {mine} ")
    sams = analytics.analyze(demo, "How many times did Sam mention the canoe?", None)
    assert sams.template.startswith("Sam Carter mentioned “canoe”")
    last = analytics.analyze(demo, "What was the last thing Jordan said to me?", None)
    text, author = demo.execute("SELECT text, author FROM records WHERE id = ?", (last.data["record_id"],)).fetchone()
    assert last.intent == "last" and author == "Jordan Lee" and f"“{text}”" in last.template
    assert analytics.analyze(demo, "How many times did I talk to Sam?", None).intent == "count"


def test_who_i_talk_to_about_a_topic_matches_any_form_of_its_word(demo):
    # "climbing" is said "That crack climb!" in the chat with Jordan
    top = analytics.analyze(demo, "Who do I talk to about climbing?", None)
    assert top.intent == "top" and top.data["top"] and top.data["top"][0]["name"] == "Jordan Lee"
    assert ": 1 message [1]" in top.template or "messages [1]" in top.template
