"""Names of people in a query ("what did Sam say about ..."): a soft hint, never a hard filter."""

from __future__ import annotations

import re
import threading
import weakref
from typing import TYPE_CHECKING, Any

from desktop_app.core.retrieval.filters import person_family
from desktop_app.core.retrieval.keyword import STOPWORDS

if TYPE_CHECKING:
    from desktop_app.core.store.vault import Vault

# vault → {me: (stamp, name table)}
_cache: weakref.WeakKeyDictionary[Vault, dict[bool, tuple[tuple[Any, ...], dict[str, set[int]]]]] = \
    weakref.WeakKeyDictionary()
_lock = threading.Lock()


def _names(vault: Vault, me: bool = False) -> dict[str, set[int]]:
    """casefolded full name or first name → person ids (the others; with ``me`` the owner's own names)."""
    key = (vault.scalar("SELECT count(*) FROM identities"), vault.scalar("SELECT count(*) FROM people WHERE merged_into IS NOT NULL"),
           vault.scalar("SELECT count(*) FROM people WHERE is_me = 1"), me)
    with _lock:
        hit = _cache.get(vault, {}).get(me)
        if hit and hit[0] == key:
            return hit[1]
    table: dict[str, set[int]] = {}
    flag = 1 if me else 0
    rows = vault.query("SELECT p.id, p.display_name FROM people p WHERE p.is_me = ? UNION ALL"
                       " SELECT i.person_id, i.name FROM identities i JOIN people p ON p.id = i.person_id WHERE p.is_me = ?",
                       (flag, flag))
    for pid, name in rows:
        n = (name or "").strip().casefold()
        if len(n) < 3:
            continue
        table.setdefault(n, set()).add(pid)
        first = n.split()[0] if " " in n else None
        if first and len(first) >= 3 and first not in STOPWORDS:
            table.setdefault(first, set()).add(pid)
    with _lock:
        _cache.setdefault(vault, {})[me] = (key, table)
    return table


def detect_owner(vault: Vault, text: str) -> str | None:
    """The words of ``text`` that name the archive's owner ("What did Caroline research?" in
    Caroline's own archive): in the owner's archive their own name means "me"."""
    got = _detect(_names(vault, me=True), vault, text)
    return got[1] if got else None


def detect_person(vault: Vault, text: str) -> tuple[list[int], str] | None:
    """The person family a query names (full name, or a capitalised first name), with the words used."""
    return _detect(_names(vault), vault, text)


def _detect(table: dict[str, set[int]], vault: Vault, text: str) -> tuple[list[int], str] | None:
    if not table:
        return None
    words = re.findall(r"\w+", text)
    for n in (3, 2, 1):
        for i in range(len(words) - n + 1):
            span = words[i:i + n]
            if n == 1 and not span[0][:1].isupper():
                continue  # lower-case single words are too often ordinary words ("will", "may")
            ids = table.get(" ".join(span).casefold())
            if ids:
                fam: set[int] = set()
                for pid in ids:
                    fam.update(person_family(vault, pid))
                return sorted(fam), " ".join(span)
    return None


# vault → (max record id, {"total": records, family ids: records in 1:1 threads with them})
_share_cache: weakref.WeakKeyDictionary[Vault, tuple[int, dict[str | tuple[int, ...], int]]] = \
    weakref.WeakKeyDictionary()


def share_of(vault: Vault, family: list[int]) -> float:
    """Share of the archive's records in one-to-one conversations with ``family`` (cached per open
    vault until records are added): near 1 in a two-person chat export, small in a wide archive."""
    stamp = int(vault.scalar("SELECT coalesce(max(id), 0) FROM records") or 0)
    with _lock:
        hit = _share_cache.get(vault)
    if hit is None or hit[0] != stamp:
        hit = (stamp, {"total": int(vault.scalar("SELECT count(*) FROM records") or 0)})
        with _lock:
            _share_cache[vault] = hit
    memo = hit[1]
    key = tuple(sorted(family))
    if key not in memo:
        q = ",".join("?" * len(key))
        memo[key] = int(vault.scalar(
            "SELECT count(*) FROM records WHERE thread_id IN (SELECT tp.thread_id FROM thread_participants tp"
            f" JOIN threads t ON t.id = tp.thread_id WHERE t.is_group = 0 AND tp.person_id IN ({q}))", key) or 0)
    return memo[key] / memo["total"] if memo["total"] else 0.0
