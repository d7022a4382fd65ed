"""The move date that search reads for "before I moved" / "after I moved" (setting ``profile.move_date``).

Written after each derivation from the profile's "moved" life events, only when exactly one
move is known (events less than 60 days apart count as one: the city change and the "we moved
to ..." post). With none, or several, "before I moved" is ambiguous and stays plain words, so a
date filter never hides results on a guess. Hidden and deleted facts are not used, and the
setting goes with the records it came from (``on_records_forgotten``, privacy's forget hook).
"""

from __future__ import annotations

from typing import Any

from desktop_app.core.profile.facts import list_
from desktop_app.core.retrieval.dates import MOVE_SETTING  # search reads it for "before I moved"
from desktop_app.core.store.vault import Vault

SAME_MOVE_MS = 60 * 86_400_000


def _moves(vault: Vault) -> list[tuple[int, list[int]]]:
    out = []
    for f in list_(vault, kinds=["life_event"], include_hidden=False):
        v = f.value if isinstance(f.value, dict) else {}
        kind = v.get("type")
        title = str(v.get("what") or "") if kind == "life_event" else ""
        if (kind == "moved" or title.lower().startswith(("moved to", "moved from"))) and isinstance(v.get("ts"), int):
            out.append((int(v["ts"]), list(f.evidence)))
    return sorted(out)


def update_move_date(vault: Vault) -> str | None:
    """Set (or clear) the derived move date; return it as YYYY-MM-DD or None."""
    current = vault.get_setting(MOVE_SETTING)
    if current is not None and not (isinstance(current, dict) and current.get("derived")):
        return None   # set by the user or by hand: not ours to change
    moves = _moves(vault)
    groups: list[list[tuple[int, list[int]]]] = []
    for m in moves:
        if groups and m[0] - groups[-1][-1][0] < SAME_MOVE_MS:
            groups[-1].append(m)
        else:
            groups.append([m])
    if len(groups) != 1:
        if current is not None:
            vault.delete_setting(MOVE_SETTING)
        return None
    ts = min(t for t, _ in groups[0])
    from desktop_app.core.timezone import to_local, zone_for

    day = to_local(ts, zone_for(vault)).strftime("%Y-%m-%d")  # the day the user saw it happen
    evidence = sorted({r for _, ev in groups[0] for r in ev})
    value: dict[str, Any] = {"date": day, "derived": True, "evidence": evidence}
    if current != value:
        vault.set_setting(MOVE_SETTING, value)
    return day


def on_records_forgotten(vault: Vault, record_ids: list[int]) -> bool:
    """Forget hook (privacy.forget): drop a derived move date that rests on any of these records."""
    current = vault.get_setting(MOVE_SETTING)
    if isinstance(current, dict) and current.get("derived") and set(current.get("evidence") or []) & set(record_ids):
        vault.delete_setting(MOVE_SETTING)
        return True
    return False
