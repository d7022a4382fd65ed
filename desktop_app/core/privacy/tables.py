"""What the vault holds, table by table: user data versus indexes derived from it."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop_app.core.store.dbapi import Connection

FTS_SHADOW_SUFFIXES = ("_data", "_idx", "_docsize", "_config", "_content")


def virtual_tables(conn: Connection, schema: str = "main") -> list[str]:
    return [n for (n,) in conn.execute(
        f"SELECT name FROM {schema}.sqlite_master WHERE type='table' AND sql LIKE 'CREATE VIRTUAL TABLE%' "
        "ORDER BY name")]


def fts5_tables(conn: Connection, schema: str = "main") -> list[str]:
    return [n for (n,) in conn.execute(
        f"SELECT name FROM {schema}.sqlite_master WHERE type='table' AND sql LIKE 'CREATE VIRTUAL TABLE%fts5%' "
        "ORDER BY name")]


def data_tables(conn: Connection, schema: str = "main") -> list[str]:
    """Ordinary tables holding user data (not sqlite_*, not virtual tables or their shadow tables)."""
    virtual = virtual_tables(conn, schema)
    out = []
    for (name,) in conn.execute(f"SELECT name FROM {schema}.sqlite_master WHERE type='table' "
                                "AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
                                "ORDER BY name"):
        if any(name == v + s for v in virtual for s in FTS_SHADOW_SUFFIXES) or \
                any(name.startswith(v + "_") for v in virtual if not _is_fts(conn, schema, v)):
            continue
        out.append(name)
    return out


def _is_fts(conn: Connection, schema: str, name: str) -> bool:
    sql = conn.execute(f"SELECT sql FROM {schema}.sqlite_master WHERE name = ?", (name,)).fetchone()
    return bool(sql and "fts5" in sql[0].lower())


def columns(conn: Connection, table: str, schema: str = "main") -> list[tuple[str, str, int, int]]:
    """(name, declared type, notnull, pk position) per column."""
    return [(r[1], r[2], r[3], r[5]) for r in conn.execute(f'PRAGMA {schema}.table_info("{table}")')]


def rowid_pk(conn: Connection, table: str, schema: str = "main") -> str | None:
    """The INTEGER PRIMARY KEY column (a rowid alias), if the table has one."""
    cols = columns(conn, table, schema)
    pks = [c for c in cols if c[3] > 0]
    if len(pks) != 1 or pks[0][1].upper() != "INTEGER":
        return None
    wr = conn.execute(f"SELECT sql FROM {schema}.sqlite_master WHERE name = ?", (table,)).fetchone()[0]
    return None if "WITHOUT ROWID" in wr.upper() else pks[0][0]


def foreign_keys(conn: Connection, table: str, schema: str = "main") -> list[tuple[str, str, str | None]]:
    """(column, parent table, parent column or None for its primary key)."""
    return [(r[3], r[2], r[4]) for r in conn.execute(f'PRAGMA {schema}.foreign_key_list("{table}")')]


def unique_keys(conn: Connection, table: str, schema: str = "main") -> list[tuple[list[str], str | None]]:
    """(columns, WHERE of a partial index or None) per UNIQUE constraint or index."""
    out = []
    for r in conn.execute(f'PRAGMA {schema}.index_list("{table}")'):
        name, unique, origin, partial = r[1], r[2], r[3], r[4]
        if not unique or origin == "pk":
            continue
        where = None
        if partial:
            sql = conn.execute(f"SELECT sql FROM {schema}.sqlite_master WHERE name = ?", (name,)).fetchone()[0]
            where = sql[sql.upper().rindex(" WHERE ") + 7:]
        out.append(([c[2] for c in conn.execute(f'PRAGMA {schema}.index_info("{name}")')], where))
    return out


def dependency_order(conn: Connection, tables: list[str], schema: str = "main") -> list[str]:
    """Parents before children (self references and cycles are left to the caller)."""
    deps = {t: {p for _, p, _ in foreign_keys(conn, t, schema) if p in tables and p != t} for t in tables}
    out: list[str] = []
    while deps:
        ready = sorted(t for t, d in deps.items() if not (d - set(out)))
        if not ready:  # a cycle: take the rest in name order
            ready = sorted(deps)
        for t in ready:
            out.append(t)
            deps.pop(t)
    return out
