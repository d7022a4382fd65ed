"""The question's own constraints hold in lookups too: a platform ("on WhatsApp") and a kind of record
("What did I post about ...?") narrow the search; neither is ever a word to look for."""

from __future__ import annotations

from desktop_app.core.assistant.answer_engine import search_records
from desktop_app.core.assistant.ask import ask_collect
from desktop_app.core.assistant.plan import make_plan


def test_platform_and_kind_words_are_constraints_not_search_words(demo):
    p = make_plan(demo, "What did Sam say on WhatsApp about the cabin?")
    assert p.platforms == ["whatsapp"] and p.terms == ["cabin"]      # "whatsapp" stems to "whatsap"
    t = make_plan(demo, "What did Sam say in the thread about the cabin?")
    assert "thread" in t.terms and not t.platforms                   # a thread is an ordinary word
    k = make_plan(demo, "What did I post about the lake?")
    assert k.kinds == ["post", "threads_post"] and k.words == ["lake"] and "in posts" in k.describe()


def test_a_lookup_keeps_to_the_platform_the_question_names(demo):
    anywhere = search_records(demo, make_plan(demo, "What did Sam say about Blue Lake?"), scope=None)
    assert {r.platform for r in anywhere} >= {"facebook", "whatsapp"}
    only = search_records(demo, make_plan(demo, "What did Sam say on WhatsApp about Blue Lake?"), scope=None)
    assert only and {r.platform for r in only} == {"whatsapp"}
    # Sam's Facebook messages say most of Blue Lake; on WhatsApp he confirmed the dates
    on_whatsapp = ask_collect(demo, "What did Sam say on WhatsApp about Blue Lake?", engine=None)
    assert on_whatsapp.kind == "extractive"
    assert {c.platform for c in on_whatsapp.citations if c.cited} == {"whatsapp"}


def test_what_did_i_post_answers_with_the_posts_themselves(demo):
    a = ask_collect(demo, "What did I post about the lake?", engine=None)
    assert a.kind == "analytic", a.text            # every post of mine about it, not the best one
    cited = [c for c in a.citations if c.cited]
    assert cited and all(c.kind in ("post", "threads_post") for c in cited)
    assert "Sunrise over Blue Lake 🌅 #cabinlife [" in a.text          # whole, once for both platforms
    assert a.text.count("Sunrise over Blue Lake") == 1 and "Blue Lake, year two" in a.text


def test_what_someone_said_about_a_thing_is_their_sentence_whole(demo):
    # the span cut the question's own words out: "Lake round two"
    a = ask_collect(demo, "What did Sam say on WhatsApp about Blue Lake?", engine=None)
    assert a.text.startswith("Blue Lake round two: August 16–18 confirmed with my uncle! ["), a.text


def test_my_job_is_the_title_my_profile_gives(demo):
    a = ask_collect(demo, "What is my job?", engine=None)
    assert a.text.startswith("Senior UX Designer ["), a.text       # "2023: new job, new city" before
