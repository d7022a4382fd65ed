"""Stored time resolutions: each record's time phrases resolved once, when records are cut into units.

``sync`` runs inside ``index.sync_units`` (after every import): it reads only records above a
high-water mark (record ids only grow), resolves their phrases with ``core.timeref.resolve``
against the record's time in its thread's zone (WhatsApp threads record one) or the vault's,
and stores them in ``retrieval_timerefs`` (cascade-deleted with the record; the forget hook in
``index.on_records_forgotten`` deletes them explicitly too). ``load`` reads them back.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Callable, Iterable

from desktop_app.core.timeref import TimeRef, resolve
from desktop_app.core.timeref_langs import INDEX_WORDS, guess
from desktop_app.core.timezone import UnknownZone, parse_zone, zone_for

if TYPE_CHECKING:
    from desktop_app.core.store.vault import Vault

MARK_KEY = "retrieval.timerefs_upto"   # records with id <= this have been resolved
_BATCH = 20_000


def _fts_prefilter() -> str:
    """An FTS5 query for records that may hold a time phrase: the index answers it in C, so the
    sync reads and runs the resolver on those records only (most chat lines hold none)."""
    units = ["night", "week", "weekend", "month", "year", "morning", "afternoon", "evening", "spring", "summer",
             "autumn", "fall", "winter", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
             "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun"]
    phrases = [f'"{d} {u}"' for d in ("last", "next", "this", "past", "coming", "previous") for u in units]
    words = ["yesterday", "tomorrow", "today", "tonight", "ago", "weekend", "weekends", "days", "weeks", "months",
             "years", "january", "february", "march", "april", "may", "june", "july", "august", "september",
             "october", "november", "december", "jan", "feb", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
             "nov", "dec", "19*", "20*"]
    return "text : (" + " OR ".join(words + phrases + list(INDEX_WORDS)) + ")"


_PREFILTER = _fts_prefilter()


def _thread_zones(vault: Vault) -> dict[int, dt.tzinfo]:
    """Threads that carry their own zone (WhatsApp: the zone their clock readings were placed in)."""
    out: dict[int, dt.tzinfo] = {}
    for tid, extra in vault.query("SELECT id, extra FROM threads WHERE extra LIKE '%\"zone\"%'"):
        try:
            name = (json.loads(extra) or {}).get("zone")
            if isinstance(name, str) and name:
                out[int(tid)] = parse_zone(name)
        except (ValueError, TypeError, AttributeError, UnknownZone):
            continue
    return out


LANGUAGE_SAMPLE = 60   # a thread's messages its language is guessed from


def _resolver(vault: Vault) -> Callable[[str, int, int | None], list[TimeRef]]:
    vz = zone_for(vault)
    tz_of = _thread_zones(vault)
    lang_of: dict[int, str] = {}

    def language(thread_id: int | None, text: str) -> str:
        """A thread's language from many of its messages, once (a short line says too little: "hier soir"
        is French, "ich bin hier" German); a record outside a thread from its own words."""
        if thread_id is None:
            return guess(text)
        if thread_id not in lang_of:
            lang_of[thread_id] = guess([t for (t,) in vault.query(
                "SELECT text FROM records WHERE thread_id = ? AND text != '' ORDER BY ts LIMIT ?",
                (thread_id, LANGUAGE_SAMPLE))])
        return lang_of[thread_id]

    def run(text: str, ts: int, thread_id: int | None) -> list[TimeRef]:
        return resolve(text, ts, tz_of.get(thread_id, vz) if thread_id is not None else vz,
                       lang=language(thread_id, text))
    return run


def mark(vault: Vault) -> int:
    return int(vault.get_setting(MARK_KEY, 0) or 0)


def sync(vault: Vault) -> dict[str, int]:
    """Resolve and store the phrases of records added since the last sync (call inside a transaction)."""
    top = int(vault.scalar("SELECT coalesce(max(id), 0) FROM records") or 0)
    done = mark(vault)
    if top <= done:
        return {"timerefs_records": 0, "timerefs_added": 0}
    run = _resolver(vault)
    seen = added = 0   # seen: records that passed the index's pre-filter and were resolved
    lo = done
    while lo < top:
        hi = min(top, lo + _BATCH)
        rows = vault.query("SELECT r.id, r.ts, r.thread_id, r.text FROM records r WHERE r.id IN (SELECT rowid FROM"
                           " records_fts WHERE records_fts MATCH ? AND rowid > ? AND rowid <= ?) AND r.ts IS NOT NULL",
                           (_PREFILTER, lo, hi))
        out = []
        for rid, ts, tid, text in rows:
            for r in run(text, ts, tid):
                out.append((rid, r.start, r.end, r.phrase, r.from_ms, r.to_ms, r.granularity, r.label))
        if out:
            vault.conn.executemany('INSERT OR REPLACE INTO retrieval_timerefs(record_id, start, "end", phrase, from_ms,'
                                   " to_ms, granularity, label) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", out)
        seen += len(rows)
        added += len(out)
        lo = hi
    vault.set_setting(MARK_KEY, top)
    return {"timerefs_records": seen, "timerefs_added": added}


def forget(vault: Vault, record_ids: Iterable[int]) -> None:
    """Drop the resolutions of these records (the cascade does it too; this does not rely on it)."""
    ids = sorted({int(i) for i in record_ids})
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        vault.execute(f"DELETE FROM retrieval_timerefs WHERE record_id IN ({','.join('?' * len(chunk))})", chunk)


def load(vault: Vault, record_ids: Iterable[int]) -> dict[int, list[TimeRef]]:
    """Stored resolutions per record id (records with none are absent); unsynced records resolved live."""
    ids = sorted({int(i) for i in record_ids})
    out: dict[int, list[TimeRef]] = {}
    if not ids:
        return out
    upto = mark(vault)
    old = [i for i in ids if i <= upto]
    for i in range(0, len(old), 500):
        chunk = old[i:i + 500]
        for rid, s, e, phrase, a, b, g, label in vault.query(
                'SELECT record_id, start, "end", phrase, from_ms, to_ms, granularity, label FROM retrieval_timerefs'
                f" WHERE record_id IN ({','.join('?' * len(chunk))}) ORDER BY record_id, start", chunk):
            out.setdefault(rid, []).append(TimeRef(s, e, phrase, a, b, g, label))
    new = [i for i in ids if i > upto]
    if new:
        run = _resolver(vault)
        for i in range(0, len(new), 500):
            chunk = new[i:i + 500]
            for rid, ts, tid, text in vault.query(
                    f"SELECT id, ts, thread_id, text FROM records WHERE id IN ({','.join('?' * len(chunk))})"
                    " AND ts IS NOT NULL AND text != ''", chunk):
                refs = run(text, ts, tid)
                if refs:
                    out[rid] = refs
    return out


def records_in_range(vault: Vault, from_ms: int | None, to_ms: int | None, limit: int = 5000) -> list[int]:
    """Records whose stored resolution overlaps [from_ms, to_ms) ("in May 2023" finds "last month" said in June)."""
    lo = from_ms if from_ms is not None else -(2 ** 62)
    hi = to_ms if to_ms is not None else 2 ** 62
    # from_ms < hi is the indexed bound; ranges are at most a season or a year long, so the lower bound
    # on from_ms (lo minus a year) keeps the scan short
    return [r for (r,) in vault.query(
        "SELECT DISTINCT record_id FROM retrieval_timerefs WHERE from_ms < ? AND from_ms >= ? AND to_ms > ? LIMIT ?",
        (hi, lo - 370 * 86_400_000, lo, limit))]
