"""Import an encrypted Hearth export back into a vault, merging without duplicates.

Generic over the schema, so every area's tables come back: tables are copied parents first;
integer ids are remapped through foreign keys; a row that already exists (same UNIQUE key, or
the same values in a table without one) is reused, not copied. Records the user forgot in the
target (tombstoned) stay forgotten, and so do rows that depend on them.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any, Callable, TYPE_CHECKING

from desktop_app.core.errors import KnownError, VaultFromFuture, WrongKey
from desktop_app.core.privacy import tables as tb
from desktop_app.core.progress import CancelToken, Progress, no_progress

if TYPE_CHECKING:
    from desktop_app.core.store.vault import Vault

SKIP_TABLES = {"_migrations", "jobs", "hearth_export", "tombstones"}  # tombstones merged last, jobs are per-vault
ALIAS = "hearth_imp"


def _attach(vault: Vault, path: Path, passphrase: str) -> None:
    import sqlcipher3

    if not path.is_file():
        raise KnownError(f"No export file at {path}.")
    try:
        vault.conn.execute(f"ATTACH DATABASE ? AS {ALIAS} KEY ?", (str(path), passphrase))
    except sqlcipher3.DatabaseError:
        raise WrongKey("Wrong export passphrase, or not a Hearth export (the file was not changed).") from None
    try:
        vault.conn.execute(f"SELECT count(*) FROM {ALIAS}.sqlite_master").fetchone()
    except sqlcipher3.DatabaseError:
        vault.conn.execute(f"DETACH DATABASE {ALIAS}")
        raise WrongKey("Wrong export passphrase, or not a Hearth export (the file was not changed).") from None
    names = {n for (n,) in vault.conn.execute(f"SELECT name FROM {ALIAS}.sqlite_master WHERE type='table'")}
    if "records" not in names or "_migrations" not in names:
        vault.conn.execute(f"DETACH DATABASE {ALIAS}")
        raise KnownError("This file is not a Hearth export.")
    from desktop_app.core.store.migrations import all_migrations

    known = {n for n, _ in all_migrations()}
    theirs = {n for (n,) in vault.conn.execute(f"SELECT name FROM {ALIAS}._migrations")}
    if theirs - known:
        vault.conn.execute(f"DETACH DATABASE {ALIAS}")
        raise VaultFromFuture("This export was made by a newer Hearth; update Hearth to import it.")


class _Merger:
    def __init__(self, vault: Vault) -> None:
        self.vault = vault
        self.conn = vault.conn
        self.maps: dict[str, dict[int, int]] = {}
        self.report: dict[str, dict[str, int]] = {}
        self.claimed: dict[str, set[int]] = {}
        self.key_cache: dict[str, dict] = {}
        self.tombstones = {h for (h,) in self.conn.execute("SELECT content_hash FROM main.tombstones")}

    def merge_table(self, table: str) -> None:
        conn = self.conn
        mine = [c[0] for c in tb.columns(conn, table)]
        theirs = {c[0] for c in tb.columns(conn, table, ALIAS)}
        cols = [c for c in mine if c in theirs]
        fks = {c: (p, pc) for c, p, pc in tb.foreign_keys(conn, table) if c in cols
               if pc in (None, "id") or pc == tb.rowid_pk(conn, p)}
        rowid = tb.rowid_pk(conn, table)
        # an id of our own to allocate (vs. one that is itself a reference, like vectors keyed by unit id)
        pk = rowid if rowid and rowid not in fks else None
        uniques = [(u, w) for u, w in tb.unique_keys(conn, table) if all(c in cols for c in u)]
        if rowid and rowid in fks:
            uniques = [([rowid], None)] + uniques
        premax = conn.execute(f'SELECT coalesce(max(rowid), 0) FROM "{table}"').fetchone()[0] if rowid else 0
        next_id = premax + 1
        # single-column natural keys are looked up in memory (records by content hash, ...)
        self.key_cache = {u[0]: dict(conn.execute(f'SELECT "{u[0]}", "{rowid}" FROM main."{table}"'))
                          for u, w in uniques if len(u) == 1 and w is None and rowid} if rowid else {}
        counts = {"copied": 0, "existing": 0, "skipped": 0}
        mapping = self.maps.setdefault(table, {})
        deferred: list[tuple[int, str, int]] = []
        ins_cols = cols  # ids are assigned here, so rows can go in by batches
        ins = (f'INSERT OR IGNORE INTO "{table}"({",".join(chr(34) + c + chr(34) for c in ins_cols)}) '
               f'VALUES ({",".join("?" * len(ins_cols))})')
        batch: list[list] = []
        queued = 0
        quoted = ",".join(f'"{c}"' for c in cols)
        body = [c for c in cols if c != pk]
        for row in conn.execute(f'SELECT {quoted} FROM {ALIAS}."{table}"').fetchall():
            rec = dict(zip(cols, row))
            old_id = rec.get(rowid) if rowid else None
            ok = True
            self_refs: list[tuple[str, int]] = []
            for c, (parent, _pc) in fks.items():
                v = rec.get(c)
                if v is None:
                    continue
                if parent == table:
                    if v in mapping:
                        rec[c] = mapping[v]
                    else:
                        self_refs.append((c, v))
                        rec[c] = None  # set once the parent row has its new id
                    continue
                if parent in self.maps:
                    new = self.maps[parent].get(v)
                    if new is None:  # the parent was skipped (e.g. a forgotten record): so is this row
                        ok = False
                        break
                    rec[c] = new
            if ok and table == "records" and rec.get("content_hash") in self.tombstones:
                ok = False
            if not ok:
                counts["skipped"] += 1
                continue
            unknown = {c for c, _ in self_refs}
            existing = self._find(table, pk, rec, uniques, [c for c in body if c not in unknown], premax, rowid,
                                  old_id)
            if existing is not None:
                counts["existing"] += 1
                if rowid:
                    assert old_id is not None  # an INTEGER PRIMARY KEY is never NULL
                    mapping[old_id] = existing
                continue
            if pk:
                rec[pk] = next_id
                next_id += 1
            if rowid:
                assert old_id is not None
                mapping[old_id] = rec[rowid]
                deferred += [(rec[rowid], c, v) for c, v in self_refs]
                for col, cache in self.key_cache.items():
                    if rec.get(col) is not None:
                        cache[rec[col]] = rec[rowid]
            batch.append([rec[c] for c in ins_cols])
            queued += 1
            if len(batch) >= 500:
                counts["copied"] += self._flush(table, ins, batch, strict=bool(rowid))
        counts["copied"] += self._flush(table, ins, batch, strict=bool(rowid))
        if not rowid:  # rows of key-only tables that were already there were ignored by the INSERT
            counts["existing"] += queued - counts["copied"]
        for new_id, col, old_parent in deferred:
            target = mapping.get(old_parent)
            if target is not None:
                conn.execute(f'UPDATE "{table}" SET "{col}" = ? WHERE rowid = ?', (target, new_id))
        self.report[table] = counts

    def _flush(self, table: str, sql: str, batch: list[list], *, strict: bool) -> int:
        if not batch:
            return 0
        n = self.conn.executemany(sql, batch).rowcount  # direct changes only (not FTS trigger rows)
        if strict and n != len(batch):
            # a row clashed on a constraint the merge did not foresee: stop, the transaction rolls back
            raise KnownError(f"The export could not be merged (table {table}); nothing was imported.")
        batch.clear()
        return n

    def _find(self, table: str, pk: str | None, rec: dict, uniques: list, body: list[str], premax: int,
              rowid: str | None, old_id: int | None) -> int | None:
        if not rowid:
            return None  # INSERT OR IGNORE keeps the target's row on a key clash
        full_key = False
        for u, where in uniques:
            if not all(rec.get(c) is not None for c in u):
                continue
            if where is not None:
                # a partial index: it applies only when the incoming row matches its WHERE
                if not self.conn.execute(f'SELECT 1 FROM {ALIAS}."{table}" WHERE rowid = ? AND ({where})',
                                         (old_id,)).fetchone():
                    continue
            full_key = True
            if len(u) == 1 and where is None and u[0] in self.key_cache:
                hit = self.key_cache[u[0]].get(rec[u[0]])
                if hit is not None:
                    return hit
                continue
            sql = f'SELECT "{rowid}" FROM main."{table}" WHERE ' + " AND ".join(f'"{c}" = ?' for c in u)
            hit = self.conn.execute(sql + (f" AND ({where})" if where else ""), [rec[c] for c in u]).fetchone()
            if hit:
                return hit[0]
        if full_key or not pk:
            return None
        if not body:
            return None
        # no natural key: the same values in a row that was there before this import
        # (two equal rows, like one name on two platforms, must not collapse into one: each target row is
        # claimed once, and the row with the same id is preferred)
        sql = (f'SELECT "{pk}" FROM main."{table}" WHERE "{pk}" <= ? AND '
               + " AND ".join(f'"{c}" IS ?' for c in body) + f' ORDER BY "{pk}" = ? DESC, "{pk}" LIMIT 64')
        claimed = self.claimed.setdefault(table, set())
        for (hit,) in self.conn.execute(sql, [premax, *[rec[c] for c in body], rec.get(pk)]):
            if hit not in claimed:
                claimed.add(hit)
                return hit
        return None


def merge_export(vault: Vault, path: Path, passphrase: str, *, progress: Callable[[Progress], None] = no_progress,
                 cancel: CancelToken | None = None) -> dict[str, Any]:
    """All or nothing: one transaction; FTS indexes are rebuilt from their content tables."""
    started = time.monotonic()
    _attach(vault, path, passphrase)
    try:
        theirs = set(tb.data_tables(vault.conn, ALIAS))
        order = [t for t in tb.dependency_order(vault.conn, tb.data_tables(vault.conn))
                 if t in theirs and t not in SKIP_TABLES]
        m = _Merger(vault)
        with vault.transaction():
            for i, t in enumerate(order):
                if cancel:
                    cancel.check()
                progress(Progress(f"import export: {t}", i, len(order)))
                m.merge_table(t)
            if "tombstones" in theirs:
                before = vault.conn.total_changes
                vault.execute(f"INSERT OR IGNORE INTO tombstones SELECT * FROM {ALIAS}.tombstones")
                m.report["tombstones"] = {"copied": vault.conn.total_changes - before}
        meta = dict(vault.query(f"SELECT key, value FROM {ALIAS}.hearth_export")) if "hearth_export" in {
            n for (n,) in vault.query(f"SELECT name FROM {ALIAS}.sqlite_master")} else {}
    finally:
        vault.conn.execute(f"DETACH DATABASE {ALIAS}")
    rebuilt = []
    if any(c.get("copied") for c in m.report.values()):
        for t in tb.fts5_tables(vault.conn):
            sql = (vault.scalar("SELECT sql FROM sqlite_master WHERE name = ?", (t,)) or "").replace(" ", "")
            external = "content=" in sql.lower() and "content=''" not in sql
            # triggers on the content table kept it in step row by row; otherwise rebuild it
            fed = vault.scalar("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND sql LIKE ?",
                               (f"%INSERT INTO {t}(%",))
            if external and not fed:
                vault.execute(f'INSERT INTO "{t}"("{t}") VALUES(\'rebuild\')')
                rebuilt.append(t)
    vault.checkpoint()
    progress(Progress("import export: done", 1, 1))
    return {"ok": True, "path": str(path), "tables": m.report, "fts_rebuilt": rebuilt,
            "source": {k: json.loads(v) for k, v in meta.items()}, "seconds": round(time.monotonic() - started, 3)}
