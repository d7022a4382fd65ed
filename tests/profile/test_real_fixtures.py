"""Facts derived from the real export samples in ../shared/fixtures/real.

Two ways in: hand-written Records mirroring the files (independent of the importer), and the real
importer when it is present.
"""

from __future__ import annotations

import json

import pytest

from desktop_app.core.domain import Record, Thread
from desktop_app.core.ingest.writer import RecordWriter
from desktop_app.core.profile.derive import derive_profile
from desktop_app.core.profile.meta import meta_vs_me
from desktop_app.core.profile.store import list_facts
from tests.profile.conftest import assert_evidence_exists, fact

WAULTAR = "Waultar-App/test/objectbox/data/Facebook"
MINER = "facebook-data-miner/tests/test_data"


def _fix(s: str) -> str:
    """Undo Meta's mojibake (UTF-8 bytes written as Latin-1 code points)."""
    try:
        return s.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return s


def _mirror_waultar(vault, root) -> None:
    base = root / WAULTAR
    prof = json.loads((base / "profile_information/profile_information.json").read_text("utf-8"))["profile_v2"]
    topics = json.loads((base / "your_topics/your_topics.json").read_text("utf-8"))["inferred_topics_v2"]
    thread_dir = base / "messages/inbox/lukasvintheroffenberglarsen_2qr6kux07q"
    thread = json.loads((thread_dir / "message_1.json").read_text("utf-8"))
    me = prof["name"]["full_name"]
    recs = [Record("facebook", "profile", None, "", f"Name: {me}", is_mine=True, extra={"field": "name", "value": me}),
            Record("facebook", "profile", None, "", f"Current city: {_fix(prof['current_city']['name'])}", is_mine=True,
                   extra={"field": "current_city", "value": _fix(prof["current_city"]["name"])})]
    for e in prof["education_experiences"]:
        recs.append(Record("facebook", "profile", e["timestamp"] * 1000, "", f"Education: {_fix(e['name'])}",
                           is_mine=True, extra={"field": "education", "value": _fix(e["name"])}))
    recs += [Record("facebook", "topic", None, "", t, is_mine=False) for t in topics]
    key = "facebook:inbox/" + thread_dir.name
    participants = [_fix(p["name"]) for p in thread["participants"]]
    for m in thread["messages"]:
        author = _fix(m["sender_name"])
        recs.append(Record("facebook", "message", m["timestamp_ms"], author, _fix(m.get("content", "")),
                           thread_key=key, is_mine=author == me))
    with vault.transaction():
        w = RecordWriter(vault, owner_names=[me])
        w.mark_me("facebook", me, username=prof["username"])
        w.thread_id(Thread(key=key, platform="facebook", title=participants[0], participants=participants))
        w.write(recs)


def _check_waultar(vault) -> None:
    assert fact(vault, "identity", "name").value["name"] == "Gustav Johansen"
    assert fact(vault, "identity", "username:facebook:cyb0rgninj4") is not None
    assert "city" in fact(vault, "place", "kobenhavn").value["sources"]
    edu = fact(vault, "life_event", "education:it-universitetet i kobenhavn")
    assert edu.value["what"] == "IT-Universitetet i København"
    langs = sorted(list_facts(vault, kinds=["language"]), key=lambda f: -f.value["share"])
    assert langs[0].key == "da"
    top = [f for f in list_facts(vault, kinds=["person"]) if f.key.startswith("person:")]
    assert top[0].value["name"] == "Lukas Vinther Offenberg Larsen"
    m = meta_vs_me(vault)
    assert len(m["meta_inferred"]) >= 49  # 50 topics, a few share a key once qualifiers are dropped
    assert {"Lionel Messi", "Netflix", "Video Games"} <= {i["name"] for i in m["meta_inferred"]}
    assert all(i["meta_says"] == ["topic"] for i in m["meta_inferred"])
    assert_evidence_exists(vault)


def test_waultar_mirrored_records(vault, fixtures_real):
    _mirror_waultar(vault, fixtures_real)
    derive_profile(vault)
    _check_waultar(vault)


def _import(vault, paths):
    from desktop_app.core.ingest import service

    service.run_import(vault, [str(p) for p in paths])
    derive_profile(vault)


def test_waultar_via_importer(vault, fixtures_real):
    _import(vault, [fixtures_real / WAULTAR])
    _check_waultar(vault)


def test_data_miner_via_importer(vault, fixtures_real):
    _import(vault, [fixtures_real / MINER])
    assert fact(vault, "identity", "name").value["name"] == "Jenő Rejtő"
    budapest = fact(vault, "place", "budapest")
    assert set(budapest.value["sources"]) == {"city", "hometown"}
    assert fact(vault, "life_event", "relationship:married") is not None
    people = sorted((f for f in list_facts(vault, kinds=["person"]) if f.key.startswith("person:")),
                    key=lambda f: f.value["rank"])
    assert people[0].value["name"] == "Foo Bar"
    assert "Facebook User" not in {f.value["name"] for f in people}  # a deleted account is nobody
    assert_evidence_exists(vault)
