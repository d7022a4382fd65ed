"""The user's controls over facts: list, confirm, edit, hide, delete, and "don't use for answers".

Every change is stored in columns derivation never writes (status, user_value, use_for_answers),
so it survives re-imports and re-derivation.
"""

from __future__ import annotations

import json
import time
from typing import Any, Iterable

from desktop_app.core.errors import KnownError
from desktop_app.core.privacy.scope import Scope
from desktop_app.core.profile.store import FACT_KINDS, Fact, get_fact, list_facts
from desktop_app.core.store.vault import Vault


class UnknownFact(KnownError):
    exit_code = 2


def _require(vault: Vault, fact_id: int) -> Fact:
    fact = get_fact(vault, int(fact_id), with_evidence=False)
    if fact is None or fact.status == "deleted":
        raise UnknownFact(f"No fact with id {fact_id}.")
    return fact


def _update(vault: Vault, fact_id: int, sql: str, params: tuple) -> Fact:
    with vault.transaction():
        _require(vault, fact_id)
        vault.execute(f"UPDATE profile_facts SET {sql}, updated_at = ? WHERE id = ?", (*params, int(time.time()), fact_id))
    return get_fact(vault, fact_id)  # type: ignore[return-value]


def list_(vault: Vault, *, kinds: Iterable[str] | None = None, include_hidden: bool = True,
          with_evidence: bool = True) -> list[Fact]:
    """Facts the user can see (deleted ones never come back)."""
    facts = list_facts(vault, kinds=kinds, with_evidence=with_evidence)
    return [f for f in facts if include_hidden or f.status != "hidden"]


def get(vault: Vault, fact_id: int) -> Fact:
    _require(vault, fact_id)
    return get_fact(vault, fact_id)  # type: ignore[return-value]


def confirm(vault: Vault, fact_id: int) -> Fact:
    return _update(vault, fact_id, "status = 'confirmed'", ())


def edit(vault: Vault, fact_id: int, value: Any, *, label: str | None = None) -> Fact:
    """Replace the fact's value with the user's; an edit is also a confirmation."""
    if isinstance(value, str) and not value.strip():
        raise KnownError("The new value is empty; to remove a fact, delete it.")
    fact = _require(vault, fact_id)
    new_label = label if label is not None else _relabel(fact, value)
    return _update(vault, fact_id, "user_value = ?, label = ?, status = 'confirmed'",
                   (json.dumps(value, ensure_ascii=False), new_label))


def _relabel(fact: Fact, value: Any) -> str:
    head = fact.label.split(":", 1)[0] if ":" in fact.label else ""
    shown = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return f"{head}: {shown}" if head else str(shown)


def hide(vault: Vault, fact_id: int) -> Fact:
    return _update(vault, fact_id, "status = 'hidden'", ())


def unhide(vault: Vault, fact_id: int) -> Fact:
    return _update(vault, fact_id, "status = 'visible'", ())


def delete(vault: Vault, fact_id: int) -> None:
    """Delete a fact for good: its value goes, its row stays as a marker re-derivation respects."""
    with vault.transaction():
        _require(vault, fact_id)
        vault.execute("UPDATE profile_facts SET status = 'deleted', value = NULL, user_value = NULL, label = '',"
                      " use_for_answers = 0, updated_at = ? WHERE id = ?", (int(time.time()), fact_id))


def set_use_for_answers(vault: Vault, fact_id: int, allowed: bool) -> Fact:
    return _update(vault, fact_id, "use_for_answers = ?", (int(bool(allowed)),))


def no_answers(vault: Vault, fact_id: int) -> Fact:
    """Keep the fact but never put it in the assistant's prompt."""
    return set_use_for_answers(vault, fact_id, False)


def add(vault: Vault, kind: str, key: str, value: Any, *, label: str = "", sensitive: str | None = None) -> Fact:
    """A fact the user states themselves (no evidence needed; forgetting records never drops it)."""
    if kind not in FACT_KINDS:
        raise KnownError(f"Unknown fact kind {kind!r}; use one of {', '.join(FACT_KINDS)}.")
    now = int(time.time())
    with vault.transaction():
        vault.execute(
            "INSERT INTO profile_facts(kind, key, label, value, user_value, confidence, rule, source, status,"
            " sensitive, created_at, updated_at) VALUES (?,?,?,?,?,1.0,'user','user','confirmed',?,?,?)"
            " ON CONFLICT(kind, key) DO UPDATE SET user_value = excluded.user_value, label = excluded.label,"
            " status = 'confirmed', source = 'user', use_for_answers = 1, updated_at = excluded.updated_at",
            (kind, key, label or str(value), json.dumps(value, ensure_ascii=False),
             json.dumps(value, ensure_ascii=False), sensitive, now, now))
        fid = vault.scalar("SELECT id FROM profile_facts WHERE kind = ? AND key = ?", (kind, key))
    return get_fact(vault, fid)  # type: ignore[return-value]


def allowed_for_answers(fact: Fact, scope: Scope | None = None) -> bool:
    """May this fact reach the assistant? Not hidden/deleted, not opted out, sensitive only if the scope allows."""
    if fact.status in ("hidden", "deleted") or not fact.use_for_answers:
        return False
    if fact.sensitive and not (scope is not None and scope.sensitive_allowed(fact.sensitive)):
        return False
    return True
