"""Named, ordered schema migrations; ``PRAGMA user_version`` counts the ones applied.

Each area of the core owns one list in its own module (``schema_<area>.py``) so areas can grow
their tables without touching each other. A migration and its bookkeeping run in one transaction.
"""

from __future__ import annotations

import time
from typing import Callable, Union

from desktop_app.core.errors import VaultFromFuture
from desktop_app.core.store.dbapi import Connection

Step = Union[str, Callable[[Connection], None]]
Migration = tuple[str, Step]

_AREAS = ("core", "ingest", "retrieval", "assistant", "profile", "privacy")


def all_migrations() -> list[Migration]:
    import importlib

    out: list[Migration] = []
    for area in _AREAS:
        mod = importlib.import_module(f"desktop_app.core.store.schema_{area}")
        out.extend(mod.MIGRATIONS)
    names = [n for n, _ in out]
    if len(names) != len(set(names)):
        raise RuntimeError("duplicate migration names")
    return out


def current_version() -> int:
    return len(all_migrations())


def migrate(conn: Connection) -> list[str]:
    """Apply pending migrations; return their names."""
    migrations = all_migrations()
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > len(migrations):
        raise VaultFromFuture(
            "This vault was written by a newer version of Hearth; update Hearth to open it.")
    conn.execute("CREATE TABLE IF NOT EXISTS _migrations(name TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)")
    done = {r[0] for r in conn.execute("SELECT name FROM _migrations")}
    applied: list[str] = []
    for name, step in migrations:
        if name in done:
            continue
        conn.execute("BEGIN IMMEDIATE")
        try:
            if isinstance(step, str):
                for stmt in _split_sql(step):
                    conn.execute(stmt)
            else:
                step(conn)
            conn.execute("INSERT INTO _migrations(name, applied_at) VALUES (?, ?)", (name, int(time.time())))
            count = conn.execute("SELECT count(*) FROM _migrations").fetchone()[0]
            conn.execute(f"PRAGMA user_version = {int(count)}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        applied.append(name)
    return applied


def _split_sql(script: str) -> list[str]:
    """Split a migration script into statements (triggers contain ';' inside BEGIN...END)."""
    import sqlite3

    stmts: list[str] = []
    buf = ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            if buf.strip():
                stmts.append(buf.strip())
            buf = ""
    if buf.strip():
        stmts.append(buf.strip())
    return stmts
