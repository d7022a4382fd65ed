"""People facts: top contacts by messages and interactions, overall and per year, merged across platforms."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Any

from desktop_app.core.profile.context import Ctx, extra_of
from desktop_app.core.profile.store import Derived
from desktop_app.core.profile.people import PLACEHOLDERS
from desktop_app.core.profile.text import name_key

TOP_N = 25
# Local year in C (much faster than per-row datetime): the zone's offset at New Year, which is where
# a year boundary falls (timezone.py).
_YEAR = "CAST(strftime('%Y', r.ts / 1000 + {offset_s}, 'unixepoch') AS INTEGER)"
TOP_PER_YEAR = 5
# Keys in record extras that name the other person of a comment, reaction or like.
# "Gustav likes Lukas Larsen's post." in FB reaction and comment titles.
_POSSESSIVE = re.compile(r"([A-Z][\w-]+(?: [A-Z][\w-]+){0,3})['’]s (?:post|comment|photo|video|status|album|link|reel)")
_TARGET_KEYS = ("owner", "media_owner", "actor", "target", "to", "author_of", "recipient", "with", "tagged")


def derive(ctx: Ctx) -> list[Derived]:
    import datetime as dt

    from desktop_app.core.timezone import offset_minutes, zone_for

    new_year = int(dt.datetime(dt.date.today().year, 1, 1, tzinfo=dt.timezone.utc).timestamp() * 1000)
    year = _YEAR.format(offset_s=60 * offset_minutes(new_year, zone_for(ctx.vault)))
    me = set(ctx.me_ids)
    root = ctx.root
    stats: dict[int, dict[str, Any]] = defaultdict(lambda: {"from": 0, "to": 0, "interactions": 0, "ev": [],
                                                              "years": Counter(), "yev": defaultdict(list), "first": None, "last": None,
                                                              "platforms": set()})

    def credit(pid: int, what: str, rid: int, ts: int | None, platform: str, y: int | None) -> None:
        r = root.get(pid, pid)
        if r in ctx.me_roots:
            return
        s = stats[r]
        s[what] += 1
        if len(s["ev"]) < 400:
            s["ev"].append(rid)
        if y:
            s["years"][y] += 1
            if len(s["yev"][y]) < 10:
                s["yev"][y].append(rid)
        if ts:
            s["first"] = ts if s["first"] is None else min(s["first"], ts)
            s["last"] = ts if s["last"] is None else max(s["last"], ts)
        s["platforms"].add(platform)

    # Who is on the other side of each 1:1 thread.
    counterpart: dict[int, set[int]] = defaultdict(set)
    _listed = {t for (t,) in ctx.vault.query("SELECT DISTINCT thread_id FROM thread_participants")}
    for tid, pid in ctx.vault.query("SELECT tp.thread_id, tp.person_id FROM thread_participants tp JOIN threads t"
                                    " ON t.id = tp.thread_id WHERE t.is_group = 0"):
        if pid not in me:
            counterpart[tid].add(pid)
    # Threads without participant lists: whoever else wrote in them.
    for tid, pid in ctx.vault.query("SELECT DISTINCT r.thread_id, r.author_id FROM records r JOIN threads t"
                                    " ON t.id = r.thread_id WHERE t.is_group = 0 AND r.kind = 'message'"
                                    " AND r.author_id IS NOT NULL"):
        if pid not in me and tid not in _listed:
            counterpart[tid].add(pid)
    msgs = ctx.records("r.kind = 'message'", cols=f"r.id, r.ts, r.platform, r.author_id, r.thread_id, r.is_mine, {year}")
    for rid, ts, platform, aid, tid, is_mine, y in msgs:
        if aid is not None and aid not in me and is_mine != 1:
            credit(aid, "from", rid, ts, platform, y)
        elif tid is not None:
            for pid in counterpart.get(tid, ()):
                credit(pid, "to", rid, ts, platform, y)
    # Interactions: comments, reactions and likes that name someone, and other people's comments.
    by_key: dict[str, int] = {}
    for pid, name, username in ctx.vault.query("SELECT person_id, name, username FROM identities"):
        for k in (name_key(name), name_key(username)):
            if k:
                by_key.setdefault(k, pid)
    for rid, kind, ts, platform, aid, text, extra, y in ctx.records(
            "r.kind IN ('comment', 'reaction', 'like', 'post')",
            cols=f"r.id, r.kind, r.ts, r.platform, r.author_id, r.text, r.extra, {year}"):
        if aid is not None and aid not in me and kind != "like":  # page likes carry the page as author
            credit(aid, "interactions", rid, ts, platform, y)
            continue
        ex = extra_of(extra)
        m = _POSSESSIVE.search(text or "") or _POSSESSIVE.search(str(ex.get("title") or ""))
        if m and name_key(m.group(1)) in by_key:
            credit(by_key[name_key(m.group(1))], "interactions", rid, ts, platform, y)
            continue
        for k in _TARGET_KEYS:
            v = ex.get(k)
            if isinstance(v, str) and name_key(v) in by_key:
                credit(by_key[name_key(v)], "interactions", rid, ts, platform, y)
                break
    # Deleted accounts ("Facebook User") are not one person.
    stats = {pid: s for pid, s in stats.items() if name_key(ctx.names.get(pid, "")) not in PLACEHOLDERS}
    ranked = sorted(stats.items(), key=lambda kv: -(kv[1]["from"] + kv[1]["to"] + kv[1]["interactions"]))
    out: list[Derived] = []
    total_top = sum(s["from"] + s["to"] + s["interactions"] for _, s in ranked[:TOP_N]) or 1
    for rank, (pid, s) in enumerate(ranked[:TOP_N], 1):
        n = s["from"] + s["to"] + s["interactions"]
        name = ctx.names.get(pid, "")
        value = {"person_id": pid, "name": name, "rank": rank, "messages": s["from"] + s["to"],
                 "from_them": s["from"], "to_them": s["to"], "interactions": s["interactions"],
                 "platforms": sorted(s["platforms"]), "first_ts": s["first"], "last_ts": s["last"],
                 "by_year": {str(y): c for y, c in sorted(s["years"].items())}}
        conf = min(0.95, 0.5 + 0.5 * n / total_top + 0.02 * len(s["platforms"]))
        label = f"{name}: {value['messages']} messages, {s['interactions']} interactions"
        if len(s["platforms"]) > 1:
            label += f" on {', '.join(value['platforms'])}"
        out.append(Derived("person", f"person:{pid}", label, value, conf, "people.message_count", _spread(s["ev"])))
    years: dict[int, Counter] = defaultdict(Counter)
    for pid, s in stats.items():
        for y, c in s["years"].items():
            years[y][pid] += c
    for y, counter in sorted(years.items()):
        top = counter.most_common(TOP_PER_YEAR)
        ev = [rid for pid, _ in top for rid in stats[pid]["yev"][y]]
        tops = [{"person_id": pid, "name": ctx.names.get(pid, ""), "count": c} for pid, c in top]
        label = f"Top contacts {y}: " + ", ".join(f"{v['name']} ({v['count']})" for v in tops)
        out.append(Derived("person", f"top:{y}", label, tops, 0.8, "people.top_per_year", ev))
    return out


def _spread(ids: list[int], n: int = 50) -> list[int]:
    """Up to n ids spread over the list (first, last and evenly between)."""
    if len(ids) <= n:
        return list(ids)
    step = (len(ids) - 1) / (n - 1)
    return [ids[round(i * step)] for i in range(n)]
