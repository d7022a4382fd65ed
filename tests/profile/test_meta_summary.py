"""Meta vs. me, the allowed-only summary, and the local suggestions."""

from __future__ import annotations

import datetime as dt

from desktop_app.core.domain import Record
from desktop_app.core.privacy.scope import Scope, save_scope
from desktop_app.core.profile import facts
from desktop_app.core.profile.derive import derive_profile
from desktop_app.core.profile.meta import fts_query, meta_vs_me
from desktop_app.core.profile.suggestions import suggestions
from desktop_app.core.profile.summary import profile_summary
from tests.profile import persona
from tests.profile.conftest import fact


def test_meta_vs_me_flags_unsupported(pvault):
    m = meta_vs_me(pvault)
    items = {i["name"]: i for i in m["meta_inferred"]}
    assert set(items) == {"Hiking", "Photography", "Cryptocurrency", "Yoga", "Diabetes awareness",
                          "Frequent international travelers", "Football"}
    assert items["Hiking"]["meta_says"] == ["ad interest", "topic"]
    assert items["Hiking"]["supported"] and items["Hiking"]["flag"] is None
    own = {r for (r,) in pvault.query("SELECT id FROM records WHERE is_mine = 1")}
    assert set(items["Hiking"]["support_record_ids"]) <= own
    for name in ("Cryptocurrency", "Yoga", "Football"):
        assert items[name]["flag"] == "no support in your own activity"
    assert m["counts"]["unsupported"] == 5
    adv = m["advertisers"][0]
    assert adv["name"] == "Acme Shoes" and adv["what_meta_says"] == ["uploaded a list with your information"]


def test_meta_vs_me_shows_user_decisions(pvault):
    facts.confirm(pvault, fact(pvault, "interest", "hiking").id)
    facts.delete(pvault, fact(pvault, "interest", "yoga").id)
    m = meta_vs_me(pvault)
    items = {i["name"]: i for i in m["meta_inferred"]}
    assert items["Hiking"]["your_status"] == "confirmed"
    assert items["Yoga"]["your_status"] == "deleted" and items["Yoga"]["fact_id"] is None
    assert [c["name"] for c in m["you_confirmed"]] == ["Hiking"] and m["you_confirmed"][0]["meta_also_says"]


def test_fts_query_shapes():
    assert fts_query("Hip Hop & Rap Music") == 'text : (("hip"* AND "hop"*) OR ("rap"* AND "music"*))'
    assert fts_query("Lionel Messi (AR athlete)") == 'text : (("lionel"* AND "messi"*))'
    assert fts_query("(((") is None


def test_summary_only_allowed_facts(pvault):
    persona.build(pvault, extra_records=[Record("facebook", "like", persona.ms(2021, 1, 1), "", "Buddhist Meditation Society",
                                                is_mine=True, source="pages/pages_you've_liked.json")])
    derive_profile(pvault)
    assert "Buddhist" not in profile_summary(pvault, Scope(allowed_sensitive_topics={"religion"}))  # a page, not a topic
    facts.confirm(pvault, fact(pvault, "interest", "buddhist meditation society").id)   # ... until the user says so
    s = profile_summary(pvault)
    assert "Alex Rivera" in s and "Lisbon" in s and "Hiking" in s and "Sam Lee" in s
    assert "Buddhist" not in s and "Diabetes" not in s and "Cryptocurrency" not in s  # sensitive / Meta-only
    assert len(profile_summary(pvault, max_chars=80)) <= 80
    facts.hide(pvault, fact(pvault, "interest", "hiking").id)
    facts.no_answers(pvault, fact(pvault, "interest", "photography").id)
    facts.edit(pvault, fact(pvault, "identity", "name").id, "Alexandra Rivera")
    s = profile_summary(pvault)
    assert "Hiking" not in s and "Photography" not in s and "Alexandra Rivera" in s
    allowed = Scope(allowed_sensitive_topics={"religion"})
    assert "Buddhist Meditation Society" in profile_summary(pvault, allowed)
    save_scope(pvault, allowed)
    assert "Buddhist Meditation Society" in profile_summary(pvault)


def test_summary_respects_narrowed_scope(pvault):
    s = profile_summary(pvault, Scope(excluded_categories={"locations", "profile"}))
    assert "Cafe Luna" not in s and "Alex Rivera" not in s
    assert "Sam Lee" in s


def test_suggestions(pvault):
    s = suggestions(pvault, now=dt.datetime(2024, 5, 9, tzinfo=dt.timezone.utc))
    lost = [p["name"] for p in s["lost_touch"]]
    assert "Casey Morgan" in lost and "Sam Lee" not in lost
    assert [d["years_ago"] for d in s["on_this_day"]] == [3, 2, 1]
    assert all(d["kind"] == "post" for d in s["on_this_day"])
    assert "Hiking" in [t["topic"] for t in s["recurring_topics"]]
    seeds = [x["topic"] for x in s["recommendation_seeds"]]
    assert "Hiking" in seeds and "Cryptocurrency" not in seeds
    facts.hide(pvault, fact(pvault, "interest", "hiking").id)
    s2 = suggestions(pvault, now=dt.datetime(2024, 5, 9, tzinfo=dt.timezone.utc))
    assert "Hiking" not in [x["topic"] for x in s2["recommendation_seeds"]]


def test_summary_drops_excluded_person_everywhere(pvault):
    from desktop_app.core.profile.summary import allowed_facts

    sam = pvault.scalar("SELECT person_id FROM identities WHERE platform = 'whatsapp' AND name = 'Sam Lee'")
    scope = Scope(excluded_person_ids={sam})
    assert "Sam Lee" not in profile_summary(pvault, scope)
    assert all("Sam Lee" not in f.label for f in allowed_facts(pvault, scope))


def test_suggestions_carry_records_and_can_be_dismissed(pvault):
    from desktop_app.core.profile.suggestions import dismiss, undismiss

    now = dt.datetime(2024, 5, 9, tzinfo=dt.timezone.utc)
    s = suggestions(pvault, now=now)
    for group in ("lost_touch", "on_this_day", "recurring_topics", "recommendation_seeds"):
        assert s[group] and all(x["id"] and x["record_ids"] for x in s[group]), group
    existing = {r for (r,) in pvault.query("SELECT id FROM records")}
    assert all(set(x["record_ids"]) <= existing for g in ("lost_touch", "on_this_day", "recurring_topics")
               for x in s[g])
    casey = next(p for p in s["lost_touch"] if p["name"] == "Casey Morgan")
    dismiss(pvault, casey["id"])
    dismiss(pvault, s["on_this_day"][0]["id"])
    derive_profile(pvault)                                      # dismissals survive re-derivation
    s2 = suggestions(pvault, now=now)
    assert "Casey Morgan" not in [p["name"] for p in s2["lost_touch"]]
    assert len(s2["on_this_day"]) == len(s["on_this_day"]) - 1
    assert len(suggestions(pvault, now=now, include_dismissed=True)["lost_touch"]) == len(s["lost_touch"])
    undismiss(pvault)
    assert len(suggestions(pvault, now=now)["on_this_day"]) == len(s["on_this_day"])


def test_suggestions_follow_the_scope(pvault):
    now = dt.datetime(2024, 5, 9, tzinfo=dt.timezone.utc)
    s = suggestions(pvault, now=now, scope=Scope(excluded_categories={"posts"}))
    assert all(d["kind"] != "post" for d in s["on_this_day"])
    messenger_only = suggestions(pvault, now=now, scope=Scope(excluded_platforms={"messenger"}))
    assert "Casey Morgan" not in [p["name"] for p in messenger_only["lost_touch"]]   # known only from Messenger
