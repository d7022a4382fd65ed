""""Where was I on 4 June 2023?" / "Where was I in August 2023?", answered from the check-ins of that time.

The question holds no word a record says (a date is no search word), so the lookup had declined it
("the question has no words to look for") while a check-in of that very day sat in the vault. Check-ins
and records tagged with a place say where the owner was; those inside the period and the scope are
listed, oldest first, each cited. A period with none is said plainly, as such: where the owner was
that day is not in the data, whatever else is.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from desktop_app.core.assistant.analytics import AnalyticResult
from desktop_app.core.assistant.spans import day_label
from desktop_app.core.privacy.scope import Scope, scope_where

if TYPE_CHECKING:
    from desktop_app.core.store.vault import Vault

SHOWN = 12
# a record's tagged place; an extra that is no JSON (an old or odd row) has none instead of failing the query
_PLACE = "CASE WHEN json_valid(r.extra) THEN json_extract(r.extra, '$.place.name') END"
_ASK = re.compile(r"^\s*where\s+(?:was|were|did|have)\s+(?:i|we)\b(?:\s+(?:go|been|be|stay|travel))?\s+"
                  r"(?:on|in|during|around|at the (?:start|end) of|last|this|yesterday|today)\b", re.I)


def answer(vault: Vault, question: str, scope: Scope | None) -> AnalyticResult | None:
    if not _ASK.match(question):
        return None
    from desktop_app.core.assistant.period_digest import asked_period

    asked = asked_period(vault, question, scope)
    if asked is None:
        return None                # no period named: the usual lookup answers "Where was I when ...?"
    period, zone, where, params, when, bounds = asked
    label = period.label
    rows = vault.query(
        f"SELECT r.id, r.ts, coalesce({_PLACE}, r.text) FROM records r WHERE {where} "
        f"AND (r.kind = 'checkin' OR r.extra LIKE '%\"place\"%' AND {_PLACE} IS NOT NULL){when} ORDER BY r.ts, r.id",
        [*params, *bounds])
    if not rows:
        template = f"No check-in or tagged place in your data is from {asked.bare_label}."
        newest = vault.scalar(f"SELECT max(r.ts) FROM records r WHERE {where} AND r.kind = 'checkin'", params)
        if newest is not None and period.start_ms is not None and newest < period.start_ms:
            template = template[:-1] + f": your newest check-in is from {day_label(newest, zone)}."
        return AnalyticResult("where", template, template, [], [], {"period": label, "count": 0})
    shown = rows[:SHOWN]
    if len(shown) == 1:
        rid, ts, place = shown[0]
        template = f"You checked in at {place} on {day_label(ts, zone)} [1]."
    else:
        listed = "; ".join(f"{place} ({day_label(ts, zone)}) [{i}]" for i, (_, ts, place) in enumerate(shown, 1))
        template = f"{len(rows)} places you checked in {label}: {listed}."
    return AnalyticResult("where", template, template, [p for _, _, p in shown], [r for r, _, _ in shown],
                          {"period": label, "count": len(rows)})


# "How many times did I go to Blue Lake?": the check-ins at that place, a day each ("year two" of "Blue Lake,
# year two" had answered it). A place no check-in names is said so: the records may still tell of a visit.
_VISITS = re.compile(r"^\s*how\s+(?:many\s+times|often)\s+(?:did|have|had)\s+(?:i|we)\s+(?:been|gone|go|went|"
                     r"visit(?:ed)?|check(?:ed)?\s+in|travel(?:l?ed)?)\s+(?:(?:to|at|in)\s+)?(?P<place>[^?]+?)\s*\??\s*$",
                     re.I)


def visits(vault: Vault, question: str, scope: Scope | None) -> AnalyticResult | None:
    m = _VISITS.match(question)
    if m is None:
        return None
    place = re.sub(r"^(?:the|a)\s+", "", m.group("place").strip(), flags=re.I)
    if len(place) < 3 or not re.search(r"[^\W\d_]", place) or place.lower() in ("to", "at", "in", "there", "here"):
        return None
    from desktop_app.core.timezone import zone_for

    zone = zone_for(vault)
    where, params = scope_where(scope, "r")
    rows = vault.query(f"SELECT r.id, r.ts, r.text FROM records r WHERE {where} AND r.kind = 'checkin' AND "
                       "instr(lower(r.text), lower(?)) > 0 ORDER BY r.ts, r.id", [*params, place])
    named = re.compile(rf"(?<!\w){re.escape(place)}(?!\w)", re.I)     # "Lake" is not in "Lakewood"
    days: dict[str, tuple[int, str]] = {}
    for rid, ts, text in (row for row in rows if named.search(row[2] or "")):
        days.setdefault(day_label(ts, zone), (rid, text))
    if not days:
        template = (f"None of your check-ins names “{place}”, so how often you went is not in your data "
                    "(records may still tell of a visit: ask what they say about it).")
        return AnalyticResult("visits", template, template, ["0"], [], {"place": place, "count": 0})
    n = len(days)
    listed = "; ".join(f"{text} on {day} [{i}]" for i, (day, (_, text)) in enumerate(days.items(), 1))
    template = f"{n} time{'s' if n != 1 else ''}, by your check-ins: {listed}."
    return AnalyticResult("visits", template, template, [str(n)], [rid for rid, _ in days.values()],
                          {"place": place, "count": n})
