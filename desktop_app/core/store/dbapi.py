"""The part of the DB-API the core uses, as types: the seam between the vault and its driver.

sqlcipher3 ships no type information, so the vault's connection and cursors are described here
by what we call on them. The window's ``LockedVault`` hands out objects of the same shape.
"""

from __future__ import annotations

from typing import Any, Callable, Iterable, Iterator, Protocol


class Cursor(Protocol):
    """A statement's result. Rows are tuples; code indexes them by position."""

    @property
    def description(self) -> Any: ...

    # After an INSERT, the new row's id (the driver's None before any insert is never read).
    @property
    def lastrowid(self) -> int: ...

    @property
    def rowcount(self) -> int: ...

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...

    def fetchmany(self, size: int = ...) -> list[Any]: ...

    def __iter__(self) -> Iterator[Any]: ...


class Connection(Protocol):
    """An open SQLCipher connection (autocommit mode: the vault issues BEGIN/COMMIT itself)."""

    @property
    def total_changes(self) -> int: ...

    @property
    def in_transaction(self) -> bool: ...

    def execute(self, sql: str, parameters: Any = ..., /) -> Cursor: ...

    def executemany(self, sql: str, seq_of_parameters: Iterable[Any], /) -> Cursor: ...

    def set_progress_handler(self, handler: Callable[[], int | None] | None, n: int, /) -> None: ...

    def close(self) -> None: ...
