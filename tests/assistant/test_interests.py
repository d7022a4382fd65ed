""""What are my hobbies?" is answered from the profile's interests, each cited by a record of its evidence (the
lookup had answered "Long day at work, but a good one"); hidden facts, the scope and the profile switch hold."""

from __future__ import annotations

from desktop_app.core.assistant import interests
from desktop_app.core.assistant.ask import USE_PROFILE_SETTING, ask_collect
from desktop_app.core.privacy.scope import Scope
from desktop_app.core.profile import facts
from desktop_app.core.profile.store import list_facts


def test_hobbies_are_the_interests_the_records_show_each_cited(demo):
    a = ask_collect(demo, "What are my hobbies?", engine=None)
    assert a.kind == "analytic" and "Long day at work" not in a.text
    for name in ("Rock climbing", "Sourdough baking", "Guitar"):
        assert name in a.text
    assert len([c for c in a.citations if c.cited]) == a.facts["count"] >= 3
    for q in ("What am I into?", "What do I do for fun?", "What are my interests?"):
        assert interests.answer(demo, q, None) is not None
    for q in ("What are my kids' hobbies?", "What did I do for fun last weekend?", "What is my job?"):
        assert interests.answer(demo, q, None) is None


def test_a_hidden_interest_is_not_listed_and_the_profile_switch_holds(demo):
    interests.answer(demo, "What are my hobbies?", None)          # the profile is read the first time
    guitar = next(f for f in list_facts(demo) if f.kind == "interest" and "Guitar" in str(f.value))
    facts.hide(demo, guitar.id)
    assert "Guitar" not in interests.answer(demo, "What are my hobbies?", None).template
    demo.set_setting(USE_PROFILE_SETTING, False)
    assert interests.answer(demo, "What are my hobbies?", None) is None


def test_an_interest_with_no_evidence_in_the_scope_is_not_listed(demo):
    everything = interests.answer(demo, "What are my hobbies?", None)
    only_whatsapp = Scope(excluded_platforms={"facebook", "instagram"})
    narrowed = interests.answer(demo, "What are my hobbies?", only_whatsapp)
    assert narrowed is not None and narrowed.data["count"] < everything.data["count"]
    rows = demo.query(f"SELECT platform FROM records WHERE id IN ({','.join('?' * len(narrowed.record_ids))})",
                      narrowed.record_ids) if narrowed.record_ids else []
    assert all(p == "whatsapp" for (p,) in rows)
