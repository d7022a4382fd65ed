"""Local "for you" suggestions: people you lost touch with, on this day, recurring topics, recommendation seeds.

Built only from facts the user allows and records inside the scope; nothing here leaves the machine.
Each suggestion has a stable ``id`` and the ``record_ids`` it rests on (to open them); the user can
dismiss one (``dismiss``), and it stays dismissed across re-derivations. Days are the vault's
local days (``core/timezone.py``): "on this day" is the user's calendar day, not UTC's.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from desktop_app.core.privacy.scope import Scope, load_scope, scope_where
from desktop_app.core.profile.context import build_context
from desktop_app.core.profile.store import Fact
from desktop_app.core.profile.summary import allowed_facts, is_named_interest, shown
from desktop_app.core.store.vault import Vault
from desktop_app.core.timezone import day_range, to_local, zone_for

DAY_MS = 86_400_000
LOST_TOUCH_DAYS = 365
MIN_MESSAGES = 5
DISMISSED_SETTING = "profile.suggestions.dismissed"
SHOWN_RECORDS = 5


def dismissed(vault: Vault) -> set[str]:
    return set(vault.get_setting(DISMISSED_SETTING, []) or [])


def dismiss(vault: Vault, suggestion_id: str) -> None:
    """Hide one suggestion for good (until ``undismiss``)."""
    ids = dismissed(vault)
    ids.add(str(suggestion_id))
    vault.set_setting(DISMISSED_SETTING, sorted(ids))


def undismiss(vault: Vault, suggestion_id: str | None = None) -> None:
    """Bring one dismissed suggestion back, or all of them (``None``)."""
    ids = set() if suggestion_id is None else dismissed(vault) - {str(suggestion_id)}
    vault.set_setting(DISMISSED_SETTING, sorted(ids))


def _in_scope(vault: Vault, scope: Scope, ids: list[int]) -> list[int]:
    """``ids`` kept in order, minus records outside the scope."""
    if not ids or scope.is_everything:
        return list(ids)
    where, params = scope_where(scope, "r")
    q = ",".join("?" * len(ids))
    inside = {r for (r,) in vault.query(f"SELECT r.id FROM records r WHERE r.id IN ({q}) AND ({where})",
                                        [*ids, *params])}
    return [r for r in ids if r in inside]


def suggestions(vault: Vault, now: dt.datetime | None = None, scope: Scope | None = None, *,
                include_dismissed: bool = False) -> dict[str, Any]:
    """All suggestion lists; ``now`` naive means local time (the vault's zone)."""
    zone = zone_for(vault)
    now = dt.datetime.now(zone) if now is None else (now.replace(tzinfo=zone) if now.tzinfo is None
                                                      else now.astimezone(zone))
    now_ms = int(now.timestamp() * 1000)
    scope = scope if scope is not None else load_scope(vault)
    facts = allowed_facts(vault, scope)
    out = {
        "lost_touch": _lost_touch(vault, scope, facts, now_ms),
        "on_this_day": _on_this_day(vault, scope, now, zone),
        "recurring_topics": _recurring(vault, scope, facts, zone),
        "recommendation_seeds": _seeds(facts),
    }
    if not include_dismissed:
        gone = dismissed(vault)
        out = {k: [s for s in v if s["id"] not in gone] for k, v in out.items()}
    return {**out, "now": now.isoformat()}


def _lost_touch(vault: Vault, scope: Scope, facts: list[Fact], now_ms: int) -> list[dict[str, Any]]:
    out = []
    for f in facts:
        v = f.value
        if f.kind != "person" or not f.key.startswith("person:") or not isinstance(v, dict):
            continue
        last = v.get("last_ts")
        if last and v.get("messages", 0) >= MIN_MESSAGES and now_ms - last > LOST_TOUCH_DAYS * DAY_MS:
            ev = _in_scope(vault, scope, f.evidence[-SHOWN_RECORDS:] if f.evidence else [])
            out.append({"id": f"lost_touch:{v.get('person_id')}", "person_id": v.get("person_id"), "name": shown(f),
                        "messages": v.get("messages"), "last_ts": last, "days_since": (now_ms - last) // DAY_MS,
                        "fact_id": f.id, "evidence": ev, "record_ids": ev})
    out.sort(key=lambda e: -e["messages"])
    return out[:10]


def _on_this_day(vault: Vault, scope: Scope, now: dt.datetime, zone: dt.tzinfo, limit: int = 10) -> list[dict[str, Any]]:
    ctx = build_context(vault, scope)
    first = vault.scalar("SELECT min(ts) FROM records WHERE ts IS NOT NULL")
    if first is None:
        return []
    ranges: list[tuple[int, int, int]] = []
    for year in range(to_local(first, zone).year, now.year):
        try:
            day = dt.date(year, now.month, now.day)
        except ValueError:  # 29 February in a common year
            continue
        ranges.append((year, *day_range(day, zone)))
    if not ranges:
        return []
    osql, oparams = ctx.own_sql("r")
    where, params = scope_where(scope, "r")
    spans = " OR ".join("(r.ts >= ? AND r.ts < ?)" for _ in ranges)
    rows = vault.query(
        f"SELECT r.id, r.ts, r.kind, r.platform, substr(r.text, 1, 160) FROM records r"
        f" WHERE r.ts IS NOT NULL AND ({spans})"
        f" AND r.kind IN ('post', 'checkin', 'message', 'comment', 'threads_post', 'event') AND ({where}) AND {osql}"
        f" ORDER BY CASE r.kind WHEN 'message' THEN 1 ELSE 0 END, r.ts LIMIT ?",
        [*(x for _y, a, b in ranges for x in (a, b)), *params, *oparams, limit])
    return [{"id": f"on_this_day:{rid}", "record_id": rid, "record_ids": [rid], "ts": ts,
             "years_ago": now.year - to_local(ts, zone).year, "kind": kind, "platform": platform, "snippet": text}
            for rid, ts, kind, platform, text in rows]


def _recurring(vault: Vault, scope: Scope, facts: list[Fact], zone: dt.tzinfo) -> list[dict[str, Any]]:
    """Named interests the user's own activity shows in several different years."""
    out: list[dict[str, Any]] = []
    for f in facts:
        if not is_named_interest(f) or not f.evidence:
            continue
        ev = _in_scope(vault, scope, f.evidence)
        if not ev:
            continue
        q = ",".join("?" * len(ev))
        dated = vault.query(f"SELECT id, ts FROM records WHERE id IN ({q}) AND ts IS NOT NULL ORDER BY ts", ev)
        years = sorted({to_local(ts, zone).year for _r, ts in dated})
        if len(years) >= 2:
            # One record per year, newest first: the span the topic keeps coming back over.
            per_year: dict[int, int] = {}
            for rid, ts in dated:
                per_year[to_local(ts, zone).year] = rid
            shown_ids = [per_year[y] for y in sorted(per_year, reverse=True)][:SHOWN_RECORDS]
            out.append({"id": f"topic:{f.key}", "topic": shown(f), "years": years, "fact_id": f.id,
                        "record_ids": shown_ids})
    out.sort(key=lambda e: (-len(e["years"]), e["topic"]))
    return out[:10]


def _seeds(facts: list[Fact]) -> list[dict[str, Any]]:
    """What the assistant can recommend from when asked: the user's interests and places, strongest first."""
    seeds: list[dict[str, Any]] = []
    for f in sorted(facts, key=lambda f: (f.status != "confirmed", -f.confidence, f.id)):
        if f.kind == "interest":
            if not is_named_interest(f):
                continue
            why = "you confirmed it" if f.status == "confirmed" else f.label.split(": ", 1)[-1]
            seeds.append({"id": f"seed:interest:{f.key}", "topic": shown(f), "kind": "interest", "why": why,
                          "fact_id": f.id, "record_ids": f.evidence[:SHOWN_RECORDS]})
        elif f.kind == "place" and not (isinstance(f.value, dict) and f.value.get("meta_only")):
            seeds.append({"id": f"seed:place:{f.key}", "topic": shown(f), "kind": "place",
                          "why": f.label.split(": ", 1)[-1], "fact_id": f.id, "record_ids": f.evidence[:SHOWN_RECORDS]})
    return seeds[:15]
