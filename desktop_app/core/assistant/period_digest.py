""""What did I do in August 2023?" / "What happened in 2024?", answered with what the owner's records of that time say.

Such a question names only a period, and a period is no word a record says: the lookup declined it
("the question has no words to look for"). The owner's own telling of that time is in the vault all the
same: their posts, check-ins and events of the period, oldest first, each cited in its own words, and
the people they wrote to most then. Nothing is summarised beyond the records' words; a period without
any is said to be empty, with the span the data covers.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any, NamedTuple

from desktop_app.core.assistant.analytics import AnalyticResult, Period, parse_period, relative_period
from desktop_app.core.assistant.spans import day_label
from desktop_app.core.privacy.scope import Scope, scope_where

if TYPE_CHECKING:
    from desktop_app.core.store.vault import Vault

SHOWN = 8            # records named in the answer
PEOPLE = 3           # people named beside them
_KINDS = ("post", "threads_post", "checkin", "event")
_ASK = re.compile(r"^\s*what\s+(?:did\s+(?:i|we)\s+(?:do|get\s+up\s+to)|happened|was\s+i\s+(?:doing|up\s+to)|"
                  r"(?:have|had)\s+i\s+been\s+(?:doing|up\s+to))\s+(?:(?:in|during|on|between|since|before)\s+[^?]+|(?:last|this)\s+"
                  r"(?:weekend|week|month|year)|yesterday|today)\s*\??\s*$", re.I)
_SAID = {"checkin": "checked in at {text}", "event": "event: {text}", "post": "posted “{text}”",
         "threads_post": "posted on Threads “{text}”"}


def answer(vault: Vault, question: str, scope: Scope | None) -> AnalyticResult | None:
    if not _ASK.match(question):
        return None
    from desktop_app.core.assistant.retrieve import one_line

    asked = asked_period(vault, question, scope)
    if asked is None:
        return None
    period, zone, where, params, when, bounds = asked
    label = period.label
    rows = vault.query(f"SELECT r.id, r.ts, r.kind, r.text FROM records r WHERE {where} AND r.kind IN "
                       f"({','.join('?' * len(_KINDS))}) AND (r.is_mine = 1 OR r.kind IN ('checkin', 'event')){when} "
                       "ORDER BY r.ts, r.id", [*params, *_KINDS, *bounds])
    people = _most_written(vault, where, params, when, bounds)
    if not rows and not people:
        first, last = vault.query(f"SELECT min(r.ts), max(r.ts) FROM records r WHERE {where} AND r.kind IN "
                                  f"({','.join('?' * len(_KINDS))}, 'message')", [*params, *_KINDS])[0]
        covers = f": they run from {day_label(first, zone)} to {day_label(last, zone)}" if first else ""
        template = (f"None of your posts, check-ins, events or messages is from "
                    f"{asked.bare_label}{covers}.")
        return AnalyticResult("period", template, template, [], [], {"period": label, "count": 0})
    shown = rows[:SHOWN]
    items = [f"{day_label(ts, zone)}, {_SAID[kind].format(text=one_line(text, 90))} [{i}]"
             for i, (_, ts, kind, text) in enumerate(shown, 1)]
    parts = []
    if items:
        more = f" (and {len(rows) - len(shown)} more)" if len(rows) > len(shown) else ""
        parts.append(f"{label[0].upper()}{label[1:]} your records say: " + "; ".join(items) + more + ".")
    if people:
        who = ", ".join(f"{name} ({n})" for name, n in people)
        lead = "You" if parts else f"{label[0].upper()}{label[1:]} you"
        parts.append(f"{lead} exchanged the most messages with {who}.")
    template = " ".join(parts)
    return AnalyticResult("period", template, template, [], [r for r, _, _, _ in shown],
                          {"period": label, "count": len(rows), "people": [p for p, _ in people]})


class AskedPeriod(NamedTuple):
    """A question's period, ready for the routes' SQL on ``r``."""
    period: Period
    zone: dt.tzinfo         # the user's, for the days the answer names
    where: str              # the scope (no period): what the data holds at all
    params: list[Any]
    when: str               # the period: " AND r.ts >= ? AND r.ts < ?"
    bounds: list[int]

    @property
    def bare_label(self) -> str:
        """The period's label without its preposition ("August 2023", "4 June 2023")."""
        return self.period.label.removeprefix("in ").removeprefix("on ")


def asked_period(vault: Vault, question: str, scope: Scope | None) -> AskedPeriod | None:
    """The period a question names ("on 4 June 2023", "in August 2023", "last weekend (28–29 November 2026)"),
    or None when it names none. A day needs its year; relative periods are read from today in the user's zone."""
    from desktop_app.core.assistant.plan import _dated
    from desktop_app.core.timezone import zone_for

    zone = zone_for(vault)
    dated = _dated(vault, question)
    if dated is not None:
        (start, end), phrase = dated
        period = Period(start, end, f"on {phrase}" if re.match(r"\d", phrase) else phrase)
    else:
        period = parse_period(question, zone=zone)
        if period.start_ms is None and period.end_ms is None:
            period = relative_period(question, zone=zone)
        if period.start_ms is None and period.end_ms is None:
            return None
    span = [(c, v) for c, v in (("r.ts >= ?", period.start_ms), ("r.ts < ?", period.end_ms)) if v is not None]
    where, params = scope_where(scope, "r")
    return AskedPeriod(period, zone, where, params, "".join(f" AND {c}" for c, _ in span), [v for _, v in span])


def _most_written(vault: Vault, where: str, params: list, when: str, bounds: list) -> list[tuple[str, int]]:
    """The people whose conversations held the most messages in the period, one entry per person
    (a person known on several platforms is merged into one)."""
    from desktop_app.core.assistant.analytics import _names, _roots

    rows = vault.query(f"SELECT tp.person_id, count(*) FROM records r JOIN thread_participants tp ON tp.thread_id = "
                       f"r.thread_id JOIN people p ON p.id = tp.person_id WHERE {where} AND r.kind = 'message' AND "
                       f"p.is_me = 0{when} GROUP BY tp.person_id", [*params, *bounds])
    roots = _roots(vault)
    names = _names(vault, roots)
    counts: dict[str, int] = {}
    shown: dict[str, str] = {}
    for pid, n in rows:      # by the merged person, and by the name shown (one name on three platforms: one person)
        name = names.get(roots.get(pid, pid), "someone")
        counts[name.casefold()] = counts.get(name.casefold(), 0) + int(n)
        shown.setdefault(name.casefold(), name)
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return [(shown[key], n) for key, n in ranked[:PEOPLE]]
