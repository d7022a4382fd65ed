"""The data-use log: which records each answer used, kept encrypted in the vault.

Rows reference records with ON DELETE CASCADE, so forgetting a record also forgets its uses.
The log holds ids and times only, never text.
"""

from __future__ import annotations

import time
from typing import Any, Iterable, TYPE_CHECKING

if TYPE_CHECKING:
    from desktop_app.core.store.vault import Vault


def _now_ms() -> int:
    return int(time.time() * 1000)


def record_use(vault: Vault, answer_id: str | int, record_ids: Iterable[int]) -> int:
    """Log that ``answer_id`` used ``record_ids``; return how many new entries were written.

    Ids of records that no longer exist (forgotten meanwhile) are skipped.
    """
    ids = sorted({int(r) for r in record_ids})
    if not ids:
        return 0
    at = _now_ms()
    before = vault.conn.total_changes
    with vault.transaction():
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            q = ",".join("?" * len(chunk))
            vault.execute(
                f"INSERT OR IGNORE INTO privacy_uses(answer_id, record_id, at) "
                f"SELECT ?, id, ? FROM records WHERE id IN ({q})", [str(answer_id), at, *chunk])
    return vault.conn.total_changes - before


def usage_for_record(vault: Vault, record_id: int) -> dict[str, Any]:
    """``{"record_id", "answers": n, "answer_ids": [...], "last_used_ms"}`` ("used in 3 answers")."""
    rows = vault.query("SELECT answer_id, at FROM privacy_uses WHERE record_id = ? ORDER BY at DESC, answer_id",
                       (int(record_id),))
    return {"record_id": int(record_id), "answers": len(rows), "answer_ids": [a for a, _ in rows],
            "last_used_ms": rows[0][1] if rows else None}


def usage_counts(vault: Vault, record_ids: Iterable[int]) -> dict[int, int]:
    """Answer counts for many records at once (for result lists)."""
    ids = sorted({int(r) for r in record_ids})
    out = {i: 0 for i in ids}
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        q = ",".join("?" * len(chunk))
        for rid, n in vault.query(
                f"SELECT record_id, count(*) FROM privacy_uses WHERE record_id IN ({q}) GROUP BY record_id", chunk):
            out[rid] = n
    return out


def records_for_answer(vault: Vault, answer_id: str | int) -> list[int]:
    return [r for (r,) in vault.query("SELECT record_id FROM privacy_uses WHERE answer_id = ? ORDER BY record_id",
                                      (str(answer_id),))]


def usage_log(vault: Vault, *, limit: int | None = None) -> list[dict[str, Any]]:
    """One entry per answer, newest first: ``{"answer_id", "at_ms", "record_ids"}``."""
    sql = ("SELECT answer_id, max(at) AS at, group_concat(record_id) FROM privacy_uses "
           "GROUP BY answer_id ORDER BY at DESC, answer_id")
    params: list[Any] = []
    if limit is not None:
        sql += " LIMIT ?"
        params.append(int(limit))
    return [{"answer_id": a, "at_ms": at, "record_ids": sorted(int(x) for x in ids.split(","))}
            for a, at, ids in vault.query(sql, params)]


def clear_log(vault: Vault) -> int:
    """Erase the whole log (and flush it out of the WAL); return the number of entries removed."""
    with vault.transaction():
        n = int(vault.scalar("SELECT count(*) FROM privacy_uses"))
        vault.execute("DELETE FROM privacy_uses")
    vault.checkpoint()
    return n
