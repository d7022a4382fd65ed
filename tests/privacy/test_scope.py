"""Scope is enforced in SQL by the core; retrieval, analytics and the profile honour it."""

from __future__ import annotations

import importlib

import io
import json
from contextlib import redirect_stdout

import pytest

from desktop_app.core.errors import KnownError
from desktop_app.core.privacy import scope as sc
from tests.conftest import PASSPHRASE
from tests.privacy import data


def _ids(vault, scope):
    where, params = sc.scope_where(scope, "r")
    return {r for (r,) in vault.query(f"SELECT r.id FROM records r WHERE {where}", params)}


def _count(vault, sql, params=()):
    return {r for (r,) in vault.query(sql, params)}


@pytest.fixture
def planted(vault):
    return data.plant(vault)


def test_each_exclusion_filters_exactly(vault, planted):
    everything = _count(vault, "SELECT id FROM records")
    assert _ids(vault, None) == everything == _ids(vault, sc.Scope())
    s = sc.exclude(sc.Scope(), "platform", "instagram")
    assert _ids(vault, s) == _count(vault, "SELECT id FROM records WHERE platform != 'instagram'")
    s = sc.exclude(sc.Scope(), "category", "ad_data")
    assert _ids(vault, s) == _count(vault, "SELECT id FROM records WHERE category != 'ad_data'")
    s = sc.exclude(sc.Scope(), "thread", planted["sam_thread"])
    assert _ids(vault, s) == _count(vault, "SELECT id FROM records WHERE thread_id IS NULL OR thread_id != ?",
                                    (planted["sam_thread"],))
    # a person: their messages anywhere and their 1:1 conversation (also what others said there)
    s = sc.exclude(sc.Scope(), "person", planted["sam"])
    kept = _ids(vault, s)
    assert not kept & _count(vault, "SELECT id FROM records WHERE author_id = ? OR thread_id = ?",
                             (planted["sam"], planted["sam_thread"]))
    assert _count(vault, "SELECT id FROM records WHERE thread_id = ? AND author = 'Alex'",
                  (planted["group_thread"],)) <= kept
    lo, hi = data.T0 + 5 * data.DAY, data.T0 + 8 * data.DAY
    s = sc.set_dates(sc.Scope(), lo, hi)
    assert _ids(vault, s) == _count(vault, "SELECT id FROM records WHERE ts IS NULL OR (ts >= ? AND ts < ?)",
                                    (lo, hi))
    s = sc.include(sc.exclude(sc.Scope(), "platform", "facebook"), "platform", "facebook")
    assert s.is_everything


def test_filter_record_ids_and_counts(vault, planted):
    s = sc.exclude(sc.Scope(), "platform", "facebook")
    ids = [r for (r,) in vault.query("SELECT id FROM records ORDER BY id DESC")]
    kept = sc.filter_record_ids(vault, ids, s)
    assert kept == [i for i in ids if i in _ids(vault, s)] and len(kept) == 10
    assert sc.counts(vault, s) == {"records_total": len(ids), "records_in_scope": 10}


def test_validation_and_description():
    with pytest.raises(KnownError):
        sc.exclude(sc.Scope(), "platform", "myspace")
    with pytest.raises(KnownError):
        sc.exclude(sc.Scope(), "category", "gossip")
    with pytest.raises(KnownError):
        sc.exclude(sc.Scope(), "thread", "abc")
    with pytest.raises(KnownError):
        sc.set_dates(sc.Scope(), 10, 5)
    with pytest.raises(KnownError):
        sc.parse_date_ms("01/02/2020")
    assert sc.parse_date_ms("1970-01-02") == 86_400_000
    s = sc.Scope()
    assert not any(s.sensitive_allowed(t) for t in sc.SENSITIVE_TOPICS)  # out of the profile by default
    s = sc.allow_topic(s, "health")
    assert s.sensitive_allowed("health") and not s.sensitive_allowed("religion")
    text = sc.describe(sc.exclude(s, "platform", "instagram"))
    assert "instagram" in text and "religion" in text and "health" not in text
    assert sc.Scope.from_dict(json.loads(json.dumps(s.to_dict()))) == s


def test_scope_cli_round_trip(vault, profile, monkeypatch):
    from desktop_app.cli import main

    data.plant(vault)
    vault.lock()
    monkeypatch.setenv("HEARTH_HOME", str(profile))
    monkeypatch.setenv("HEARTH_PASSPHRASE", PASSPHRASE)

    def run(*argv):
        out = io.StringIO()
        with redirect_stdout(out):
            code = main(["scope", *argv, "--json"])
        return code, json.loads(out.getvalue())

    code, d = run("exclude-platform", "instagram")
    assert code == 0 and d["scope"]["excluded_platforms"] == ["instagram"] and d["records_in_scope"] == 37
    code, d = run("dates", "--from", "2020-09-14")
    assert d["scope"]["date_from_ms"] == sc.parse_date_ms("2020-09-14")
    code, d = run("allow-topic", "politics")
    assert d["scope"]["allowed_sensitive_topics"] == ["politics"]
    code, d = run("show")
    assert d["changed"] is False and d["scope"]["excluded_platforms"] == ["instagram"]
    code, d = run("exclude-category", "gossip")
    assert code == 2 and d["ok"] is False
    code, d = run("reset")
    assert d["scope"] == sc.Scope().to_dict() and d["records_in_scope"] == d["records_total"]


_importable = importlib.import_module   # every area exists: a missing one fails, never skips


def test_search_honours_scope(vault, planted):
    search_mod = _importable("desktop_app.core.retrieval.search")
    everything = search_mod.search(vault, data.KEEP, mode="keyword", limit=50)
    assert everything.hits, "keyword search finds the planted records"
    s = sc.exclude(sc.Scope(), "platform", "facebook")
    assert not search_mod.search(vault, data.KEEP, mode="keyword", limit=50, scope=s).hits
    s = sc.exclude(sc.Scope(), "thread", planted["sam_thread"])
    hits = search_mod.search(vault, data.THREAD_CANARY, mode="keyword", limit=50, scope=s).hits
    assert not hits
    s = sc.exclude(sc.Scope(), "category", "posts")
    hits = search_mod.search(vault, data.KEEP, mode="keyword", limit=50, scope=s).hits
    assert hits and all(h.kind != "post" for h in hits)


def test_analytics_honour_scope(vault, planted):
    analytics = _importable("desktop_app.core.assistant.analytics")
    q = "how many messages did I get?"
    everything = analytics.analyze(vault, q, sc.Scope())
    assert everything is not None and everything.intent == "count"
    no_ig = analytics.analyze(vault, q, sc.exclude(sc.Scope(), "platform", "instagram"))
    received = "SELECT count(*) FROM records WHERE kind = 'message' AND is_mine = 0"
    assert everything.data["count"] == vault.scalar(received)
    assert no_ig.data["count"] == vault.scalar(received + " AND platform != 'instagram'") < everything.data["count"]
    ig_ids = {r for (r,) in vault.query("SELECT id FROM records WHERE platform = 'instagram'")}
    assert not set(no_ig.record_ids) & ig_ids
    no_sam = analytics.analyze(vault, q, sc.exclude(sc.Scope(), "thread", planted["sam_thread"]))
    assert no_sam.data["count"] == vault.scalar(received + " AND thread_id != ?", (planted["sam_thread"],))


def test_profile_honours_scope_and_keeps_sensitive_topics_out(vault, planted):
    facts = _importable("desktop_app.core.profile.facts")
    summary = _importable("desktop_app.core.profile.summary")
    store = _importable("desktop_app.core.profile.store")
    facts.add(vault, "interest", "qzx-health-fact", {"name": "qzxhealthvalue"}, label="qzxhealthvalue",
              sensitive="health")
    facts.add(vault, "interest", "qzx-plain-fact", {"name": "qzxplainvalue"}, label="qzxplainvalue")
    assert {"qzx-health-fact", "qzx-plain-fact"} <= {f.key for f in store.list_facts(vault)}
    default = summary.profile_summary(vault, sc.Scope())
    assert "qzxplainvalue" in default and "qzxhealthvalue" not in default  # out of the profile by default
    allowed = summary.profile_summary(vault, sc.allow_topic(sc.Scope(), "health"))
    assert "qzxhealthvalue" in allowed
    # derived facts only count evidence inside the scope
    derive = _importable("desktop_app.core.profile.derive")
    derive.derive_profile(vault)
    s = sc.exclude(sc.Scope(), "platform", "facebook")
    fb = {r for (r,) in vault.query("SELECT id FROM records WHERE platform = 'facebook'")}
    for f in summary.allowed_facts(vault, s):
        if f.source != "user":
            ev = set(store.evidence_of(vault, f.id))
            assert ev - fb, f"fact {f.id} allowed under a scope that excludes all its evidence"


def test_dates_are_local_days(monkeypatch):
    """The one time-zone policy: '2020-03-31' is that day where the user lives."""
    import datetime as dt

    from desktop_app.core.ingest.options import parse_date_ms as import_date
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    tokyo = int(dt.datetime(2020, 3, 31, tzinfo=dt.timezone(dt.timedelta(hours=9))).timestamp() * 1000)
    assert sc.parse_date_ms("2020-03-31") == tokyo == import_date("2020-03-31")
    assert import_date("2020-03-31", end=True) == tokyo + 86_400_000
    monkeypatch.setenv("TZ", "UTC")
    assert sc.parse_date_ms("1970-01-02") == 86_400_000
