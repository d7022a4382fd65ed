"""A view of the vault for jobs off the DB thread: every statement runs under ``vault.lock_``.

One SQLCipher connection must not be used by two threads at once: a statement waiting on the
connection mutex can hold the GIL and freeze the window (measured: a 2 s stall while an export
and the embedder shared the connection). Statements are executed and fully fetched under the
lock, so a job on the IO or ML pool interleaves with DB-pool jobs statement by statement.
"""

from __future__ import annotations

from typing import Any, Iterator


class _Rows:
    """A fetched cursor: the rows plus ``lastrowid``/``rowcount``/``description``."""

    def __init__(self, cur: Any) -> None:
        self.description = cur.description
        self.rows = cur.fetchall() if cur.description is not None else []
        self.lastrowid = cur.lastrowid
        self.rowcount = cur.rowcount
        self._i = 0

    def fetchone(self) -> Any:
        if self._i < len(self.rows):
            self._i += 1
            return self.rows[self._i - 1]
        return None

    def fetchall(self) -> list:
        out, self._i = self.rows[self._i:], len(self.rows)
        return out

    def fetchmany(self, size: int = 1) -> list:
        out = self.rows[self._i:self._i + size]
        self._i += len(out)
        return out

    def __iter__(self) -> Iterator:
        while self._i < len(self.rows):
            self._i += 1
            yield self.rows[self._i - 1]


class _LockedConn:
    def __init__(self, conn: Any, lock: Any) -> None:
        self._conn = conn
        self._lock = lock

    def execute(self, sql: str, params: Any = ()) -> _Rows:
        with self._lock:
            return _Rows(self._conn.execute(sql, params))

    def executemany(self, sql: str, seq: Any) -> _Rows:
        with self._lock:
            return _Rows(self._conn.executemany(sql, seq))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conn, name)


class LockedVault:
    """Proxy of a ``Vault``: same API, statements serialized with the DB thread."""

    def __init__(self, vault: Any) -> None:
        self._vault = vault

    @property
    def conn(self) -> _LockedConn:
        return _LockedConn(self._vault.conn, self._vault.lock_)

    def execute(self, sql: str, params: Any = ()) -> _Rows:
        with self._vault.lock_:
            return _Rows(self._vault.execute(sql, params))

    def query(self, sql: str, params: Any = ()) -> list[tuple]:
        with self._vault.lock_:
            return self._vault.query(sql, params)

    def scalar(self, sql: str, params: Any = ()) -> Any:
        with self._vault.lock_:
            return self._vault.scalar(sql, params)

    def get_setting(self, key: str, default: Any = None) -> Any:
        with self._vault.lock_:
            return self._vault.get_setting(key, default)

    def set_setting(self, key: str, value: Any) -> None:
        with self._vault.lock_:
            self._vault.set_setting(key, value)

    def __getattr__(self, name: str) -> Any:
        # transaction(), checkpoint(), stats() ... : transaction() takes the lock itself; the
        # rest are short maintenance calls made by the same job.
        return getattr(self._vault, name)
