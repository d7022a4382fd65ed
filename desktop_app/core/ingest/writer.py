"""Batch writer from domain values (``Record``, ``Thread``) to vault rows.

Dedup is by ``Record.content_hash()`` (UNIQUE in the table), so re-imports and overlapping
exports add nothing twice; hashes in ``tombstones`` (forgotten by the user) are never re-added.
The caller owns the transaction: the writer never commits.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import json
import unicodedata
from dataclasses import dataclass, field
from json.encoder import encode_basestring
from typing import Any, Callable, Iterable

from desktop_app.core.domain import KINDS, Record, Thread
from desktop_app.core.store.vault import Vault


_orjson_dumps: Callable[[Any], bytes] | None
try:
    from orjson import dumps as _orjson_dumps
except ImportError:  # pragma: no cover - a dependency; the stdlib is the fallback
    _orjson_dumps = None


def dump_extra(ex: dict) -> str:
    """``extra`` as compact JSON: orjson (~10x faster than json.dumps on the import path), or the
    stdlib for what orjson refuses (non-string keys, lone surrogates). Readers json.loads it."""
    if _orjson_dumps is not None:
        try:
            return _orjson_dumps(ex).decode("utf-8")
        except TypeError:
            pass
    return json.dumps(ex, ensure_ascii=False)


@functools.lru_cache(maxsize=65536)
def _nfc(name: str) -> str:
    return unicodedata.normalize("NFC", name).strip()


def norm_name(name: str) -> str:
    return _nfc(name) if name else ""


class _Escaped(dict):
    """str -> its JSON form, computed once (platform, kind, author and thread key repeat)."""

    def __missing__(self, s: str) -> str:
        v = self[s] = encode_basestring(s)  # TypeError for a non-str: the caller's slow path
        return v


def content_hashes(batch: list[Record]) -> list[str]:
    """``rec.content_hash()`` for a batch, without building a list for ``json.dumps`` per record
    (3x faster on the import path): the basis is formatted from cached JSON escapes and is the
    same bytes, so the hash is the same; anything unusual (a non-int time, a non-str field)
    raises TypeError here and goes through ``content_hash()`` itself."""
    enc = _Escaped()
    empty = '""'  # the JSON of "", the usual dedup key
    out: list[str] = []
    append = out.append
    blake2b = hashlib.blake2b
    for rec in batch:
        ex = rec.extra
        if ex:
            dk = ex.get("dedup_key", "")
            ts = ex.get("wall_ms", rec.ts_ms)
        else:
            dk, ts = "", rec.ts_ms
        try:
            if ts is None:
                ts = "null"
            elif type(ts) is not int:
                raise TypeError
            basis = (f"[{enc[rec.platform]},{enc[rec.kind]},{ts},{enc[rec.author]},{enc[rec.thread_key or '']},"
                     f"{encode_basestring(rec.text)},{empty if dk == '' else encode_basestring(dk)}]")
        except TypeError:
            append(rec.content_hash())
            continue
        append(blake2b(basis.encode("utf-8"), digest_size=16).hexdigest())
    return out


def fast_content_hash(rec: Record) -> str:
    return content_hashes([rec])[0]


_NO_TS = -(2 ** 63)  # stands for a NULL ts in a bound row (no real timestamp is the int64 minimum)
_INSERT = ("INSERT OR IGNORE INTO records(platform, kind, category, ts, author, author_id, thread_id, is_mine, text,"
           " extra, source, archive_id, content_hash) VALUES (?, ?, ?, NULLIF(?, -9223372036854775808), ?,"
           " NULLIF(?, 0), NULLIF(?, 0), NULLIF(?, -1), ?, NULLIF(?, ''), ?, NULLIF(?, 0), ?)")


@dataclass
class WriteCounts:
    """What one ``write`` did, by record kind; the totals are their sums."""

    by_kind: dict[str, int] = field(default_factory=dict)          # inserted
    duplicates_by_kind: dict[str, int] = field(default_factory=dict)
    forgotten_by_kind: dict[str, int] = field(default_factory=dict)

    @property
    def inserted(self) -> int:
        return sum(self.by_kind.values())

    @property
    def duplicates(self) -> int:
        return sum(self.duplicates_by_kind.values())

    @property
    def forgotten(self) -> int:
        return sum(self.forgotten_by_kind.values())


class RecordWriter:
    """Caches person and thread ids for one import; use inside ``vault.transaction()``."""

    def __init__(self, vault: Vault, *, archive_id: int | None = None, owner_names: Iterable[str] = ()) -> None:
        self.vault = vault
        self.archive_id = archive_id
        self._people: dict[tuple[str, str], int] = {}
        self._threads: dict[str, int] = {}
        self.owner_names = {norm_name(n) for n in owner_names if n}
        self._trigger: str | None = None
        self.unknown_mine = 0          # messages written with is_mine unknown (owner back-fill needed)

    # -- people -------------------------------------------------------------------------------
    def person_id(self, platform: str, name: str, *, username: str = "") -> int | None:
        name = norm_name(name)
        if not name:
            return None
        key = (platform, name)
        pid = self._people.get(key)
        if pid is not None:
            return pid
        row = self.vault.execute("SELECT person_id FROM identities WHERE platform = ? AND name = ?", key).fetchone()
        if row:
            pid = row[0]
        else:
            is_me = 1 if name in self.owner_names else 0
            cur = self.vault.execute("INSERT INTO people(display_name, is_me) VALUES (?, ?)", (name, is_me))
            pid = cur.lastrowid
            self.vault.execute("INSERT INTO identities(person_id, platform, name, username) VALUES (?, ?, ?, ?)",
                               (pid, platform, name, username))
        self._people[key] = pid
        return pid

    def mark_me(self, platform: str, name: str, username: str = "") -> None:
        name = norm_name(name)
        if not name:
            return
        self.owner_names.add(name)
        pid = self.person_id(platform, name, username=username)
        self.vault.execute("UPDATE people SET is_me = 1 WHERE id = ?", (pid,))
        if username:
            self.vault.execute("UPDATE identities SET username = ? WHERE platform = ? AND name = ? AND username = ''",
                               (username, platform, name))

    # -- threads ------------------------------------------------------------------------------
    def thread_id(self, thread: Thread) -> int:
        tid = self._threads.get(thread.key)
        if tid is not None:
            return tid
        row = self.vault.execute("SELECT id FROM threads WHERE key = ?", (thread.key,)).fetchone()
        if row:
            tid = row[0]
            if thread.title:
                self.vault.execute("UPDATE threads SET title = ? WHERE id = ?", (thread.title, tid))
        else:
            cur = self.vault.execute(
                "INSERT INTO threads(key, platform, title, folder, is_group, extra) VALUES (?, ?, ?, ?, ?, ?)",
                (thread.key, thread.platform, thread.title, thread.folder, int(thread.is_group),
                 json.dumps(thread.extra, ensure_ascii=False) if thread.extra else None))
            tid = cur.lastrowid
        for name in thread.participants:
            pid = self.person_id(thread.platform, name)
            if pid is not None:
                self.vault.execute("INSERT OR IGNORE INTO thread_participants(thread_id, person_id) VALUES (?, ?)",
                                   (tid, pid))
        self._threads[thread.key] = tid
        return tid

    def _thread_id_for_key(self, platform: str, key: str) -> int:
        tid = self._threads.get(key)
        if tid is None:
            tid = self.thread_id(Thread(key=key, platform=platform, title=""))
        return tid

    # -- records ------------------------------------------------------------------------------
    def write(self, records: Iterable[Record], archive_ids: Iterable[int | None] | None = None) -> WriteCounts:
        """Insert ``records`` (one statement for the batch); ``archive_ids`` gives each record's
        archive, else ``self.archive_id`` applies to all."""
        counts = WriteCounts()
        batch = records if isinstance(records, list) else list(records)
        if not batch:
            return counts
        hashes = content_hashes(batch)
        forgotten = self._tombstoned(hashes)
        rows = []
        owner_names = self.owner_names
        # The hot loop (one pass per record): local lookups of the id caches; a cache miss goes
        # through person_id/thread_id, which query and insert.
        people, threads = self._people, self._threads
        aids = itertools.repeat(self.archive_id) if archive_ids is None else archive_ids
        for rec, h, archive_id in zip(batch, hashes, aids):
            if forgotten and h in forgotten:
                counts.forgotten_by_kind[rec.kind] = counts.forgotten_by_kind.get(rec.kind, 0) + 1
                continue
            platform, author = rec.platform, rec.author
            if author:
                author = norm_name(author)
                if rec.is_mine is None and owner_names:
                    rec.is_mine = author in owner_names
                pid = people.get((platform, author)) or self.person_id(platform, author)
            else:
                pid = None
            if rec.is_mine is None and rec.kind == "message":
                self.unknown_mine += 1
            tk = rec.thread_key
            tid = (threads.get(tk) or self._thread_id_for_key(platform, tk)) if tk else None
            ex = rec.extra
            ts = rec.ts_ms
            # No None in the row: the driver adapts each None through a slow protocol lookup
            # (~1.7 us a value, 7x the cost of a row of plain values); _INSERT maps these back to NULL.
            rows.append((
                platform, rec.kind, KINDS.get(rec.kind, "other"), _NO_TS if ts is None else ts, author, pid or 0,
                tid or 0, -1 if rec.is_mine is None else int(rec.is_mine), rec.text or "",
                dump_extra(ex) if ex else "", rec.source, archive_id or 0, h,
            ))
        if not rows:
            return counts
        marker = self.vault.scalar("SELECT coalesce(max(id), 0) FROM records")
        trigger = self._fts_trigger_sql() if self.vault.conn.in_transaction else None
        if trigger is None:
            # Outside a transaction a dropped trigger could outlive a crash: keep the per-row one.
            cur = self.vault.conn.executemany(_INSERT, rows)
        else:
            # Tokenising the batch in one INSERT ... SELECT is ~10x faster than the per-row FTS
            # trigger, and even the trigger's mere presence costs ~25% of the INSERT. It is dropped
            # and re-created inside the caller's transaction, so no committed state lacks it.
            self.vault.execute("DROP TRIGGER records_ai")
            try:
                cur = self.vault.conn.executemany(_INSERT, rows)
            finally:
                # Also after a failed row: the rows already in are indexed and the trigger is back,
                # whatever the caller then does with its transaction.
                self.vault.execute("INSERT INTO records_fts(rowid, text, author) SELECT id, text, author FROM records "
                                   "WHERE id > ?", (marker,))
                self.vault.execute(trigger)
        by_kind = counts.by_kind
        if cur.rowcount == len(rows):
            # Every row went in (rowcount counts the statement's own rows, not the FTS trigger's):
            # no need to read back which hashes are new. The common case of a first import.
            for r in rows:
                by_kind[r[1]] = by_kind.get(r[1], 0) + 1
            return counts
        fresh = {h for (h,) in self.vault.execute("SELECT content_hash FROM records WHERE id > ?", (marker,))}
        dup_by_kind = counts.duplicates_by_kind
        for r in rows:
            if r[12] in fresh:
                fresh.discard(r[12])  # a second copy inside the same batch is a duplicate
                by_kind[r[1]] = by_kind.get(r[1], 0) + 1
            else:
                dup_by_kind[r[1]] = dup_by_kind.get(r[1], 0) + 1
        return counts

    def _fts_trigger_sql(self) -> str | None:
        """The FTS insert trigger's own CREATE statement (re-created verbatim after a batch)."""
        if self._trigger is None:
            self._trigger = self.vault.scalar(
                "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'records_ai'") or ""
        return self._trigger or None

    def _inserted_after(self, marker: int, hashes: list[str]) -> set[str]:
        out: set[str] = set()
        for i in range(0, len(hashes), 500):
            chunk = hashes[i:i + 500]
            q = ",".join("?" * len(chunk))
            out.update(h for (h,) in self.vault.execute(
                f"SELECT content_hash FROM records WHERE id > ? AND content_hash IN ({q})", [marker, *chunk]))
        return out

    def _tombstoned(self, hashes: list[str]) -> set[str]:
        out: set[str] = set()
        if not self.vault.scalar("SELECT EXISTS (SELECT 1 FROM tombstones)"):
            return out  # nothing forgotten yet: one probe instead of a lookup per 500 hashes
        for i in range(0, len(hashes), 500):
            chunk = hashes[i:i + 500]
            q = ",".join("?" * len(chunk))
            out.update(h for (h,) in self.vault.execute(
                f"SELECT content_hash FROM tombstones WHERE content_hash IN ({q})", chunk))
        return out
