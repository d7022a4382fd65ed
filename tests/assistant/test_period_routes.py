"""Questions that name only a period or a friendship: "Where was I on 4 June 2023?", "What did I do in
August 2023?", "When did I become friends with Maria?". Each had been declined (no word to search for)
while the vault held the answer; each is answered from the records of that time, cited, or says plainly
that the period holds none."""

from __future__ import annotations

import datetime as dt

from desktop_app.core.assistant import analytics
from desktop_app.core.assistant.ask import ask_collect
from desktop_app.core.privacy.scope import Scope


def test_where_was_i_on_a_day_is_the_check_in_of_that_day(demo):
    a = ask_collect(demo, "Where was I on 4 June 2023?", engine=None)
    assert a.text.startswith("You checked in at Capitol Hill, Seattle on 4 June 2023"), a.text
    assert [c.snippet for c in a.citations if c.cited] == ["Capitol Hill, Seattle"]
    b = ask_collect(demo, "Where was I in 2024?", engine=None)
    assert "Leavenworth, Washington (13 April 2024)" in b.text and "Blue Lake Cabin (17 August 2024)" in b.text, b.text
    c = ask_collect(demo, "Where was I on 5 May 2023?", engine=None)
    assert c.text.startswith("No check-in or tagged place in your data is from 5 May 2023"), c.text


def test_a_period_after_the_data_says_where_the_data_ends(demo):
    a = ask_collect(demo, "Where was I last weekend?", engine=None)
    assert "your newest check-in is from 17 August 2024" in a.text, a.text
    b = ask_collect(demo, "What did I do last weekend?", engine=None)
    assert "they run from 2 March 2023 to 8 September 2024" in b.text, b.text


def test_what_did_i_do_in_a_month_lists_my_records_of_it_and_who_i_wrote_to(demo):
    a = ask_collect(demo, "What did I do in August 2023?", engine=None)
    assert a.text.startswith("In August 2023 your records say:"), a.text
    assert "checked in at Blue Lake Cabin [" in a.text and "Sunrise at Blue Lake with Sam" in a.text
    assert a.text.count("Sam Carter") == 1          # one person, though known on three platforms
    assert all(c.cited for c in a.citations)
    assert ask_collect(demo, "What happened in 2019?", engine=None).text.startswith(
        "None of your posts, check-ins, events or messages is from 2019")


def test_a_period_route_keeps_to_the_scope(demo):
    scope = Scope(excluded_platforms={"facebook"})
    a = ask_collect(demo, "What did I do in August 2023?", engine=None, scope=scope)
    assert "Blue Lake Cabin" not in a.text, a.text       # a Facebook check-in, outside the scope


def test_a_happening_of_a_thing_in_a_period_is_no_period_question(demo):
    a = ask_collect(demo, "What happened to the canoe in 2024?", engine=None)
    assert "your records say" not in a.text


def test_when_i_became_friends_is_the_day_of_the_friend_list(demo):
    a = ask_collect(demo, "When did I become friends with Maria?", engine=None)
    assert a.text == "You became friends with Maria González on Facebook on 2016-02-14 [1].", a.text
    b = ask_collect(demo, "How long have I been friends with Jordan?", engine=None)
    assert "2019-05-20" in b.text


def test_relative_periods_are_read_from_today():
    now = dt.datetime(2026, 12, 6, 12, tzinfo=dt.timezone.utc)      # a Sunday
    p = analytics.relative_period("What did I do last weekend?", now)
    assert p.label == "last weekend (28–29 November 2026)"
    assert p.end_ms - p.start_ms == 2 * 86_400_000
    assert analytics.relative_period("where was I yesterday", now).label == "yesterday (5 December 2026)"
    assert analytics.relative_period("last week?", now).label == "last week (23–29 November 2026)"
    assert analytics.relative_period("last month", now).label == "last month (1–30 November 2026)"
    assert analytics.relative_period("in the summer", now).label == ""


def test_how_many_messages_i_exchanged_with_someone_is_no_topic(demo):
    a = ask_collect(demo, "How many messages did I exchange with Sam?", engine=None)
    assert a.text.startswith("There were ") and "messages with Sam Carter." in a.text, a.text
    assert "about" not in a.text


def test_how_many_times_i_went_somewhere_counts_the_days_i_checked_in_there(demo):
    # "Blue Lake, year two." had answered "How many times did I go to Blue Lake?" with "year two"
    a = ask_collect(demo, "How many times did I go to Blue Lake?", engine=None)
    assert a.text.startswith("2 times, by your check-ins: Blue Lake Cabin on 19 August 2023 [1]"), a.text
    b = ask_collect(demo, "How many times did I visit Tokyo?", engine=None)
    assert b.text.startswith("None of your check-ins names “Tokyo”"), b.text


def test_when_i_first_or_last_mentioned_something_reads_my_own_writing(demo):
    from desktop_app.core.profile import derive

    derive.derive_profile(demo)     # as after any import: Sam on three platforms is one person
    a = ask_collect(demo, "When was the first time I mentioned Blue Lake?", engine=None)
    assert a.text.startswith("You first mentioned “blue lake” on 2023-07-20"), a.text   # not Sam's message of 10 July
    b = ask_collect(demo, "When did Sam first mention Blue Lake?", engine=None)
    assert b.text.startswith("Sam Carter first mentioned “blue lake” on 2023-07-10"), b.text
    c = ask_collect(demo, "How many check-ins do I have?", engine=None)
    assert c.text.startswith("There were 6 check-ins."), c.text      # "check-ins" is no topic word


def test_closest_friends_are_not_data_but_the_messages_are(demo):
    a = ask_collect(demo, "Who are my closest friends?", engine=None)
    assert a.text.startswith("Your data cannot say who is closest; by the messages you exchanged, you "), a.text
    b = ask_collect(demo, "Who are my friends on Instagram?", engine=None)
    assert b.text == "None of the 6 friends of yours in your data are on Instagram.", b.text


def test_every_exact_route_is_planned_as_exact(demo):
    from desktop_app.core.assistant import ask as ask_mod, plan

    assert {kind for _, kind in ask_mod._EXACT_ROUTES} <= set(plan.EXACT_KINDS)
    for q in ("Where was I on 4 June 2023?", "What did I do in August 2023?", "How many times did I go to Blue Lake?"):
        a = ask_collect(demo, q, engine=None)
        assert a.kind == "analytic" and a.plan["route"] == "exact", (q, a.plan)


def test_a_record_whose_extra_is_no_json_does_not_break_where_was_i(demo):
    demo.execute("UPDATE records SET extra = 'not json' WHERE id = (SELECT min(id) FROM records WHERE kind = 'post')")
    demo.execute("UPDATE records SET extra = '' WHERE id = (SELECT max(id) FROM records WHERE kind = 'post')")
    a = ask_collect(demo, "Where was I on 4 June 2023?", engine=None)
    assert a.text.startswith("You checked in at Capitol Hill, Seattle on 4 June 2023"), a.text


def test_period_routes_on_an_empty_vault_say_so(vault):
    assert ask_collect(vault, "What did I do in August 2023?", engine=None).text.startswith(
        "None of your posts, check-ins, events or messages is from August 2023")
    assert ask_collect(vault, "Where was I on 4 June 2023?", engine=None).text.startswith(
        "No check-in or tagged place in your data is from 4 June 2023")


def test_a_visit_counts_the_place_as_a_word_and_a_period_may_be_a_span(demo):
    assert ask_collect(demo, "How many times did I go to Lake?", engine=None).text.startswith(
        "2 times, by your check-ins")                       # "Blue Lake Cabin" holds the word
    c = ask_collect(demo, "How many times did I go to Cab?", engine=None)
    assert not c.text.startswith("2 times"), c.text       # "Cab" is no word of "Blue Lake Cabin"
    a = ask_collect(demo, "What did I do between 2023 and 2024?", engine=None)
    assert a.text.startswith("Between 2023 and 2024 your records say:"), a.text
