"""Forget a record, thread, person, archive or platform, down to the disk pages.

Order inside one transaction: area hooks (embeddings, units, profile facts, chat citations) →
tombstones (content hashes, so a re-import skips them) → records (FTS rows go by trigger,
data-use log rows by cascade) → threads and people left empty. After commit: FTS ``optimize`` on
every FTS5 table (deleted tokens otherwise stay in the index) and ``wal_checkpoint(TRUNCATE)``
(deleted rows otherwise stay in WAL frames). SQLCipher's forced ``secure_delete`` zeroes freed
space, so nothing readable remains in pages either.
"""

from __future__ import annotations

import importlib
import json
import logging
import time
from typing import TYPE_CHECKING, Any, Callable, Iterator

from desktop_app.core.errors import KnownError
from desktop_app.core.progress import CancelToken, Progress, no_progress

if TYPE_CHECKING:
    from desktop_app.core.store.vault import Vault

log = logging.getLogger(__name__)

# Each module exposes on_records_forgotten(vault, record_ids: list[int]); every one must exist.
FORGET_HOOK_MODULES = [
    "desktop_app.core.retrieval.index",
    "desktop_app.core.assistant.conversations",
    "desktop_app.core.profile.store",
    "desktop_app.core.profile.move",      # the derived move date rests on records too
]

TARGETS = ("record", "thread", "person", "archive", "platform")


def _chunks(ids: list[int], n: int = 500) -> Iterator[list[int]]:
    for i in range(0, len(ids), n):
        yield ids[i:i + n]


def _ids(vault: Vault, sql: str, params: list[Any]) -> list[int]:
    return [int(r) for (r,) in vault.query(sql, params)]


def _rows_in(vault: Vault, sql_tpl: str, ids: list[int], extra: list[Any] | None = None) -> list[tuple]:
    """Rows of ``sql_tpl`` with ``{q}`` standing for the ids, asked in chunks (SQLite's variable limit)."""
    out: list[tuple] = []
    for chunk in _chunks(ids):
        out += vault.query(sql_tpl.format(q=",".join("?" * len(chunk))), [*chunk, *(extra or [])])
    return out


def _in(vault: Vault, sql_tpl: str, ids: list[int], extra: list[Any] | None = None) -> list[int]:
    return [int(r) for (r,) in _rows_in(vault, sql_tpl, ids, extra)]


def hook_functions() -> dict[str, Callable[[Any, list[int]], None]]:
    """Every area's forget hook. A missing module or hook is a bug that would leave derived data
    behind, so it fails the forget before anything is deleted (never "skipped")."""
    out: dict[str, Callable[[Any, list[int]], None]] = {}
    for name in FORGET_HOOK_MODULES:
        out[name] = getattr(importlib.import_module(name), "on_records_forgotten")
    return out


def _person_family(vault: Vault, person_id: int) -> list[int]:
    """A person and everyone merged into them."""
    fam = {person_id}
    frontier = [person_id]
    while frontier:
        nxt = _in(vault, "SELECT id FROM people WHERE merged_into IN ({q})", frontier)
        frontier = [p for p in nxt if p not in fam]
        fam.update(frontier)
    return sorted(fam)


def _resolve(vault: Vault, target: str, ref: Any) -> tuple[list[int], list[int], list[int]]:
    """(record ids, thread ids to drop, person ids to drop) for a target."""
    if target == "record":
        ids = sorted({int(r) for r in ref})
        found = _in(vault, "SELECT id FROM records WHERE id IN ({q})", ids)
        if not found:  # a target that is not there is an error; a few stale ids among real ones are not
            more = f" (nor {len(ids) - 1} other id(s))" if len(ids) > 1 else ""
            raise KnownError(f"There is no record number {ids[0] if ids else '(none given)'}{more}; "
                             "nothing was forgotten.")
        return found, [], []
    if target == "thread":
        if vault.scalar("SELECT 1 FROM threads WHERE id = ?", (int(ref),)) is None:
            raise KnownError(f"There is no conversation number {ref}.")
        return _ids(vault, "SELECT id FROM records WHERE thread_id = ?", [int(ref)]), [int(ref)], []
    if target == "person":
        if vault.scalar("SELECT 1 FROM people WHERE id = ?", (int(ref),)) is None:
            raise KnownError(f"There is no person number {ref}.")
        fam = _person_family(vault, int(ref))
        # their 1:1 conversations are about them; in groups only their own messages go
        threads = _in(vault, "SELECT DISTINCT tp.thread_id FROM thread_participants tp JOIN threads t "
                             "ON t.id = tp.thread_id WHERE t.is_group = 0 AND tp.person_id IN ({q})", fam)
        recs = set(_in(vault, "SELECT id FROM records WHERE author_id IN ({q})", fam))
        recs.update(_in(vault, "SELECT id FROM records WHERE thread_id IN ({q})", threads))
        return sorted(recs), threads, fam
    if target == "archive":
        if vault.scalar("SELECT 1 FROM archives WHERE id = ?", (int(ref),)) is None:
            raise KnownError(f"There is no archive number {ref}.")
        return _ids(vault, "SELECT id FROM records WHERE archive_id = ?", [int(ref)]), [], []
    if target == "platform":
        threads = _ids(vault, "SELECT id FROM threads WHERE platform = ?", [str(ref)])
        return _ids(vault, "SELECT id FROM records WHERE platform = ?", [str(ref)]), threads, []
    raise ValueError(f"unknown forget target {target!r}")


def _delete_people(vault: Vault, candidates: list[int], *, force: list[int]) -> int:
    """Drop people with nothing left (never the owner); ``force`` ones lose their group memberships too."""
    import sqlcipher3

    if force:
        for chunk in _chunks(force):
            q = ",".join("?" * len(chunk))
            vault.execute(f"DELETE FROM thread_participants WHERE person_id IN ({q})", chunk)
            vault.execute(f"UPDATE people SET merged_into = NULL WHERE id IN ({q})", chunk)
    removed = 0
    for pid in sorted(set(candidates) | set(force)):
        busy = vault.scalar(
            "SELECT (SELECT is_me FROM people WHERE id = :p) OR EXISTS(SELECT 1 FROM records WHERE author_id = :p)"
            " OR EXISTS(SELECT 1 FROM thread_participants WHERE person_id = :p)"
            " OR EXISTS(SELECT 1 FROM people WHERE merged_into = :p AND id NOT IN (SELECT value FROM json_each(:f)))",
            {"p": pid, "f": json.dumps(force)})
        if busy is None or busy:
            continue
        try:
            vault.execute("DELETE FROM identities WHERE person_id = ?", (pid,))
            vault.execute("UPDATE people SET merged_into = NULL WHERE id = ?", (pid,))
            vault.execute("DELETE FROM people WHERE id = ?", (pid,))
            removed += 1
        except sqlcipher3.IntegrityError:
            # another area references this person without ON DELETE CASCADE; keep the row
            log.warning("forget: person row kept (still referenced)")
    return removed


def _names_of(vault: Vault, people: list[int]) -> list[str]:
    """Every spelling of these people's names (display names and per-platform identities)."""
    names = {n for (n,) in _rows_in(vault, "SELECT display_name FROM people WHERE id IN ({q})", people)}
    names |= {n for (n,) in _rows_in(vault, "SELECT name FROM identities WHERE person_id IN ({q})", people)}
    # longest first, so "Sam Carter" goes before a bare "Sam" could split it
    return sorted((n for n in names if n and len(n.strip()) >= 2), key=len, reverse=True)


def _redact_group_titles(vault: Vault, people: list[int]) -> int:
    """Remove a forgotten person's names from the titles of group chats that stay.

    Messenger names unnamed groups after their members ("Sam Carter, Alex and Maria"), so the
    group's title would otherwise keep the person's name after their messages are gone.
    """
    import re

    names = _names_of(vault, people)
    if not names:
        return 0
    pattern = re.compile("|".join(rf"(?<!\w){re.escape(n)}(?!\w)" for n in names), re.IGNORECASE)
    groups = {tid: (title, extra) for tid, title, extra in _rows_in(
        vault, "SELECT DISTINCT t.id, t.title, coalesce(t.extra, '') FROM thread_participants tp JOIN threads t "
               "ON t.id = tp.thread_id WHERE t.is_group = 1 AND tp.person_id IN ({q})", people)}
    changed = 0
    for tid, (title, extra) in groups.items():
        new_title, n1 = pattern.subn("someone", title)
        new_extra, n2 = pattern.subn("someone", extra)
        if n1 or n2:
            vault.execute("UPDATE threads SET title = ?, extra = ? WHERE id = ?",
                          (new_title, new_extra or None, tid))
            changed += 1
    return changed


def _prune_scope(vault: Vault, thread_ids: set[int], person_ids: set[int]) -> None:
    from desktop_app.core.privacy import scope as sc

    s = sc.load_scope(vault)
    if s.excluded_thread_ids & thread_ids or s.excluded_person_ids & person_ids:
        s.excluded_thread_ids -= thread_ids
        s.excluded_person_ids -= person_ids
        sc.save_scope(vault, s)


def preview(vault: Vault, *, record_ids: list[int] | None = None, thread_id: int | None = None,
            person_id: int | None = None, archive_id: int | None = None, platform: str | None = None) -> dict[str, int]:
    """What ``forget`` with the same target would remove (for the confirmation dialog); writes nothing."""
    given = {"record": record_ids, "thread": thread_id, "person": person_id, "archive": archive_id,
             "platform": platform}
    chosen = [(k, v) for k, v in given.items() if v is not None]
    if len(chosen) != 1:
        raise ValueError("preview() takes exactly one target")
    ids, threads, people = _resolve(vault, *chosen[0])
    touched = set(threads) | set(_in(vault, "SELECT DISTINCT thread_id FROM records WHERE thread_id IS NOT NULL "
                                           "AND id IN ({q})", ids))
    return {"records": len(ids), "threads_touched": len(touched), "people": len(people)}


def forget(vault: Vault, *, record_ids: list[int] | None = None, thread_id: int | None = None,
           person_id: int | None = None, archive_id: int | None = None, platform: str | None = None,
           progress: Callable[[Progress], None] = no_progress, cancel: CancelToken | None = None) -> dict[str, Any]:
    """Forget one target everywhere it is stored; return a receipt (ids and counts, never text)."""
    given = {"record": record_ids, "thread": thread_id, "person": person_id, "archive": archive_id,
             "platform": platform}
    chosen = [(k, v) for k, v in given.items() if v is not None]
    if len(chosen) != 1:
        raise ValueError("forget() takes exactly one target")
    target, ref = chosen[0]
    started = time.monotonic()
    progress(Progress("forget: finding", 0, None))
    ids, threads, people = _resolve(vault, target, ref)
    if cancel:
        cancel.check()  # last point where stopping is possible: the rest is one transaction
    hooks = hook_functions()
    receipt: dict[str, Any] = {"ok": True, "target": target, "target_ref": _ref_text(target, ref)}
    now = int(time.time() * 1000)
    with vault.transaction():
        fid = vault.execute("INSERT INTO privacy_forgets(at, target, target_ref, counts) VALUES (?, ?, ?, '{}')",
                            (now, target, receipt["target_ref"])).lastrowid
        progress(Progress("forget: derived data", 0, len(ids)))
        hook_report = {}
        for name, fn in hooks.items():
            fn(vault, list(ids))
            hook_report[name] = "ok"
        thread_of = set(_in(vault, "SELECT DISTINCT thread_id FROM records WHERE thread_id IS NOT NULL "
                                   "AND id IN ({q})", ids))
        authors = set(_in(vault, "SELECT DISTINCT author_id FROM records WHERE author_id IS NOT NULL "
                                 "AND id IN ({q})", ids))
        tombs = 0
        for n, chunk in enumerate(_chunks(ids)):
            q = ",".join("?" * len(chunk))
            before = vault.conn.total_changes
            vault.execute(f"INSERT OR IGNORE INTO tombstones(content_hash, scope, at) "
                          f"SELECT content_hash, ?, ? FROM records WHERE id IN ({q})", [f"forget:{fid}", now, *chunk])
            tombs += vault.conn.total_changes - before
            vault.execute(f"DELETE FROM records WHERE id IN ({q})", chunk)
            progress(Progress("forget: records", min(len(ids), (n + 1) * 500), len(ids)))
        # threads: the targeted ones, and any that this forget left without records
        drop_threads = set(threads) | thread_of
        participants = set(_in(vault, "SELECT person_id FROM thread_participants WHERE thread_id IN ({q})",
                               sorted(drop_threads)))
        gone_threads = []
        for tid in sorted(drop_threads):
            if vault.scalar("SELECT 1 FROM records WHERE thread_id = ? LIMIT 1", (tid,)):
                continue
            vault.execute("DELETE FROM thread_participants WHERE thread_id = ?", (tid,))
            vault.execute("DELETE FROM threads WHERE id = ?", (tid,))
            gone_threads.append(tid)
        if target == "platform":
            # nothing of that platform is left, so neither are the names people had there
            participants |= set(_ids(vault, "SELECT person_id FROM identities WHERE platform = ?", [str(ref)]))
            vault.execute("DELETE FROM identities WHERE platform = ?", (str(ref),))
        renamed = _redact_group_titles(vault, people) if people else 0
        gone_people = _delete_people(vault, sorted(authors | participants), force=people)
        gone_archives = 0
        arch_sql: dict[str, tuple[str, list[Any]]] = {
            "archive": ("SELECT id FROM archives WHERE id = ?", [int(archive_id)] if archive_id is not None else []),
            "platform": ("SELECT id FROM archives WHERE platform = ?", [str(ref)])}
        if target in arch_sql:
            for aid in _ids(vault, *arch_sql[target]):
                if not vault.scalar("SELECT 1 FROM records WHERE archive_id = ? LIMIT 1", (aid,)):
                    vault.execute("DELETE FROM archives WHERE id = ?", (aid,))
                    gone_archives += 1
        _prune_scope(vault, set(gone_threads), set(people))
        counts = {"records": len(ids), "threads": len(gone_threads), "people": gone_people,
                  "archives": gone_archives, "tombstones": tombs, "group_titles_redacted": renamed}
        vault.execute("UPDATE privacy_forgets SET counts = ? WHERE id = ?", (json.dumps(counts), fid))
    progress(Progress("forget: cleaning the index", 0, None))
    fts = scrub_residue(vault)
    receipt.update({"forget_id": fid, **counts, "hooks": hook_report, **fts,
                    "reimport_blocked": tombs > 0, "seconds": round(time.monotonic() - started, 3)})
    progress(Progress("forget: done", 1, 1))
    return receipt


def scrub_residue(vault: Vault) -> dict[str, Any]:
    """FTS optimize on every FTS5 table, then fold and truncate the WAL."""
    tables = [n for (n,) in vault.query("SELECT name FROM sqlite_master WHERE type='table' "
                                        "AND sql LIKE 'CREATE VIRTUAL TABLE%fts5%' ORDER BY name")]
    for name in tables:
        vault.execute(f'INSERT INTO "{name}"("{name}") VALUES(\'optimize\')')
    busy, frames, done = vault.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    return {"fts_optimized": tables, "wal_truncated": busy == 0,
            "wal_checkpoint": {"busy": busy, "frames": frames, "checkpointed": done}}


def _ref_text(target: str, ref: Any) -> str:
    if target == "record":
        ids = sorted({int(r) for r in ref})
        return ",".join(map(str, ids[:50])) + ("…" if len(ids) > 50 else "")
    return str(ref)


def list_forgets(vault: Vault) -> list[dict[str, Any]]:
    """Past forgets (newest first) with how many tombstones still block a re-import."""
    rows = vault.query("SELECT f.id, f.at, f.target, f.target_ref, f.counts, f.reimport_allowed, "
                       "(SELECT count(*) FROM tombstones t WHERE t.scope = 'forget:' || f.id) "
                       "FROM privacy_forgets f ORDER BY f.id DESC")
    return [{"forget_id": i, "at_ms": at, "target": t, "target_ref": r, "counts": json.loads(c),
             "reimport_allowed": bool(a), "tombstones": n} for i, at, t, r, c, a, n in rows]


def allow_reimport(vault: Vault, forget_id: int | None = None) -> int:
    """The user's explicit choice: let a re-import bring back what one forget (or all, if None) removed."""
    with vault.transaction():
        if forget_id is None:
            n = int(vault.scalar("SELECT count(*) FROM tombstones"))
            vault.execute("DELETE FROM tombstones")
            vault.execute("UPDATE privacy_forgets SET reimport_allowed = 1")
        else:
            if vault.scalar("SELECT 1 FROM privacy_forgets WHERE id = ?", (int(forget_id),)) is None:
                raise KnownError(f"There is no forget number {forget_id}.")
            n = int(vault.scalar("SELECT count(*) FROM tombstones WHERE scope = ?", (f"forget:{forget_id}",)))
            vault.execute("DELETE FROM tombstones WHERE scope = ?", (f"forget:{forget_id}",))
            vault.execute("UPDATE privacy_forgets SET reimport_allowed = 1 WHERE id = ?", (int(forget_id),))
    vault.checkpoint()
    return n
