"""Activity patterns (hours, weekdays, years, platforms over time) and languages of the user's own writing.

Hours, weekdays and years are read in the vault's time zone (``core/timezone.py``: the user's
setting, else this computer's zone); the value names the zone.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from desktop_app.core.domain import platform_label
from desktop_app.core.profile.context import Ctx
from desktop_app.core.profile.store import Derived
from desktop_app.core.profile.text import LANGUAGE_NAMES, guess_language
from desktop_app.core.timezone import to_local, zone_for, zone_name

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _spread(ids: list[int], n: int = 30) -> list[int]:
    if len(ids) <= n:
        return ids
    step = (len(ids) - 1) / (n - 1)
    return [ids[round(i * step)] for i in range(n)]


def derive_activity(ctx: Ctx) -> list[Derived]:
    rows = ctx.records("r.ts IS NOT NULL AND r.kind NOT IN ('profile', 'ad_interest', 'ad_category', 'advertiser',"
                       " 'topic', 'friend', 'follower', 'following')", cols="r.id, r.ts, r.platform", own=True,
                       order="r.ts")
    if len(rows) < 3:
        return []
    hours: Counter[int] = Counter()
    days: Counter[int] = Counter()
    years: Counter[int] = Counter()
    plat_years: dict[int, Counter] = defaultdict(Counter)
    hour_ev: dict[int, list[int]] = defaultdict(list)
    day_ev: dict[int, list[int]] = defaultdict(list)
    zone = zone_for(ctx.vault)
    zname = zone_name(zone)
    for rid, ts, platform in rows:
        t = to_local(ts, zone)
        hours[t.hour] += 1
        days[t.weekday()] += 1
        years[t.year] += 1
        plat_years[t.year][platform] += 1
        hour_ev[t.hour].append(rid)
        day_ev[t.weekday()].append(rid)
    ids = [r[0] for r in rows]
    n = len(rows)
    conf = min(0.9, 0.4 + n / 500)
    # Busiest 3-hour window (wrapping midnight).
    start = max(range(24), key=lambda h: sum(hours[(h + i) % 24] for i in range(3)))
    window = [(start + i) % 24 for i in range(3)]
    share = sum(hours[h] for h in window) / n
    out = [Derived("activity", "hours", f"Most active {start:02d}:00–{(start + 3) % 24:02d}:00 {zname} ({share:.0%})",
                   {"histogram": {str(h): hours[h] for h in range(24)}, "peak_start": start, "peak_share": round(share, 3),
                    "timezone": zname}, conf, "activity.hours",
                   _spread([r for h in window for r in hour_ev[h]]))]
    top_day = max(range(7), key=lambda d: days[d])
    out.append(Derived("activity", "weekdays", f"Most active on {WEEKDAYS[top_day]}s",
                       {"histogram": {WEEKDAYS[d]: days[d] for d in range(7)}, "top": WEEKDAYS[top_day]}, conf,
                       "activity.weekdays", _spread(day_ev[top_day])))
    top_year = max(years, key=lambda y: years[y])
    out.append(Derived("activity", "years", f"Active {min(years)}–{max(years)}, most in {top_year}",
                       {"histogram": {str(y): c for y, c in sorted(years.items())}, "first": min(years),
                        "last": max(years), "top": top_year}, conf, "activity.years", _spread(ids)))
    timeline = {str(y): dict(c.most_common()) for y, c in sorted(plat_years.items())}
    main = {str(y): c.most_common(1)[0][0] for y, c in sorted(plat_years.items())}
    shifts = [f"{platform_label(main[y])} in {y}" for i, y in enumerate(sorted(main)) if i == 0 or main[y] != main[sorted(main)[i - 1]]]
    out.append(Derived("activity", "platforms", "Mostly " + ", then ".join(shifts),
                       {"by_year": timeline, "main_by_year": main}, conf, "activity.platforms", _spread(ids)))
    return out


def derive_languages(ctx: Ctx) -> list[Derived]:
    langs: Counter[str] = Counter()
    ev: dict[str, list[int]] = defaultdict(list)
    for rid, text, toks in ctx.own_texts():
        if len(text) < 12:
            continue
        code = guess_language(toks)
        if code:
            langs[code] += 1
            ev[code].append(rid)
    total = sum(langs.values())
    out = []
    for code, c in langs.most_common():
        share = c / total
        if c < 2 or share < 0.05:
            continue
        conf = min(0.95, 0.4 + share * 0.5 + min(c, 50) / 200)
        out.append(Derived("language", code, f"Writes in {LANGUAGE_NAMES[code]} ({share:.0%} of your texts)",
                           {"language": LANGUAGE_NAMES[code], "code": code, "share": round(share, 3), "texts": c},
                           conf, "language.stopwords", _spread(ev[code])))
    return out
