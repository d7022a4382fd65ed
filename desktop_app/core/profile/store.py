"""Fact rows: saving a derivation without undoing the user's edits, reading, and the forget hook."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import Any, Iterable

from desktop_app.core.store.vault import Vault

MAX_EVIDENCE = 50  # per fact: enough to show and check, small enough for big vaults
FACT_KINDS = ("identity", "person", "interest", "place", "life_event", "activity", "language")
STATUSES = ("visible", "confirmed", "hidden", "deleted")
NEEDS_DERIVE_SETTING = "profile.needs_derive"


@dataclass
class Derived:
    """A fact as a rule produced it, before it meets the user's edits."""

    kind: str
    key: str
    label: str
    value: Any
    confidence: float
    rule: str
    evidence: list[int] = field(default_factory=list)
    sensitive: str | None = None


@dataclass
class Fact:
    """A stored fact as the user sees it (``value`` is the user's edit when there is one)."""

    id: int
    kind: str
    key: str
    label: str
    value: Any
    derived_value: Any
    edited: bool
    confidence: float
    rule: str
    source: str
    status: str
    use_for_answers: bool
    sensitive: str | None
    stale: bool
    updated_at: int
    evidence: list[int] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


_COLS = ("id, kind, key, label, value, user_value, confidence, rule, source, status, use_for_answers,"
         " sensitive, stale, updated_at")


def _row_to_fact(row: tuple) -> Fact:
    (fid, kind, key, label, value, user_value, conf, rule, source, status, ufa, sens, stale, upd) = row
    derived = json.loads(value) if value is not None else None
    edited = user_value is not None
    return Fact(fid, kind, key, label, json.loads(user_value) if edited else derived, derived, edited,
                float(conf), rule, source, status, bool(ufa), sens, bool(stale), int(upd))


def get_fact(vault: Vault, fact_id: int, *, with_evidence: bool = True) -> Fact | None:
    row = vault.execute(f"SELECT {_COLS} FROM profile_facts WHERE id = ?", (fact_id,)).fetchone()
    if row is None:
        return None
    fact = _row_to_fact(row)
    if with_evidence:
        fact.evidence = evidence_of(vault, fact.id)
    return fact


def list_facts(vault: Vault, *, kinds: Iterable[str] | None = None, include_deleted: bool = False,
               with_evidence: bool = False) -> list[Fact]:
    where, params = ["1"], []
    if not include_deleted:
        where.append("status != 'deleted'")
    if kinds:
        ks = list(kinds)
        where.append(f"kind IN ({','.join('?' * len(ks))})")
        params.extend(ks)
    rows = vault.query(f"SELECT {_COLS} FROM profile_facts WHERE {' AND '.join(where)}"
                       " ORDER BY kind, confidence DESC, id", params)
    facts = [_row_to_fact(r) for r in rows]
    if with_evidence and facts:
        ev: dict[int, list[int]] = {}
        for fid, rid in vault.query("SELECT fact_id, record_id FROM profile_fact_evidence ORDER BY record_id"):
            ev.setdefault(fid, []).append(rid)
        for f in facts:
            f.evidence = ev.get(f.id, [])
    return facts


def evidence_of(vault: Vault, fact_id: int) -> list[int]:
    return [r for (r,) in vault.query(
        "SELECT record_id FROM profile_fact_evidence WHERE fact_id = ? ORDER BY record_id", (fact_id,))]


def _set_evidence(vault: Vault, fact_id: int, record_ids: Iterable[int]) -> None:
    vault.execute("DELETE FROM profile_fact_evidence WHERE fact_id = ?", (fact_id,))
    ids = sorted(set(int(r) for r in record_ids))[:MAX_EVIDENCE]
    if ids:
        # Only records that still exist: a rule may race a forget in another window.
        vault.conn.executemany(
            "INSERT OR IGNORE INTO profile_fact_evidence(fact_id, record_id) SELECT ?, id FROM records WHERE id = ?",
            [(fact_id, r) for r in ids])


def save_derivation(vault: Vault, derived: list[Derived], *, kinds: Iterable[str] = FACT_KINDS) -> dict[str, int]:
    """Write one derivation run for ``kinds``; the user's edits, statuses and deletions stay.

    A derived fact the run no longer produces is removed unless the user touched it (then it is
    kept and marked stale). Deleted facts are never revived: their row blocks the (kind, key).
    """
    now = int(time.time())
    kinds = tuple(kinds)
    counts = {"new": 0, "updated": 0, "kept_deleted": 0, "removed": 0, "stale": 0}
    seen: set[int] = set()
    with vault.transaction():
        existing = {(k, key): (fid, status) for fid, k, key, status in vault.query(
            f"SELECT id, kind, key, status FROM profile_facts WHERE kind IN ({','.join('?' * len(kinds))})", kinds)}
        for d in _dedupe(derived):
            ev = [r for r in d.evidence if r is not None]
            if not ev:
                continue  # every fact must point at records
            found = existing.get((d.kind, d.key))
            value = json.dumps(d.value, ensure_ascii=False, sort_keys=True)
            if found is None:
                cur = vault.execute(
                    "INSERT INTO profile_facts(kind, key, label, value, confidence, rule, sensitive, created_at,"
                    " updated_at) VALUES (?,?,?,?,?,?,?,?,?)",
                    (d.kind, d.key, d.label, value, round(d.confidence, 3), d.rule, d.sensitive, now, now))
                fid = cur.lastrowid
                counts["new"] += 1
            else:
                fid, status = found
                if status == "deleted":
                    # Keep the evidence so forgetting those records can drop the tombstone too.
                    _set_evidence(vault, fid, ev)
                    seen.add(fid)
                    counts["kept_deleted"] += 1
                    continue
                vault.execute(
                    "UPDATE profile_facts SET label = CASE WHEN user_value IS NULL THEN ? ELSE label END, value = ?, confidence = ?, rule = ?, sensitive = ?, stale = 0,"
                    " updated_at = ? WHERE id = ?",
                    (d.label, value, round(d.confidence, 3), d.rule, d.sensitive, now, fid))
                counts["updated"] += 1
            _set_evidence(vault, fid, ev)
            seen.add(fid)
        for (kind, key), (fid, status) in existing.items():
            if fid in seen:
                continue
            touched = vault.scalar(
                "SELECT source = 'user' OR status != 'visible' OR user_value IS NOT NULL OR use_for_answers = 0"
                " FROM profile_facts WHERE id = ?", (fid,))
            has_evidence = vault.scalar("SELECT count(*) FROM profile_fact_evidence WHERE fact_id = ?", (fid,))
            if touched and has_evidence:
                vault.execute("UPDATE profile_facts SET stale = 1 WHERE id = ?", (fid,))
                counts["stale"] += 1
            elif touched and vault.scalar("SELECT source FROM profile_facts WHERE id = ?", (fid,)) == "user":
                continue
            else:
                vault.execute("DELETE FROM profile_facts WHERE id = ?", (fid,))
                counts["removed"] += 1
    return counts


def _dedupe(derived: list[Derived]) -> list[Derived]:
    """Two rules producing one (kind, key): keep the more confident one, pool the evidence."""
    out: dict[tuple[str, str], Derived] = {}
    for d in derived:
        cur = out.get((d.kind, d.key))
        if cur is None:
            out[(d.kind, d.key)] = d
            continue
        best = d if d.confidence > cur.confidence else cur
        best.evidence = list(dict.fromkeys(cur.evidence + d.evidence))
        best.sensitive = cur.sensitive or d.sensitive
        out[(d.kind, d.key)] = best
    return list(out.values())


def on_records_forgotten(vault: Vault, record_ids: list[int]) -> int:
    """Forget hook: drop evidence on these records and the facts left with none (user-made ones stay).

    Called inside privacy's forget transaction, before the records go. Returns facts removed.
    """
    if not record_ids:
        return 0
    ids = sorted(set(int(r) for r in record_ids))
    touched: set[int] = set()
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        q = ",".join("?" * len(chunk))
        touched.update(f for (f,) in vault.query(
            f"SELECT DISTINCT fact_id FROM profile_fact_evidence WHERE record_id IN ({q})", chunk))
        vault.execute(f"DELETE FROM profile_fact_evidence WHERE record_id IN ({q})", chunk)
    removed = 0
    for fid in sorted(touched):
        left = vault.scalar("SELECT count(*) FROM profile_fact_evidence WHERE fact_id = ?", (fid,))
        if left:
            # The value may summarise the forgotten records (a "top contacts" list names people):
            # drop it unless the user worked on it; the next derivation rebuilds it from what is left.
            cur = vault.execute("DELETE FROM profile_facts WHERE id = ? AND source = 'derived' AND status = 'visible'"
                                " AND user_value IS NULL AND use_for_answers = 1", (fid,))
        else:
            cur = vault.execute("DELETE FROM profile_facts WHERE id = ? AND source != 'user'", (fid,))
        removed += cur.rowcount or 0
    if touched:
        vault.set_setting(NEEDS_DERIVE_SETTING, True)
    return removed


def needs_derive(vault: Vault) -> bool:
    """True after a forget touched the profile: re-derive to rebuild the facts it dropped."""
    return bool(vault.get_setting(NEEDS_DERIVE_SETTING, False))
