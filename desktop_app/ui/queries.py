"""Read-only vault queries the pages need (Qt-free; run on the DB pool).

Analytics go through ``scope_where`` so charts show only what the user allowed.
"""

from __future__ import annotations

import json
from typing import Any

from desktop_app.core.domain import platform_label
from desktop_app.core.privacy.scope import finished_where, Scope, load_scope, scope_where

RECORD_COLS = ("id", "platform", "kind", "ts", "author", "thread_id", "is_mine", "text")


def overview(vault) -> dict[str, Any]:
    s = vault.stats()
    s["pending_import"] = _pending_import(vault)
    return s


def _pending_import(vault) -> bool:
    try:
        return bool(vault.scalar("SELECT count(*) FROM jobs WHERE kind = 'import' AND state IN ('running', 'cancelled', 'failed')"))
    except Exception:  # noqa: BLE001 - jobs table shape owned by ingest
        return False


def _scope(vault, scope: Scope | None) -> Scope:
    return scope if scope is not None else load_scope(vault)


def activity_by_month(vault, scope: Scope | None = None) -> list[tuple[str, int]]:
    where, params = scope_where(_scope(vault, scope), "r")
    rows = vault.query(
        f"SELECT strftime('%Y-%m', r.ts / 1000, 'unixepoch', 'localtime') AS m, count(*) FROM records r "
        f"WHERE r.ts IS NOT NULL AND {where} GROUP BY m ORDER BY m", params)
    return [(m, n) for m, n in rows if m]


def activity_by_hour_weekday(vault, scope: Scope | None = None) -> tuple[list[int], list[int]]:
    """Counts by hour 0-23 and by weekday Monday..Sunday, in this computer's time zone."""
    where, params = scope_where(_scope(vault, scope), "r")
    hours = [0] * 24
    days = [0] * 7
    for h, n in vault.query(f"SELECT CAST(strftime('%H', r.ts / 1000, 'unixepoch', 'localtime') AS INTEGER), count(*) FROM records r "
                            f"WHERE r.ts IS NOT NULL AND {where} GROUP BY 1", params):
        if h is not None:
            hours[h] = n
    for d, n in vault.query(f"SELECT CAST(strftime('%w', r.ts / 1000, 'unixepoch', 'localtime') AS INTEGER), count(*) FROM records r "
                            f"WHERE r.ts IS NOT NULL AND {where} GROUP BY 1", params):
        if d is not None:
            days[(d + 6) % 7] = n  # SQLite: 0 = Sunday
    return hours, days


def top_contacts(vault, limit: int = 10, scope: Scope | None = None) -> list[tuple[str, int]]:
    where, params = scope_where(_scope(vault, scope), "r")
    rows = vault.query(
        f"SELECT coalesce(p.display_name, r.author), count(*) AS n FROM records r "
        f"JOIN people p ON p.id = r.author_id WHERE r.kind = 'message' AND p.is_me = 0 AND {where} "
        f"GROUP BY coalesce(p.merged_into, p.id) ORDER BY n DESC LIMIT ?", [*params, limit])
    return [(name, n) for name, n in rows]


def people(vault, search: str = "") -> list[dict[str, Any]]:
    """People (merged ones folded into their target) with message counts and identities."""
    like = f"%{search}%"
    rows = vault.query(
        "SELECT p.id, p.display_name, p.is_me, "
        " (SELECT count(*) FROM records r WHERE r.author_id IN (SELECT id FROM people q WHERE q.id = p.id OR q.merged_into = p.id)"
        f" AND {finished_where('r')}) AS n, "
        " (SELECT min(ts) FROM records r WHERE r.author_id = p.id), (SELECT max(ts) FROM records r WHERE r.author_id = p.id) "
        "FROM people p WHERE p.merged_into IS NULL AND p.display_name LIKE ? ORDER BY n DESC, p.display_name LIMIT 5000",
        (like,))
    out = []
    for pid, name, is_me, n, first, last in rows:
        out.append({"id": pid, "name": name, "is_me": bool(is_me), "messages": n, "first_ts": first, "last_ts": last})
    return out


def person_detail(vault, person_id: int) -> dict[str, Any]:
    ids = [r[0] for r in vault.query("SELECT id FROM people WHERE id = ? OR merged_into = ?", (person_id, person_id))]
    q = ",".join("?" * len(ids))
    identities = [{"person_id": pid, "platform": pl, "name": nm, "username": un}
                  for pid, pl, nm, un in vault.query(
                      f"SELECT person_id, platform, name, username FROM identities WHERE person_id IN ({q}) ORDER BY platform, name", ids)]
    months = vault.query(
        f"SELECT strftime('%Y-%m', ts / 1000, 'unixepoch', 'localtime') m, count(*) FROM records WHERE author_id IN ({q}) AND ts IS NOT NULL "
        f"GROUP BY m ORDER BY m", ids)
    threads = vault.query(
        f"SELECT t.id, t.title, t.platform, (SELECT count(*) FROM records r WHERE r.thread_id = t.id) FROM threads t "
        f"JOIN thread_participants tp ON tp.thread_id = t.id WHERE tp.person_id IN ({q}) GROUP BY t.id ORDER BY 4 DESC LIMIT 50", ids)
    return {"identities": identities, "months": [(m, n) for m, n in months if m],
            "threads": [{"id": t, "title": ti or "(untitled)", "platform": pl, "records": n} for t, ti, pl, n in threads]}


def archives(vault) -> list[dict[str, Any]]:
    out = []
    for aid, name, platform, fmt, size, at, report in vault.query(
            "SELECT id, name, platform, format, size, imported_at, report FROM archives WHERE complete = 1 "
            "ORDER BY id DESC"):
        try:
            rep = json.loads(report) if report else {}
        except ValueError:
            rep = {}
        n = vault.scalar("SELECT count(*) FROM records WHERE archive_id = ?", (aid,))
        out.append({"id": aid, "name": name, "platform": platform, "format": fmt, "size": size,
                    "imported_at": at, "report": rep, "records": n})
    return out


def record(vault, record_id: int) -> dict[str, Any] | None:
    row = vault.execute(f"SELECT {', '.join(RECORD_COLS)}, extra, source FROM records WHERE id = ?", (record_id,)).fetchone()
    if row is None:
        return None
    d = dict(zip(RECORD_COLS + ("extra", "source"), row))
    if d["thread_id"] is not None:
        t = vault.execute("SELECT title, platform, is_group FROM threads WHERE id = ?", (d["thread_id"],)).fetchone()
        d["thread_title"] = (t[0] if t else "") or "(untitled conversation)"
    return d


def answers_citing(vault, record_id: int) -> int:
    """How many saved answers cite the record (0 when the assistant's tables are absent)."""
    try:
        return int(vault.scalar("SELECT count(DISTINCT answer_id) FROM assistant_citations WHERE record_id = ?",
                                (int(record_id),)))
    except Exception:  # noqa: BLE001 - assistant tables are optional
        return 0


def context(vault, record_id: int, radius: int = 25) -> dict[str, Any]:
    """The record with its neighbours: its thread around it, or the same kind around its time."""
    rec = record(vault, record_id)
    if rec is None:
        return {"record": None, "items": []}
    cols = ", ".join(RECORD_COLS)
    if rec["thread_id"] is not None:
        before = vault.query(f"SELECT {cols} FROM records WHERE thread_id = ? AND (ts < ? OR (ts = ? AND id < ?)) "
                             f"ORDER BY ts DESC, id DESC LIMIT ?", (rec["thread_id"], rec["ts"], rec["ts"], record_id, radius))
        after = vault.query(f"SELECT {cols} FROM records WHERE thread_id = ? AND (ts > ? OR (ts = ? AND id > ?)) "
                            f"ORDER BY ts, id LIMIT ?", (rec["thread_id"], rec["ts"], rec["ts"], record_id, radius))
        title = rec.get("thread_title", "")
    else:
        ts = rec["ts"] or 0
        before = vault.query(f"SELECT {cols} FROM records WHERE kind = ? AND platform = ? AND ts < ? ORDER BY ts DESC LIMIT 3",
                             (rec["kind"], rec["platform"], ts))
        after = vault.query(f"SELECT {cols} FROM records WHERE kind = ? AND platform = ? AND ts > ? ORDER BY ts LIMIT 3",
                            (rec["kind"], rec["platform"], ts))
        title = f"{platform_label(rec['platform'])} {rec['kind']}"
    items = [dict(zip(RECORD_COLS, r)) for r in reversed(before)]
    items.append({k: rec[k] for k in RECORD_COLS})
    items += [dict(zip(RECORD_COLS, r)) for r in after]
    return {"record": rec, "items": items, "title": title}


def records_page(vault, where: str, params: list[Any], after: tuple[int | None, int] | None, limit: int) -> list[tuple]:
    """One page of the records list, newest first: (id, ts, platform, kind, author, text preview).

    Keyset paging (``after`` = (ts, id) of the last row shown) keeps every page as fast as the
    first one; OFFSET took 190 ms per page half-way through a million records. Undated records
    come last.
    """
    cols = "r.id, r.ts, r.platform, r.kind, r.author, substr(r.text, 1, 300)"
    if after is None or after[0] is not None:
        cond, extra = ("1", []) if after is None else ("(r.ts, r.id) < (?, ?)", [after[0], after[1]])
        rows = vault.query(f"SELECT {cols} FROM records r WHERE r.ts IS NOT NULL AND {cond} AND ({where}) "
                           f"ORDER BY r.ts DESC, r.id DESC LIMIT ?", [*extra, *params, limit])
        if len(rows) == limit:
            return rows
        rest = limit - len(rows)
        undated = vault.query(f"SELECT {cols} FROM records r WHERE r.ts IS NULL AND ({where}) ORDER BY r.id DESC LIMIT ?",
                              [*params, rest])
        return rows + undated
    return vault.query(f"SELECT {cols} FROM records r WHERE r.ts IS NULL AND r.id < ? AND ({where}) "
                       f"ORDER BY r.id DESC LIMIT ?", [after[1], *params, limit])


def records_count(vault, where: str, params: list[Any]) -> int:
    return int(vault.scalar(f"SELECT count(*) FROM records r WHERE {where}", params) or 0)


def distinct_values(vault) -> dict[str, list[str]]:
    done = finished_where("records")
    return {"platforms": [r[0] for r in vault.query(f"SELECT DISTINCT platform FROM records WHERE {done} ORDER BY 1")],
            "kinds": [r[0] for r in vault.query(f"SELECT DISTINCT kind FROM records WHERE {done} ORDER BY 1")],
            "categories": [r[0] for r in vault.query(f"SELECT DISTINCT category FROM records WHERE {done} ORDER BY 1")]}


def threads(vault, limit: int = 500) -> list[dict[str, Any]]:
    return [{"id": t, "title": ti or "(untitled)", "platform": pl, "records": n}
            for t, ti, pl, n in vault.query(
                "SELECT t.id, t.title, t.platform, count(r.id) n FROM threads t LEFT JOIN records r ON r.thread_id = t.id "
                f"AND {finished_where('r')} GROUP BY t.id ORDER BY n DESC LIMIT ?", (limit,))]
