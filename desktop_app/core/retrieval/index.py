"""Search units: each record alone, and conversation windows (bursts of a thread), kept in sync.

A window is a run of messages of one thread with no gap above ``WINDOW_GAP_MS``, cut into
overlapping chunks that fit the embedder (speaker names and the date are in the unit text).
Unit text is rebuilt from the records when needed and never stored. ``on_records_forgotten``
is the privacy hook: it drops every unit holding a forgotten record and rebuilds that thread's
windows without it, inside the caller's transaction.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, Iterable

if TYPE_CHECKING:
    from desktop_app.core.store.vault import Vault

WINDOW_GAP_MS = 3 * 3600 * 1000
WINDOW_MAX_MSGS = 8
WINDOW_STRIDE = 6
WINDOW_MAX_CHARS = 900
GENERATION_KEY = "retrieval.generation"
WINDOW_KINDS = ("message",)
# Messages shorter than this many words ("ok", "haha yes") get no unit of their own: alone they
# mean little and crowd semantic results; they still count inside their window and for keywords.
MIN_MESSAGE_WORDS = 4


# Which records get a unit of their own (word count ≈ spaces + 1).
_UNIT_COND = (f"r.text != '' AND (r.kind != 'message' OR length(trim(r.text)) - length(replace(trim(r.text), ' ', ''))"
              f" >= {MIN_MESSAGE_WORDS - 1})")


def bump_generation(vault: Vault) -> None:
    """Tell in-memory indexes (this process or another) that units or vectors changed."""
    vault.set_setting(GENERATION_KEY, int(vault.get_setting(GENERATION_KEY, 0) or 0) + 1)


def generation(vault: Vault) -> int:
    return int(vault.get_setting(GENERATION_KEY, 0) or 0)


def plan_windows(rows: list[tuple[int, int | None, int]]) -> list[list[int]]:
    """Windows of record ids from a thread's messages ``(id, ts_ms, text_len)`` in time order."""
    bursts: list[list[tuple[int, int | None, int]]] = []
    prev_ts: int | None = None
    for row in rows:
        ts = row[1]
        if not bursts or ts is None or prev_ts is None or ts - prev_ts > WINDOW_GAP_MS:
            bursts.append([])
        bursts[-1].append(row)
        prev_ts = ts
    out: list[list[int]] = []
    for burst in bursts:
        if len(burst) < 2:
            continue
        start = 0
        covered = -1
        while start < len(burst):
            chunk: list[int] = []
            chars = 0
            i = start
            while i < len(burst) and len(chunk) < WINDOW_MAX_MSGS and (len(chunk) < 2 or chars + burst[i][2] <= WINDOW_MAX_CHARS):
                chunk.append(burst[i][0])
                chars += burst[i][2] + 1
                i += 1
            end = i - 1
            if end > covered and len(chunk) >= 2:
                out.append(chunk)
                covered = end
            if i >= len(burst):
                break
            start = max(start + 1, min(start + WINDOW_STRIDE, i - 2 if i - start > 2 else i))
    return out


def _thread_messages(vault: Vault, thread_id: int, exclude: set[int]) -> list[tuple[int, int | None, int]]:
    q = ",".join("?" * len(WINDOW_KINDS))
    rows = vault.query(f"SELECT id, ts, length(text) FROM records WHERE thread_id = ? AND kind IN ({q}) AND text != ''"
                       " ORDER BY ts, id", [thread_id, *WINDOW_KINDS])
    return [r for r in rows if r[0] not in exclude]


def rebuild_windows(vault: Vault, thread_id: int, exclude: Iterable[int] = ()) -> tuple[int, int]:
    """Make the thread's windows match its messages; unchanged windows keep their vectors."""
    excl = set(exclude)
    msgs = _thread_messages(vault, thread_id, excl)
    ts_of = {r[0]: r[1] for r in msgs}
    wanted = {tuple(w) for w in plan_windows(msgs)}
    have: dict[tuple[int, ...], int] = {}
    members: dict[int, list[int]] = {}
    for uid, rid in vault.query("SELECT u.id, ur.record_id FROM retrieval_units u JOIN retrieval_unit_records ur"
                                " ON ur.unit_id = u.id WHERE u.thread_id = ? AND u.kind = 'window' ORDER BY u.id, ur.pos",
                                (thread_id,)):
        members.setdefault(uid, []).append(rid)
    for uid, rids in members.items():
        have[tuple(rids)] = uid
    removed = added = 0
    for key, uid in have.items():
        if key not in wanted:
            vault.execute("DELETE FROM retrieval_units WHERE id = ?", (uid,))
            removed += 1
    for key in wanted:
        if key in have:
            continue
        tss = [t for r in key if (t := ts_of.get(r)) is not None]
        cur = vault.execute("INSERT INTO retrieval_units(kind, record_id, thread_id, ts_start, ts_end, n_records)"
                            " VALUES ('window', ?, ?, ?, ?, ?)",
                            (key[0], thread_id, min(tss) if tss else None, max(tss) if tss else None, len(key)))
        uid = cur.lastrowid
        vault.conn.executemany("INSERT INTO retrieval_unit_records(unit_id, record_id, pos) VALUES (?, ?, ?)",
                               [(uid, rid, i) for i, rid in enumerate(key)])
        added += 1
    return added, removed


def sync_units(vault: Vault) -> dict[str, int]:
    """Create units for records that have none (new imports) and refresh the affected windows."""
    from desktop_app.core.retrieval import aux_index, timerefs

    with vault.transaction():
        times = timerefs.sync(vault)   # time phrases of new records, resolved once and stored
        times["aux_indexed"] = aux_index.sync(vault)   # kind words and title lines, for keywords
        before = int(vault.scalar("SELECT coalesce(max(id), 0) FROM retrieval_units"))
        vault.execute("INSERT INTO retrieval_units(kind, record_id, thread_id, ts_start, ts_end, n_records)"
                      " SELECT 'record', r.id, r.thread_id, r.ts, r.ts, 1 FROM records r WHERE " + _UNIT_COND +
                      " AND NOT EXISTS (SELECT 1 FROM retrieval_units u WHERE u.kind = 'record' AND u.record_id = r.id)"
                      " ORDER BY r.id")
        new_records = int(vault.scalar("SELECT count(*) FROM retrieval_units WHERE id > ?", (before,)))
        # Windows that lost a member without the forget hook (a record deleted directly): their
        # vector still encodes the deleted words, so drop them and rebuild the thread.
        broken = vault.query("SELECT u.id, u.thread_id FROM retrieval_units u WHERE u.kind = 'window' AND u.n_records !="
                             " (SELECT count(*) FROM retrieval_unit_records ur WHERE ur.unit_id = u.id)")
        for uid, _ in broken:
            vault.execute("DELETE FROM retrieval_units WHERE id = ?", (uid,))
        if not new_records and not broken:
            return {"new_record_units": 0, "windows_added": 0, "windows_removed": 0, **times}
        vault.execute("INSERT INTO retrieval_unit_records(unit_id, record_id, pos)"
                      " SELECT id, record_id, 0 FROM retrieval_units WHERE id > ? AND kind = 'record'", (before,))
        q = ",".join("?" * len(WINDOW_KINDS))
        threads = {t for _, t in broken if t is not None}
        threads |= {t for (t,) in vault.query(
            "SELECT DISTINCT u.thread_id FROM retrieval_units u JOIN records r ON r.id = u.record_id"
            f" WHERE u.id > ? AND u.kind = 'record' AND u.thread_id IS NOT NULL AND r.kind IN ({q})",
            [before, *WINDOW_KINDS])}
        added, removed = 0, len(broken)
        for tid in sorted(threads):
            a, r = rebuild_windows(vault, tid)
            added += a
            removed += r
        bump_generation(vault)
    return {"new_record_units": new_records, "windows_added": added, "windows_removed": removed, **times}


def unsynced_count(vault: Vault) -> int:
    """Records with text and no unit yet (cheap enough to call from the UI)."""
    return int(vault.scalar("SELECT count(*) FROM records r WHERE " + _UNIT_COND + " AND NOT EXISTS"
                            " (SELECT 1 FROM retrieval_units u WHERE u.kind = 'record' AND u.record_id = r.id)"))


def on_records_forgotten(vault: Vault, record_ids: list[int]) -> dict[str, int]:
    """Privacy hook: remove units and vectors holding these records; rebuild windows without them."""
    ids = sorted({int(i) for i in record_ids})
    if not ids:
        return {"units_removed": 0}
    units: set[int] = set()
    threads: set[int] = set()
    from desktop_app.core.retrieval import aux_index, timerefs

    with vault.transaction():
        timerefs.forget(vault, ids)
        aux_index.forget(vault, ids)
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            q = ",".join("?" * len(chunk))
            for uid, kind, tid in vault.query(
                    "SELECT u.id, u.kind, u.thread_id FROM retrieval_units u WHERE u.id IN"
                    f" (SELECT unit_id FROM retrieval_unit_records WHERE record_id IN ({q}))"
                    f" OR u.record_id IN ({q})", [*chunk, *chunk]):
                units.add(uid)
                if kind == "window" and tid is not None:
                    threads.add(tid)
        uids = sorted(units)
        for i in range(0, len(uids), 500):
            chunk = uids[i:i + 500]
            vault.execute(f"DELETE FROM retrieval_units WHERE id IN ({','.join('?' * len(chunk))})", chunk)
        excl = set(ids)
        for tid in sorted(threads):
            rebuild_windows(vault, tid, excl)
        bump_generation(vault)
    return {"units_removed": len(uids)}


# -- unit text ----------------------------------------------------------------------------------

def _day(ts: int | None) -> str:
    if ts is None:
        return ""
    return dt.datetime.fromtimestamp(ts / 1000, dt.timezone.utc).strftime("%Y-%m-%d")


def _speaker(author: str, is_mine: int | None) -> str:
    name = author or "Someone"
    return f"{name} (me)" if is_mine else name


def render_record(kind: str, author: str, is_mine: int | None, text: str) -> str:
    # No speaker prefix: on short messages the name outweighs the words (the windows carry names).
    return text


def render_window(title: str, rows: list[tuple[int | None, str, int | None, str]]) -> str:
    """``rows``: (ts, author, is_mine, text) in order."""
    first = next((r[0] for r in rows if r[0] is not None), None)
    head = f"Conversation{(' ' + title) if title else ''}{(' on ' + _day(first)) if first else ''}:"
    return head + "\n" + "\n".join(f"{_speaker(a, m)}: {t}" for _, a, m, t in rows)


def unit_texts(vault: Vault, unit_ids: list[int]) -> dict[int, str]:
    """The text each unit is embedded from, rebuilt from its records."""
    out: dict[int, str] = {}
    for i in range(0, len(unit_ids), 400):
        chunk = unit_ids[i:i + 400]
        q = ",".join("?" * len(chunk))
        rows = vault.query(
            "SELECT u.id, u.kind, coalesce(t.title, ''), r.ts, r.author, r.is_mine, r.text, r.kind"
            " FROM retrieval_units u JOIN retrieval_unit_records ur ON ur.unit_id = u.id"
            " JOIN records r ON r.id = ur.record_id LEFT JOIN threads t ON t.id = u.thread_id"
            f" WHERE u.id IN ({q}) ORDER BY u.id, ur.pos", chunk)
        groups: dict[int, list[tuple[Any, ...]]] = {}
        for row in rows:
            groups.setdefault(row[0], []).append(row)
        for uid, g in groups.items():
            if g[0][1] == "window":
                out[uid] = render_window(g[0][2], [(r[3], r[4], r[5], r[6]) for r in g])
            else:
                r = g[0]
                out[uid] = render_record(r[7], r[4], r[5], r[6])
    return out
