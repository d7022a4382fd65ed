"""Place facts (check-ins, profile locations, "based in", locations of interest) and life events."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from typing import Any

from desktop_app.core.profile.context import Ctx, extra_of
from desktop_app.core.profile.extract import ProfileField
from desktop_app.core.profile.store import Derived
from desktop_app.core.profile.text import topic_core, topic_key

# source -> (base confidence, words for the label). Meta's own inferences get the lowest weight.
_PLACE_SOURCES = {
    "checkin": (0.6, "checked in"), "city": (0.9, "current city"), "hometown": (0.9, "hometown"),
    "post": (0.5, "tagged in a post"), "created": (0.7, "a place you created"), "tagged": (0.6, "tagged there"),
    "based_in": (0.6, "Meta says you are based there"), "location_of_interest": (0.4, "Meta lists it as of interest"),
}
_PLACE_TYPES = {"based_in": "based_in", "profile_based_in": "based_in", "account_based_in": "based_in",
                "location_of_interest": "location_of_interest", "locations_of_interest": "location_of_interest",
                "created": "created", "tagged": "tagged", "city": "city", "checkin": "checkin", "check_in": "checkin"}


def _place_name(text: str, extra: dict[str, Any]) -> tuple[str, str | None]:
    """(name, type hint) of a place-ish record."""
    hint = None
    for k in ("type", "subtype", "place_type", "role"):
        if isinstance(extra.get(k), str):
            hint = _PLACE_TYPES.get(re.sub(r"[^a-z]+", "_", extra[k].casefold()).strip("_"))
            if hint:
                break
    place = extra.get("place")
    if isinstance(place, dict) and isinstance(place.get("name"), str) and place["name"].strip():
        return place["name"].strip(), hint
    for k in ("place_name", "name", "city", "location"):
        if isinstance(extra.get(k), str) and extra[k].strip():
            return extra[k].strip(), hint
    first = (text or "").strip().splitlines()[0] if (text or "").strip() else ""
    return first[:120], hint


def _source_hint(source: str, kind: str, is_mine: int | None) -> str:
    src = (source or "").casefold()
    if "interest" in src:
        return "location_of_interest"
    if "based_in" in src or "primary_location" in src or "primary_public_location" in src:
        return "based_in"
    if kind == "checkin":
        return "checkin"
    if "tagged" in src:
        return "tagged"
    # A place the user did not make (is_mine 0) is one Meta attributes to them.
    return "based_in" if is_mine == 0 else "created"


def derive_places(ctx: Ctx, fields: list[tuple[int, str, ProfileField]]) -> list[Derived]:
    acc: dict[str, dict[str, Any]] = {}

    def add(name: str, source: str, rid: int, ts: int | None) -> None:
        # Keyed by the first part so "Lisbon" (profile) and "Lisbon, Portugal" (check-ins) are one place.
        key = topic_key(name.split(",")[0])
        if not key or len(key) < 2:
            return
        e = acc.setdefault(key, {"name": topic_core(name), "sources": defaultdict(int), "ev": [], "ts": []})
        if len(topic_core(name)) > len(e["name"]):
            e["name"] = topic_core(name)
        e["sources"][source] += 1
        e["ev"].append(rid)
        if ts:
            e["ts"].append(ts)

    for rid, _platform, f in fields:
        if f.field in ("city", "hometown", "based_in", "location_of_interest"):
            add(f.value, f.field, rid, f.ts_ms)
    for rid, kind, ts, text, extra, source, is_mine in ctx.records(
            "r.kind IN ('checkin', 'place')", cols="r.id, r.kind, r.ts, r.text, r.extra, r.source, r.is_mine"):
        name, hint = _place_name(text, extra_of(extra))
        if name:
            add(name, hint or _source_hint(source, kind, is_mine), rid, ts)
    for rid, ts, extra in ctx.records("r.kind = 'post' AND r.extra LIKE '%\"place\"%'", cols="r.id, r.ts, r.extra",
                                      own=True):
        place = extra_of(extra).get("place")
        if isinstance(place, dict) and isinstance(place.get("name"), str):
            add(place["name"], "post", rid, ts)
    out = []
    for key, e in acc.items():
        srcs = dict(e["sources"])
        best = max(srcs, key=lambda s: _PLACE_SOURCES[s][0])
        conf = min(0.97, _PLACE_SOURCES[best][0] + 0.05 * (sum(srcs.values()) - 1))
        visits = srcs.get("checkin", 0) + srcs.get("post", 0) + srcs.get("tagged", 0)
        label = f"{e['name']}: " + ", ".join(_PLACE_SOURCES[s][1] for s in sorted(srcs, key=lambda s: -_PLACE_SOURCES[s][0]))
        if visits > 1:
            label += f" ({visits} times)"
        value = {"name": e["name"], "sources": srcs, "visits": visits,
                 "first_ts": min(e["ts"]) if e["ts"] else None, "last_ts": max(e["ts"]) if e["ts"] else None,
                 "meta_only": all(s in ("based_in", "location_of_interest") for s in srcs)}
        out.append(Derived("place", key, label, value, conf, f"places.{best}", e["ev"]))
    return out


_PHRASES = [
    ("moved", re.compile(r"\b(?i:moved|moving|relocated|relocating) to ([A-Z][\w'’-]+(?: [A-Z][\w'’-]+){0,3})")),
    ("job", re.compile(r"\b(?i:started (?:a new job|working) at|new job at|first day at) "
                       r"([A-Z][\w&'’-]+(?: [A-Z][\w&'’-]+){0,3})")),
    ("job", re.compile(r"\b(?:got|started) (?:a|my) new job\b()", re.I)),
    ("relationship", re.compile(r"\b(?:got|just got|we got|we're|we are) (engaged|married)\b", re.I)),
    ("graduated", re.compile(r"\b(?i:graduated)(?: from ([A-Z][\w'’-]+(?: [A-Z][\w'’-]+){0,4}))?")),
    ("baby", re.compile(r"\b(?:having a baby|baby (?:boy|girl) (?:is )?(?:here|born)|welcomed? our (?:son|daughter))()",
                        re.I)),
    ("home", re.compile(r"\b(?:bought (?:a|our first) (?:house|home|flat|apartment)|our new (?:house|home))()", re.I)),
]
_EVENT_WORDS = {"moved": "Moved to", "job": "New job", "relationship": "Got", "graduated": "Graduated",
                "baby": "New baby", "home": "New home", "education": "Studied at", "work": "Worked at"}


def _year(ts: int | None, zone: dt.tzinfo = dt.timezone.utc) -> str:
    return str(dt.datetime.fromtimestamp(ts / 1000, dt.timezone.utc).astimezone(zone).year) if ts else ""


def derive_life_events(ctx: Ctx, fields: list[tuple[int, str, ProfileField]]) -> list[Derived]:
    from desktop_app.core.timezone import zone_for

    zone = zone_for(ctx.vault)
    out: list[Derived] = []

    def event(kind: str, what: str, rid: int, ts: int | None, conf: float, rule: str, detail: dict | None = None) -> None:
        key = f"{kind}:{topic_key(what) or _year(ts) or rid}"
        # The key keeps the UTC year (stable whatever the zone setting); the label shows the local one.
        label = f"{_EVENT_WORDS.get(kind, kind.title())} {what}".strip() + (f" ({_year(ts, zone)})" if ts else "")
        out.append(Derived("life_event", key, label, {"type": kind, "what": what, "ts": ts, **(detail or {})},
                           conf, rule, [rid]))

    for rid, _platform, f in fields:
        if f.field == "relationship":
            event("relationship", f.value, rid, f.ts_ms, 0.9, "profile.relationship",
                  {"partner": (f.detail or {}).get("partner")} if (f.detail or {}).get("partner") else None)
        elif f.field in ("education", "work"):
            d = f.detail or {}
            ts = f.ts_ms or next((int(d[k]) * 1000 for k in ("end_timestamp", "start_timestamp") if d.get(k)), None)
            event(f.field, f.value, rid, ts, 0.9, f"profile.{f.field}",
                  {k: d[k] for k in ("title", "school_type", "graduated") if k in d} or None)
        elif f.field == "city" and f.ts_ms:
            event("moved", f.value, rid, f.ts_ms, 0.7, "profile.current_city")
    for rid, ts, text, extra in ctx.records("r.kind IN ('post', 'threads_post')", cols="r.id, r.ts, r.text, r.extra",
                                            own=True):
        ex = extra_of(extra)
        life = ex.get("life_event")
        if isinstance(life, dict) and isinstance(life.get("title"), str):
            event("life_event", life["title"], rid, ts, 0.9, "post.life_event")
            continue
        for kind, rx in _PHRASES:
            m = rx.search(text or "")
            if m:
                what = (m.group(1) or "").strip()
                if kind == "relationship":
                    what = what.lower()
                event(kind, what, rid, ts, 0.6, f"post.phrase.{kind}")
                break
    return out
