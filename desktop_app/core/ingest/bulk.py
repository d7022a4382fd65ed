"""Bulk-load settings for a first import: secondary indexes on ``records`` built once at the end,
and fewer fsyncs while batches go in.

Why: on an empty vault, keeping five secondary b-trees up to date row by row costs about half of
the INSERT time; ``CREATE INDEX`` over the finished table sorts once and is several times cheaper.
Crash safety: the dropped indexes' SQL is saved in ``settings`` in the same transaction that drops
them, so a kill -9 leaves a correct vault (queries are only slower) plus the note; the resumed job
keeps loading without them, and any other import, a cancel or an error re-creates them first.
Only indexes go: the UNIQUE(content_hash) constraint (dedup) and the FTS index stay live.
"""

from __future__ import annotations

import contextlib
import gc
from typing import Callable, Iterator, TYPE_CHECKING

if TYPE_CHECKING:
    from desktop_app.core.store.vault import Vault

SETTING = "ingest.deferred_indexes"
# Above this many records the sort behind CREATE INDEX (in memory: temp_store=MEMORY keeps
# plaintext off the disk) would grow with the archive; the indexes come back at that point.
MAX_DEFERRED_ROWS = 600_000


def defer_indexes(vault: Vault, job_id: int) -> bool:
    """Drop the secondary indexes of an empty ``records`` table for job ``job_id``; True if dropped."""
    if vault.scalar("SELECT EXISTS (SELECT 1 FROM records)"):
        return False
    rows = vault.query("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'records' "
                       "AND sql IS NOT NULL ORDER BY name")
    if not rows:
        return False
    with vault.transaction():
        vault.set_setting(SETTING, {"job": job_id, "indexes": [[n, s] for n, s in rows]})
        for name, _ in rows:
            vault.execute(f'DROP INDEX "{name}"')
    return True


def deferred_job(vault: Vault) -> int | None:
    """The import job that holds ``records``' indexes back, or None."""
    note = vault.get_setting(SETTING)
    return note.get("job") if isinstance(note, dict) else None


def restore_indexes(vault: Vault) -> int:
    """Re-create indexes held back by a bulk load (idempotent; joins an open transaction)."""
    note = vault.get_setting(SETTING)
    if not isinstance(note, dict):
        return 0
    made = 0
    with vault.transaction():
        for name, sql in note.get("indexes", []):
            if not vault.scalar("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = ?", (name,)):
                vault.execute(sql)
                made += 1
        vault.delete_setting(SETTING)
    return made


@contextlib.contextmanager
def fewer_fsyncs(vault: Vault) -> Iterator[Callable[[], None]]:
    """synchronous=NORMAL for the batches. In WAL mode this stays consistent under kill -9 (the OS
    has every committed frame) and under power loss can only drop the newest batches together
    with their job checkpoint, so resume redoes them. The caller calls the yielded function
    before its final commit: that commit runs at the old level (FULL), and its fsync of the WAL
    makes every earlier batch durable too."""
    old = int(vault.scalar("PRAGMA synchronous"))

    def restore() -> None:
        vault.execute(f"PRAGMA synchronous = {old}")

    vault.execute("PRAGMA synchronous = NORMAL")
    try:
        yield restore
    finally:
        restore()


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while an import runs. Parsing allocates millions of
    containers that live until their batch is stored, so the collector kept re-walking them:
    5-10% of the import's time (py-spy). The import makes no reference cycles worth collecting;
    the collector runs again as usual afterwards."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
