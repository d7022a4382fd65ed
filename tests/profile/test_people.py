"""The user's merges and splits of people survive re-imports and re-derivation."""

from __future__ import annotations

import pytest

from desktop_app.core.domain import Record, Thread
from desktop_app.core.errors import KnownError
from desktop_app.core.ingest.writer import RecordWriter
from desktop_app.core.profile import people
from desktop_app.core.profile.derive import derive_profile
from tests.profile import persona
from tests.profile.conftest import fact


def _by_name(vault):
    return {p["name"]: p for p in people.list_people(vault)}


def _pid(vault, platform, name):
    return vault.scalar("SELECT person_id FROM identities WHERE platform = ? AND name = ?", (platform, name))


def test_split_survives_rederive_and_reimport(pvault):
    ig_sam = _pid(pvault, "instagram", "sam.lee")
    roots = people.split(pvault, ig_sam)
    assert ig_sam in roots
    persona.build(pvault)
    derive_profile(pvault)
    sam = _by_name(pvault)["Sam Lee"]
    assert sorted(i["platform"] for i in sam["identities"]) == ["messenger", "whatsapp"]
    alone = [p for p in people.list_people(pvault) if p["id"] == ig_sam][0]
    assert [i["name"] for i in alone["identities"]] == ["sam.lee"]
    assert fact(pvault, "person", f"person:{sam['id']}").value["messages"] == 24


def test_split_root_releases_all(pvault):
    sam = _by_name(pvault)["Sam Lee"]
    roots = people.split(pvault, sam["id"])
    assert len(roots) == 3
    derive_profile(pvault)
    assert len(_by_name(pvault)["Sam Lee"]["identities"]) == 1  # every pair is now "different"


def test_user_merge_survives_reimport(vault):
    extra = []
    with vault.transaction():
        w = RecordWriter(vault)
        w.thread_id(Thread(key="whatsapp:casey", platform="whatsapp", title="Casey M", participants=["Alex", "Casey M"]))
    extra = [Record("whatsapp", "message", persona.ms(2016, 3, 1), "Casey M", "hi from whatsapp", thread_key="whatsapp:casey",
                    is_mine=False)]
    persona.build(vault, extra_records=extra)
    derive_profile(vault)
    casey_m = _pid(vault, "whatsapp", "Casey M")
    casey = _pid(vault, "messenger", "Casey Morgan")
    assert _by_name(vault)["Casey Morgan"]["merged"] == []  # "Casey M" is too weak to merge alone
    assert any({c["a_name"], c["b_name"]} == {"Casey Morgan", "Casey M"} or "Casey" in c["a_name"]
               for c in people.merge_candidates(vault))
    root = people.merge(vault, casey, casey_m)
    persona.build(vault, extra_records=extra)
    derive_profile(vault)
    entry = [p for p in people.list_people(vault) if p["id"] == root][0]
    assert {i["name"] for i in entry["identities"]} == {"Casey Morgan", "Casey M"}
    f = fact(vault, "person", f"person:{root}")
    assert f.value["platforms"] == ["messenger", "whatsapp"] and f.value["messages"] == 7
    # Undone by the user: stays split even though a decision once said "same".
    people.split(vault, casey_m if root == casey else casey)
    derive_profile(vault)
    assert len([p for p in people.list_people(vault) if p["id"] == root][0]["identities"]) == 1


def test_unknown_person(pvault):
    with pytest.raises(KnownError):
        people.merge(pvault, 999_999, 1)
    with pytest.raises(KnownError):
        people.split(pvault, _by_name(pvault)["Priya Patel"]["id"])  # never merged


def test_generated_archives_merge_across_platforms_via_importer(vault, tmp_path):
    """The synthetic FB-4 + IG-4 + WhatsApp exports share friends: the importer's output merges right."""
    import random

    from desktop_app.core.ingest import service
    from tests.synth import archive as A

    threads = list(A.random_threads(random.Random(3), 120, 6))
    fb = A.build_fb(tmp_path / "facebook-alex.zip", era="FB-4", threads=threads, n_other=40)
    ig = A.build_ig(tmp_path / "instagram-alex.zip", era="IG-4", threads=threads[:3], n_other=40)
    msgs = [m for t in A.random_threads(random.Random(5), 20, 1, friends=["Sam Carter"]) for m in t.messages]
    wa = tmp_path / "WhatsApp Chat with Sam Carter.txt"
    wa.write_text(A.whatsapp_txt(msgs), "utf-8")
    service.run_import(vault, [fb, ig, wa])
    derive_profile(vault)
    ppl = _by_name(vault)
    platforms = lambda name: sorted(i["platform"] for i in ppl[name]["identities"])  # noqa: E731
    assert platforms("Sam Carter") == ["facebook", "instagram", "whatsapp"]
    assert platforms("Maria González") == ["facebook", "instagram"]
    assert platforms("Priya Nair") == ["facebook"]
    me = [p for p in ppl.values() if p["is_me"]]
    assert len(me) == 1 and sorted(i["platform"] for i in me[0]["identities"]) == ["facebook", "instagram", "whatsapp"]
    top = fact(vault, "person", f"person:{ppl['Sam Carter']['id']}").value
    assert top["rank"] == 1 and top["platforms"] == ["facebook", "instagram", "whatsapp"]
    # Only people are listed, not the interests an importer may file as authors.
    interest_authors = {n for (n,) in vault.query("SELECT author FROM records WHERE kind = 'ad_interest' AND author != ''")}
    assert not interest_authors & set(ppl)
