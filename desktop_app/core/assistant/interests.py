""""What are my hobbies?" / "What am I into?" / "What do I do for fun?", answered from the profile's interests.

The lookup had answered "What are my hobbies?" with "Long day at work, but a good one" (a record near the question
in meaning, sharing none of its words). The profile already holds the interests the owner's own records show (rock
climbing, sourdough baking, guitar), each with its evidence: the answer lists them, each cited by the newest record
of its evidence inside the scope. Facts the user hid or kept out of answers, and sensitive ones the scope does not
let in, are not used (profile.summary.allowed_facts); with the profile off for answers (Settings) this route stays
silent and the question goes on as any other.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from desktop_app.core.assistant.analytics import AnalyticResult
from desktop_app.core.privacy.scope import Scope, load_scope, scope_where

if TYPE_CHECKING:
    from desktop_app.core.store.vault import Vault

SHOWN = 8
_ASK = re.compile(r"^\s*(?:what\s+(?:are|were)\s+my\s+(?:main\s+)?(?:hobbies|interests|passions|pastimes)|"
                  r"what\s+(?:am|was)\s+i\s+(?:into|interested\s+in|passionate\s+about)|"
                  r"what\s+do\s+i\s+(?:do\s+for\s+fun|like\s+to\s+do|enjoy\s+doing|do\s+in\s+my\s+(?:free|spare)\s+time)|"
                  r"what\s+(?:hobbies|interests)\s+do\s+i\s+have)\s*[?.!]?\s*$", re.I)


def answer(vault: Vault, question: str, scope: Scope | None) -> AnalyticResult | None:
    if not _ASK.match(question):
        return None
    from desktop_app.core.assistant.ask import USE_PROFILE_SETTING
    from desktop_app.core.profile import derive
    from desktop_app.core.profile.store import needs_derive
    from desktop_app.core.profile.summary import allowed_facts, named_interests, shown

    if not vault.get_setting(USE_PROFILE_SETTING, True):
        return None
    if vault.get_setting(derive.LAST_RUN_SETTING) is None or needs_derive(vault):
        derive.derive_profile(vault)          # first asked before the profile was ever shown: read it now
    scope = scope if scope is not None else load_scope(vault)
    where, params = scope_where(scope, "r")
    items: list[tuple[str, int]] = []
    for fact in named_interests([f for f in allowed_facts(vault, scope) if f.kind == "interest"]):
        ids = fact.evidence
        if not ids:
            continue
        newest = vault.scalar(f"SELECT r.id FROM records r WHERE r.id IN ({','.join('?' * len(ids))}) AND {where}"
                              " ORDER BY r.ts IS NULL, r.ts DESC, r.id DESC LIMIT 1", [*ids, *params])
        if newest is not None:
            items.append((shown(fact), int(newest)))
        if len(items) == SHOWN:
            break
    if not items:
        template = "Your records show no interests yet (the Profile lists what they show, and what you add)."
        return AnalyticResult("interests", template, template, [], [], {"count": 0, "items": []})
    listed = ", ".join(f"{name} [{i}]" for i, (name, _) in enumerate(items, 1))
    template = f"From your own records: {listed}."
    return AnalyticResult("interests", template, template, [n for n, _ in items], [rid for _, rid in items],
                          {"count": len(items), "items": [n for n, _ in items]})
