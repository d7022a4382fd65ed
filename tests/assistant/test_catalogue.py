"""Catalogue questions on the demo archive imported by the real importer: complete, cited,
constraint-aware lists straight from the vault, with no model."""

from __future__ import annotations

import pytest

from desktop_app.core.assistant import catalogue
from desktop_app.core.assistant.ask import ask_collect


def _texts(vault, kind: str, platform: str | None = None) -> set[str]:
    sql = "SELECT text FROM records WHERE kind = ?" + (" AND platform = ?" if platform else "")
    return {t for (t,) in vault.query(sql, [kind] + ([platform] if platform else []))}


@pytest.mark.parametrize("question,kinds", [
    ("Who do I follow on Instagram?", ("following",)),
    ("Who follows me?", ("follower",)),
    ("What did I save on Instagram?", ("saved",)),
    ("Which advertisers have my data?", ("advertiser",)),
    ("What did I search for?", ("search",)),
    ("Which groups am I in?", ("group",)),
    ("What events did I go to?", ("event",)),
])
def test_every_item_listed_cited_and_counted(demo, question, kinds):
    a = ask_collect(demo, question, engine=None)
    platform = "instagram" if "on Instagram" in question else None
    truth = set().union(*(_texts(demo, k, platform) for k in kinds))
    assert a.kind == "analytic" and a.facts["count"] == len(truth)
    assert set(a.facts["items"]) == truth
    assert all(t in a.text for t in truth)
    cited = {c.record_id for c in a.citations if c.cited}
    assert len(cited) == len(truth) and a.text.startswith(f"{len(truth)} ")


def test_meta_interests_are_listed_once_each(demo):
    a = ask_collect(demo, "What does Meta think I'm interested in?", engine=None)
    truth = _texts(demo, "ad_interest") | _texts(demo, "ad_category") | _texts(demo, "topic")
    assert sorted(a.facts["items"]) == sorted(truth)     # "Rock climbing" twice in the export, once here
    assert a.text.count("Rock climbing") == 1


def test_constraints_apply_or_are_said(demo):
    a = ask_collect(demo, "What did I search for about climbing?", engine=None)
    assert a.facts["items"] and all("climbing" in t for t in a.facts["items"])
    assert "matching “climbing”" in a.text
    b = ask_collect(demo, "Which groups am I in about knitting?", engine=None)
    assert b.facts["count"] == 0 and "None of the 2 groups you joined" in b.text
    c = ask_collect(demo, "Who do I follow on Facebook?", engine=None)
    assert c.facts["count"] == 0 and "on Facebook" in c.text


def test_a_liked_pages_question_without_a_pages_list_says_so(demo):
    a = ask_collect(demo, "Which pages did I like?", engine=None)
    assert any("no list of pages you liked" in w for w in a.warnings)
    # the answer itself says so too: Instagram posts liked are not "pages you liked"
    assert a.text.startswith("Your export has no list of pages you liked.") and "pages you liked:" not in a.text


def test_lookup_questions_are_not_catalogue_questions(demo):
    for q in ("What did Caroline research?", "What events has Caroline participated in to help children?",
              "How many messages did I send?"):
        assert catalogue.answer(demo, q, None) is None or q.startswith("What events")
    # a catalogue word about someone else's life in a vault without that catalogue is a lookup
    assert catalogue.match("What LGBTQ+ events has Caroline participated in?") is not None


def test_my_posts_are_listed_whole_with_the_questions_constraints(demo):
    a = ask_collect(demo, "What did I post on Instagram?", engine=None)
    truth = _texts(demo, "post", "instagram")
    assert a.kind == "analytic" and set(a.facts["items"]) == truth and a.text.startswith(f"{len(truth)} posts")
    b = ask_collect(demo, "What did I post about Blue Lake?", engine=None)
    assert b.facts["items"] and all("Blue Lake" in t for t in b.facts["items"])
    assert ask_collect(demo, "Show my posts", engine=None).facts["count"] == len(_texts(demo, "post"))
    assert catalogue.match("Which posts did I like?").key == "likes"     # a like, not a post of mine


def test_no_list_of_clicked_ads_is_said_and_nothing_else_is_passed_off_as_one(demo):
    a = ask_collect(demo, "Which ads did I click?", engine=None)
    assert a.text.startswith("Your export has no list of ads you clicked") and a.facts["count"] == 0
    assert "Trail guide" not in a.text          # the demo's advertisers are not ads clicked


def test_what_did_i_like_alone_lists_my_likes_and_a_topic_makes_it_a_lookup(demo):
    a = ask_collect(demo, "What did I like on Instagram?", engine=None)
    assert a.kind == "analytic" and a.facts["catalogue"] == "likes"
    assert catalogue.match("What did I like about Seattle?") is None


def test_a_period_asked_in_words_is_a_period_not_a_topic_and_one_after_the_data_is_said(demo):
    # "What did I post last year?" had looked for posts matching “last year”; the demo's posts end in 2024
    a = ask_collect(demo, "What did I post last year?", engine=None)
    assert "matching" not in a.text and "last year" not in a.text
    assert a.facts["count"] == 0 and "your data ends before" in a.text
    b = ask_collect(demo, "What did I post in 2023?", engine=None)
    assert b.facts["count"] > 0 and "ends before" not in b.text
