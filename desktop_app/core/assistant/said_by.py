""""What did Maria tell me?" answered from the vault: that person's own latest messages, exact and cited.

A question naming only a person and a verb of saying holds no word to search for, so the lookup route
has nothing to match and declined ("the question has no words to look for") although the vault holds
every word the person wrote. The answer is their latest messages in your conversations with them, in
their own words, each cited with its day; for "ask", the latest of their questions. A time in the
question ("in 2023", "last month") narrows them; any other word makes it a lookup ("What did Maria tell
me about the job?"), which the usual routes answer.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from desktop_app.core.assistant.analytics import AnalyticResult, _where, fmt_day, parse_period, person_named, quote_text
from desktop_app.core.privacy.scope import Scope

if TYPE_CHECKING:
    from desktop_app.core.store.vault import Vault

SHOWN = 5            # messages quoted in the answer (each cut at analytics.QUOTE_CHARS, whole in its citation)

_SAID = re.compile(r"^\s*what\s+(?:did|does|has|have|had)\s+(?P<name>[^?]+?)\s+"
                   r"(?P<verb>tell|told|say|said|write|written|wrote|text|texted|message|messaged|ask|asked|send|sent)"
                   r"(?:\s+(?:to\s+)?(?:me|us))?(?P<rest>[^?]*?)\s*\??\s*$", re.I)


def answer(vault: Vault, question: str, scope: Scope | None) -> AnalyticResult | None:
    m = _SAID.match(question)
    if m is None:
        return None
    person = person_named(vault, question, m.group("name"))
    if person is None:
        return None                    # unknown, or "What did Maria's sister say?": someone of theirs, a lookup
    family, name, _ = person
    from desktop_app.core.timezone import zone_for

    zone = zone_for(vault)
    period = parse_period(question, zone=zone)
    rest = m.group("rest").strip().lower()
    if rest and rest != period.label.lower():
        return None                    # a topic or another constraint: the lookup route applies it
    asks = m.group("verb").lower().startswith("ask")
    where, params = _where(scope, ("message",), period, None, None, family)   # a group chat tells you too
    if asks:
        where += " AND r.text LIKE '%?%'"
    rows = vault.query(f"SELECT r.id, r.text, r.ts FROM records r WHERE {where} "
                       "ORDER BY r.ts IS NULL, r.ts DESC, r.id DESC", params)
    what = "questions" if asks else "messages"
    when = f" {period.label}" if period.label else ""
    if not rows:
        template = f"{name} sent you no {what}{when} in your data."
        return AnalyticResult("said", template, template, [], [], {"person": name, "count": 0, "items": []})
    shown = _latest_distinct(rows)
    quotes = "; ".join(f"“{quote_text(text)}” ({fmt_day(ts, zone)}) [{i}]" for i, (_, text, ts) in enumerate(shown, 1))
    template = f"{name} sent you {len(rows)} {what}{when}" + ("; the latest: " if len(rows) > len(shown) else ": ") \
        + quotes + "."
    return AnalyticResult("said", template, template, [str(len(rows))], [rid for rid, _, _ in shown],
                          {"person": name, "count": len(rows), "items": [t for _, t, _ in shown]})


def _latest_distinct(rows: list) -> list:
    """The latest SHOWN messages, a text said again ("Call you later?") quoted once, at its latest."""
    seen: set[str] = set()
    out = []
    for row in rows:
        key = " ".join((row[1] or "").lower().split())
        if key not in seen:
            seen.add(key)
            out.append(row)
            if len(out) == SHOWN:
                break
    return out
