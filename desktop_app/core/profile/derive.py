"""Derive the profile from the vault: every fact with its evidence records, a confidence and its rule.

Re-running is safe: facts are keyed by (kind, key), so the user's confirmations, edits, hidden
and deleted facts and "don't use for answers" marks stay as they were (see ``store.save_derivation``).
"""

from __future__ import annotations

import time
from typing import Any, Callable

from desktop_app.core.errors import Cancelled
from desktop_app.core.privacy.scope import Scope
from desktop_app.core.profile import (people, rules_activity, rules_identity, rules_interests, rules_people,
                                      rules_places)
from desktop_app.core.profile.context import build_context
from desktop_app.core.profile.move import update_move_date
from desktop_app.core.profile.store import NEEDS_DERIVE_SETTING, Derived, save_derivation
from desktop_app.core.progress import CancelToken, Progress, no_progress
from desktop_app.core.store.vault import Vault

LAST_RUN_SETTING = "profile.last_derived"


def derive_profile(vault: Vault, scope: Scope | None = None, *, progress: Callable[[Progress], None] = no_progress,
                   cancel: CancelToken | None = None, merge_people: bool = True) -> dict[str, Any]:
    """Merge people across platforms, derive all facts under ``scope`` (default: the saved scope), save them.

    Returns a report: counts by kind, the save counts, the merges made, and the time taken.
    """
    t0 = time.perf_counter()
    ctx = build_context(vault, scope)
    if merge_people:
        merges = people.auto_merge(vault, owner_ids=ctx.me_how)
        if merges:
            ctx = build_context(vault, scope)  # roots changed
    else:
        merges = []
    fields = rules_identity.profile_field_rows(ctx)
    steps = [
        ("identity", lambda: rules_identity.derive(ctx, fields)),
        ("people", lambda: rules_people.derive(ctx)),
        ("interests", lambda: rules_interests.derive(ctx, fields, rules_interests.main_language(ctx))),
        ("places", lambda: rules_places.derive_places(ctx, fields)),
        ("life events", lambda: rules_places.derive_life_events(ctx, fields)),
        ("activity", lambda: rules_activity.derive_activity(ctx)),
        ("languages", lambda: rules_activity.derive_languages(ctx)),
    ]
    derived: list[Derived] = []
    timings: dict[str, float] = {}
    for i, (name, step) in enumerate(steps):
        if cancel is not None:
            cancel.check()
        progress(Progress("profile", done=i, total=len(steps), message=name))
        t = time.perf_counter()
        derived.extend(step())
        timings[name] = round(time.perf_counter() - t, 3)
    if cancel is not None and cancel.cancelled:
        raise Cancelled()
    t = time.perf_counter()
    saved = save_derivation(vault, derived)
    update_move_date(vault)   # "before I moved" in search (retrieval/dates.py)
    timings["save"] = round(time.perf_counter() - t, 3)
    by_kind: dict[str, int] = {}
    for d in derived:
        by_kind[d.kind] = by_kind.get(d.kind, 0) + 1
    report = {"facts": by_kind, "saved": saved, "merges": merges, "seconds": round(time.perf_counter() - t0, 3), "steps": timings,
              "scope": ctx.scope.to_dict()}
    vault.set_setting(LAST_RUN_SETTING, {"at": int(time.time()), "facts": by_kind})
    vault.set_setting(NEEDS_DERIVE_SETTING, False)
    progress(Progress("profile", done=len(steps), total=len(steps), message="done"))
    return report
