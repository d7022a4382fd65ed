"""Facts derived from the generated persona match the values the generator planted."""

from __future__ import annotations

from tests.profile.conftest import assert_evidence_exists, fact


def test_identity(pvault):
    assert fact(pvault, "identity", "name").value["name"] == "Alex Rivera"
    accounts = {f.value["platform"]: f for f in _kind(pvault, "identity") if f.key.startswith("account:")}
    assert set(accounts) == {"facebook", "messenger", "instagram", "whatsapp"}
    assert accounts["facebook"].rule == "me.importer_owner"
    # WhatsApp has no profile: "me" there comes from being in every thread.
    assert accounts["whatsapp"].rule == "me.thread_participation"
    assert accounts["whatsapp"].value["name"] == "Alex"
    assert fact(pvault, "identity", "username:instagram:alex.rivera") is not None
    religion = fact(pvault, "identity", "religion")
    assert religion.sensitive == "religion"


def test_people_merged_across_platforms(pvault):
    from desktop_app.core.profile.people import list_people

    people = {p["name"]: p for p in list_people(pvault)}
    sam = people["Sam Lee"]
    assert sorted((i["platform"], i["name"]) for i in sam["identities"]) == [
        ("instagram", "sam.lee"), ("messenger", "Sam Lee"), ("whatsapp", "Sam Lee")]
    assert sorted(i["platform"] for i in people["Jordan Kim"]["identities"]) == ["messenger", "whatsapp"]
    # Same first name, different person: never merged.
    assert [i["name"] for i in people["Sam Carter"]["identities"]] == ["Sam Carter"]
    me = next(p for p in people.values() if p["is_me"])
    assert {i["platform"] for i in me["identities"]} == {"facebook", "messenger", "instagram", "whatsapp"}
    top = sorted((f for f in _kind(pvault, "person") if f.key.startswith("person:")), key=lambda f: f.value["rank"])
    assert [f.value["name"] for f in top[:2]] == ["Sam Lee", "Jordan Kim"]
    assert top[0].value["messages"] == 32
    assert top[0].value["platforms"] == ["instagram", "messenger", "whatsapp"]
    assert fact(pvault, "person", "top:2015").value[0]["name"] == "Casey Morgan"


def test_interests(pvault):
    hiking = fact(pvault, "interest", "hiking")
    assert {"ad_interest", "topic", "hashtag", "own_text"} <= set(hiking.value["sources"])
    assert hiking.value["meta_only"] is False
    crypto = fact(pvault, "interest", "cryptocurrency")
    assert crypto.value["meta_only"] is True and crypto.confidence < hiking.confidence
    assert fact(pvault, "interest", "diabetes awareness").sensitive == "health"
    assert fact(pvault, "interest", "football").value["name"] == "Football"  # qualifier in brackets dropped
    assert "liked_page" in fact(pvault, "interest", "trail runners lisbon").value["sources"]


def test_places_and_life_events(pvault):
    lisbon = fact(pvault, "place", "lisbon")
    assert set(lisbon.value["sources"]) == {"city", "checkin", "based_in"}
    assert lisbon.value["visits"] == 2
    assert fact(pvault, "place", "porto").value["sources"] == {"hometown": 1}
    assert fact(pvault, "life_event", "moved:lisbon") is not None
    assert fact(pvault, "life_event", "job:acme corp").rule == "post.phrase.job"
    assert fact(pvault, "life_event", "relationship:married").value["ts"] is not None


def test_activity_and_languages(pvault):
    assert fact(pvault, "activity", "hours").value["peak_start"] in (19, 20)
    years = fact(pvault, "activity", "years").value
    assert (years["first"], years["last"]) == (2015, 2023)
    en, pt = fact(pvault, "language", "en"), fact(pvault, "language", "pt")
    assert en.value["share"] > 0.8 and pt is not None


def test_every_fact_has_existing_evidence(pvault):
    assert_evidence_exists(pvault)


def test_rederive_is_stable(pvault):
    from desktop_app.core.profile.derive import derive_profile
    from desktop_app.core.profile.store import list_facts

    before = {(f.kind, f.key): f.id for f in list_facts(pvault)}
    report = derive_profile(pvault)
    assert report["saved"]["new"] == 0 and report["saved"]["removed"] == 0 and report["merges"] == []
    assert {(f.kind, f.key): f.id for f in list_facts(pvault)} == before


def test_scope_excludes_platform(pvault):
    from desktop_app.core.privacy.scope import Scope
    from desktop_app.core.profile.derive import derive_profile

    derive_profile(pvault, Scope(excluded_platforms={"whatsapp"}))
    sam = next(f for f in _kind(pvault, "person") if f.key.startswith("person:") and f.value["name"] == "Sam Lee")
    assert "whatsapp" not in sam.value["platforms"] and sam.value["messages"] == 22
    assert fact(pvault, "person", "top:2023") is None or all(
        e["name"] != "Sam Carter" for e in fact(pvault, "person", "top:2023").value)
    assert_evidence_exists(pvault)


def _kind(vault, kind):
    from desktop_app.core.profile.store import list_facts

    return list_facts(vault, kinds=[kind], with_evidence=True)
