"""Local "for you" suggestions: people you lost touch with, on this day, recurring topics, recommendation seeds.

Built only from facts the user allows and records inside the scope; nothing here leaves the machine.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from desktop_app.core.privacy.scope import Scope, load_scope, scope_where
from desktop_app.core.profile.context import build_context
from desktop_app.core.profile.summary import allowed_facts, shown
from desktop_app.core.store.vault import Vault

DAY_MS = 86_400_000
LOST_TOUCH_DAYS = 365
MIN_MESSAGES = 5


def _year(ts: int) -> int:
    return dt.datetime.fromtimestamp(ts / 1000, dt.timezone.utc).year


def suggestions(vault: Vault, now: dt.datetime | None = None, scope: Scope | None = None) -> dict[str, Any]:
    now = now or dt.datetime.now(dt.timezone.utc)
    if now.tzinfo is None:
        now = now.replace(tzinfo=dt.timezone.utc)
    now_ms = int(now.timestamp() * 1000)
    scope = scope if scope is not None else load_scope(vault)
    facts = allowed_facts(vault, scope)
    return {
        "lost_touch": _lost_touch(facts, now_ms),
        "on_this_day": _on_this_day(vault, scope, now),
        "recurring_topics": _recurring(vault, facts),
        "recommendation_seeds": _seeds(facts),
        "now": now.isoformat(),
    }


def _lost_touch(facts, now_ms: int) -> list[dict[str, Any]]:
    out = []
    for f in facts:
        v = f.value
        if f.kind != "person" or not f.key.startswith("person:") or not isinstance(v, dict):
            continue
        last = v.get("last_ts")
        if last and v.get("messages", 0) >= MIN_MESSAGES and now_ms - last > LOST_TOUCH_DAYS * DAY_MS:
            out.append({"person_id": v.get("person_id"), "name": shown(f), "messages": v.get("messages"),
                        "last_ts": last, "days_since": (now_ms - last) // DAY_MS, "fact_id": f.id,
                        "evidence": f.evidence[-3:] if f.evidence else []})
    out.sort(key=lambda e: -e["messages"])
    return out[:10]


def _on_this_day(vault: Vault, scope: Scope, now: dt.datetime, limit: int = 10) -> list[dict[str, Any]]:
    ctx = build_context(vault, scope)
    osql, oparams = ctx.own_sql("r")
    where, params = scope_where(scope, "r")
    rows = vault.query(
        f"SELECT r.id, r.ts, r.kind, r.platform, substr(r.text, 1, 160) FROM records r"
        f" WHERE r.ts IS NOT NULL AND strftime('%m-%d', r.ts / 1000, 'unixepoch') = ? AND r.ts < ?"
        f" AND r.kind IN ('post', 'checkin', 'message', 'comment', 'threads_post', 'event') AND ({where}) AND {osql}"
        f" ORDER BY CASE r.kind WHEN 'message' THEN 1 ELSE 0 END, r.ts LIMIT ?",
        [now.strftime("%m-%d"), int(now.replace(hour=0, minute=0, second=0, microsecond=0).timestamp() * 1000),
         *params, *oparams, limit])
    return [{"record_id": rid, "ts": ts, "years_ago": now.year - _year(ts), "kind": kind, "platform": platform,
             "snippet": text} for rid, ts, kind, platform, text in rows]


def _recurring(vault: Vault, facts) -> list[dict[str, Any]]:
    """Interests the user's own activity shows in several different years."""
    out = []
    for f in facts:
        if f.kind != "interest" or (isinstance(f.value, dict) and f.value.get("meta_only") and f.status != "confirmed"):
            continue
        if not f.evidence:
            continue
        q = ",".join("?" * len(f.evidence))
        years = sorted({_year(ts) for (ts,) in vault.query(
            f"SELECT ts FROM records WHERE id IN ({q}) AND ts IS NOT NULL", f.evidence)})
        if len(years) >= 2:
            out.append({"topic": shown(f), "years": years, "fact_id": f.id})
    out.sort(key=lambda e: (-len(e["years"]), e["topic"]))
    return out[:10]


def _seeds(facts) -> list[dict[str, Any]]:
    """What the assistant can recommend from when asked: the user's interests and places, strongest first."""
    seeds: list[dict[str, Any]] = []
    for f in sorted(facts, key=lambda f: (f.status != "confirmed", -f.confidence, f.id)):
        if f.kind == "interest":
            meta_only = isinstance(f.value, dict) and f.value.get("meta_only")
            if meta_only and f.status != "confirmed":
                continue
            why = "you confirmed it" if f.status == "confirmed" else f.label.split(": ", 1)[-1]
            seeds.append({"topic": shown(f), "kind": "interest", "why": why, "fact_id": f.id})
        elif f.kind == "place" and not (isinstance(f.value, dict) and f.value.get("meta_only")):
            seeds.append({"topic": shown(f), "kind": "place", "why": f.label.split(": ", 1)[-1], "fact_id": f.id})
    return seeds[:15]
