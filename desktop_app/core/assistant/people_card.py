""""Who is Jordan?" answered from the vault: how you know them, exactly and cited.

A question naming only a person holds no other word to search for, so the lookup route has
nothing to match ("the question has no words to look for"). The vault knows the answer anyway:
the messages you exchanged (how many, on which platforms, the first and the last), and whether
they are among your friends or the accounts you follow. A question about someone *of* theirs
("Who is Jordan's sister?") is not this: the named person must be the whole question.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from desktop_app.core.assistant.analytics import (AnalyticResult, Period, _count, _threads_with, _where, fmt_day,
                                                  person_named)
from desktop_app.core.privacy.scope import Scope, scope_where

if TYPE_CHECKING:
    from desktop_app.core.store.vault import Vault

_WHO_IS = re.compile(r"^\s*(?:who(?:'s|’s|\s+is|\s+was)|what do (?:i|you) know about|tell me about)\s+"
                     r"(?P<name>[^?]+?)\s*\??\s*$", re.I)
_PLATFORM_NAMES = {"facebook": "Facebook", "instagram": "Instagram", "whatsapp": "WhatsApp", "threads": "Threads"}
_TIES = (("friend", "a friend on {platform} since {day}"), ("following", "an account you follow on {platform}"),
         ("follower", "follows you on {platform}"))


def answer(vault: Vault, question: str, scope: Scope | None) -> AnalyticResult | None:
    m = _WHO_IS.match(question)
    if m is None:
        return None
    person = person_named(vault, question, m.group("name"))
    if person is None:
        return None      # unknown, or a question about someone of theirs: the usual routes answer it
    family, name, _ = person
    from desktop_app.core.timezone import zone_for

    zone = zone_for(vault)
    where, params = _where(scope, ("message",), Period(), None, _threads_with(vault, family), None)
    n, first, last = _count(vault, where, params)
    per = vault.query(f"SELECT r.platform, count(*) FROM records r WHERE {where} GROUP BY r.platform "
                      "ORDER BY count(*) DESC", params)
    cite: list[int] = []
    parts: list[str] = []
    if n:
        cite = [i for i in dict.fromkeys([first, last]) if i is not None]
        on = ", ".join(f"{_PLATFORM_NAMES.get(p, p)} {c}" for p, c in per)
        days = [fmt_day(vault.scalar("SELECT ts FROM records WHERE id = ?", (i,)), zone) for i in cite]
        span = f"from {days[0]} [1] to {days[-1]} [2]" if len(cite) == 2 else f"on {days[0]} [1]"
        parts.append(f"you exchanged {n} messages with {name} ({on}), {span}")
    for kind, phrase in _TIES:
        row = _first_tie(vault, scope, kind, name)
        if row is not None:
            cite.append(row[0])
            parts.append(phrase.format(platform=_PLATFORM_NAMES.get(row[1], row[1]),
                                       day=fmt_day(row[2], zone)) + f" [{len(cite)}]")
    if not parts:
        template = f"{name} is a person in your data, but no messages with them or ties to them are."
    else:
        template = f"{name}: " + "; ".join(parts) + "."
    return AnalyticResult("person", template, template, [name], cite,
                          {"person": name, "messages": n, "platforms": {p: c for p, c in per}})


def _first_tie(vault: Vault, scope: Scope | None, kind: str, name: str) -> tuple[int, str, int | None] | None:
    """(record id, platform, time) of the first ``kind`` record (friend, following, follower) naming ``name``."""
    sw, sp = scope_where(scope, "r")
    return vault.execute(f"SELECT r.id, r.platform, r.ts FROM records r WHERE {sw} AND r.kind = ? AND "
                         "lower(r.text) = lower(?) ORDER BY r.ts LIMIT 1", [*sp, kind, name]).fetchone()


# "When did I become friends with Maria?", "How long have I been friends with Maria?": the day the
# friend list gives, not a record that happens to name both.
_FRIENDS_SINCE = re.compile(r"^\s*(?:when|since when|how long)\s+(?:did|have|had)\s+(?:i|we)\s+(?:become|became|been|"
                            r"get|got|made|make)\s+(?:friends?)\s+(?:on\s+\w+\s+)?with\s+(?P<name>[^?]+?)\s*\??\s*$"
                            r"|^\s*when\s+did\s+(?:i|we)\s+(?:friend|add)\s+(?P<name2>[^?]+?)(?:\s+(?:on|as)\s+[^?]+)?"
                            r"\s*\??\s*$", re.I)


def friends_since(vault: Vault, question: str, scope: Scope | None) -> AnalyticResult | None:
    m = _FRIENDS_SINCE.match(question)
    if m is None:
        return None
    named = m.group("name") or m.group("name2")
    person = person_named(vault, question, named)
    if person is None:
        return None
    _, name, _ = person
    from desktop_app.core.timezone import zone_for

    row = _first_tie(vault, scope, "friend", name)
    if row is None or row[2] is None:
        template = f"Your friend lists do not hold {name}, so the day you became friends is not in your data."
        return AnalyticResult("person", template, template, [name], [], {"person": name})
    day = fmt_day(row[2], zone_for(vault))
    platform = _PLATFORM_NAMES.get(row[1], row[1])
    template = f"You became friends with {name} on {platform} on {day} [1]."
    return AnalyticResult("person", template, template, [day], [row[0]], {"person": name, "since": day})
