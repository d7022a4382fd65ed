"""Open, create, re-key and lock the SQLCipher vault of a profile.

Rules this module keeps:
- never create a key or a database over an existing vault file, never fall back to plaintext;
- every open checks that the file is encrypted and that the key is right before anything
  writes to it, so a wrong key leaves the file byte-identical;
- the key is given to SQLCipher and not kept by Python; locking closes the connection.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import secrets
import threading
import time
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Iterator

from desktop_app.core import paths
from desktop_app.core.errors import (
    DiskFull,
    KeychainUnavailable,
    KnownError,
    NotEncrypted,
    VaultExists,
    VaultLocked,
    VaultNotFound,
    WrongKey,
)
from desktop_app.core.store import keychain, migrations
from desktop_app.core.store.dbapi import Connection, Cursor

log = logging.getLogger(__name__)

SQLITE_MAGIC = b"SQLite format 3\x00"
KEY_MODE_KEYCHAIN = "keychain"
KEY_MODE_PASSPHRASE = "passphrase"


class PassphraseRequired(KnownError):
    """The vault is passphrase-protected and no passphrase was given."""

    exit_code = 13


class VaultDamaged(KnownError):
    """A page failed its HMAC check or its structure is broken: corruption or tampering."""

    exit_code = 14


@dataclass(slots=True)
class VaultInfo:
    """Non-secret facts about a vault, kept beside it in ``vault.json``."""

    vault_id: str
    key_mode: str
    keychain_backend: str | None
    created_at: int
    format: int = 1

    @classmethod
    def load(cls, profile: Path) -> "VaultInfo | None":
        path = paths.meta_file(profile)
        if not path.exists():
            return None
        try:
            data = json.loads(path.read_text("utf-8"))
            return cls(**{k: data[k] for k in ("vault_id", "key_mode", "keychain_backend", "created_at", "format")})
        except (ValueError, KeyError, TypeError):
            raise KnownError(f"The vault description {path} is damaged.") from None

    def save(self, profile: Path) -> None:
        path = paths.meta_file(profile)
        tmp = path.with_name(path.name + ".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(asdict(self), fh, indent=2)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)


def passphrase_from_env() -> str | None:
    value = os.environ.get("HEARTH_PASSPHRASE")
    return value if value else None


def vault_exists(profile: Path) -> bool:
    return paths.vault_file(profile).exists() or paths.meta_file(profile).exists()


# Left by privacy.delete while it runs: a half-deleted profile is never opened or re-created.
DELETE_MARKER = "DELETING"


def _refuse_interrupted_delete(profile: Path) -> None:
    if (profile / DELETE_MARKER).exists():
        raise KnownError("Deleting this profile was interrupted; run 'hearth delete' again to finish it.")


def _driver() -> Any:
    import sqlcipher3

    return sqlcipher3


def _key_pragma(*, hex_key: str | None = None, passphrase: str | None = None, verb: str = "key") -> str:
    if hex_key is not None:
        if len(hex_key) != 64 or any(c not in "0123456789abcdefABCDEF" for c in hex_key):
            raise ValueError("raw key must be 64 hex digits")
        return f"PRAGMA {verb} = \"x'{hex_key}'\""
    if not passphrase:
        raise KnownError("The passphrase must not be empty.")
    if "\x00" in passphrase:
        raise KnownError("The passphrase must not contain NUL characters.")
    return f"PRAGMA {verb} = '" + passphrase.replace("'", "''") + "'"


def check_header(db_path: Path) -> None:
    """Refuse a plaintext SQLite file where the vault should be."""
    try:
        with open(db_path, "rb") as fh:
            head = fh.read(16)
    except FileNotFoundError:
        raise VaultNotFound(f"No vault file at {db_path}.") from None
    if head == SQLITE_MAGIC:
        raise NotEncrypted(f"{db_path} is a plaintext SQLite database, not an encrypted Hearth vault; refusing to use it.")


def _connect(db_path: Path, key_sql: str) -> Connection:
    sqlcipher3 = _driver()
    conn = sqlcipher3.connect(str(db_path), isolation_level=None, check_same_thread=False)
    try:
        # SQLCipher logs failed HMAC checks to stderr; a wrong key is reported by us instead.
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(key_sql)
        conn.execute("PRAGMA cipher_compatibility = 4")
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlcipher3.DatabaseError as exc:
            # Page 1 decrypted (right key) but a later page failed its check: SQLITE_CORRUPT. A
            # wrong key fails page 1 itself: SQLITE_NOTADB.
            if _result_code(exc) == _SQLITE_CORRUPT or "malformed" in str(exc):
                raise VaultDamaged(_DAMAGED) from None
            raise WrongKey("Wrong passphrase or key: the vault could not be decrypted (it was not changed).") from None
        version = conn.execute("PRAGMA cipher_version").fetchone()
        if not version or not version[0]:
            raise NotEncrypted("The SQLite library in use has no encryption (SQLCipher missing); refusing to continue.")
    except BaseException:
        conn.close()
        raise
    return conn


def _configure(conn: Connection) -> None:
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA secure_delete = ON")
    # temp_store=FILE would write plaintext to unlinked temp files; keep temp in memory.
    conn.execute("PRAGMA temp_store = MEMORY")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA busy_timeout = 5000")


def _fix_permissions(profile: Path) -> None:
    for p in paths.vault_side_files(profile) + [paths.meta_file(profile)]:
        with contextlib.suppress(FileNotFoundError):
            os.chmod(p, 0o600)


class Vault:
    """An open, unlocked vault. Use from one thread at a time (the DB worker in the GUI)."""

    def __init__(self, profile: Path, conn: Connection, info: VaultInfo) -> None:
        self.profile = profile
        self.info = info
        self._conn: Connection | None = conn
        self._tx_depth = 0
        self.lock_ = threading.RLock()

    # -- connection -------------------------------------------------------------------------
    @property
    def conn(self) -> Connection:
        if self._conn is None:
            raise VaultLocked("The vault is locked; unlock it first.")
        return self._conn

    @property
    def locked(self) -> bool:
        return self._conn is None

    @property
    def path(self) -> Path:
        return paths.vault_file(self.profile)

    def execute(self, sql: str, params: Any = ()) -> Cursor:
        try:
            return self.conn.execute(sql, params)
        except _driver().OperationalError as exc:
            raise _map_error(exc) from None
        except _driver().DatabaseError as exc:
            raise (map_db_error(exc) or exc) from None

    def query(self, sql: str, params: Any = ()) -> list[tuple]:
        cur = self.execute(sql, params)
        try:
            return cur.fetchall()  # a damaged page can first be met while stepping through rows
        except _driver().DatabaseError as exc:
            raise (map_db_error(exc) or exc) from None

    def scalar(self, sql: str, params: Any = ()) -> Any:
        cur = self.execute(sql, params)
        try:
            row = cur.fetchone()
        except _driver().DatabaseError as exc:
            raise (map_db_error(exc) or exc) from None
        return row[0] if row else None

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Connection]:
        """BEGIN IMMEDIATE ... COMMIT; nested calls join the outer transaction."""
        with self.lock_:
            if self._tx_depth:
                self._tx_depth += 1
                try:
                    yield self.conn
                finally:
                    self._tx_depth -= 1
                return
            self.execute("BEGIN IMMEDIATE")
            self._tx_depth = 1
            try:
                yield self.conn
            except BaseException:
                self._tx_depth = 0
                with contextlib.suppress(Exception):
                    self.conn.execute("ROLLBACK")
                raise
            self._tx_depth = 0
            try:
                self.conn.execute("COMMIT")
            except _driver().DatabaseError as exc:
                with contextlib.suppress(Exception):
                    self.conn.execute("ROLLBACK")
                raise _map_error(exc) from None

    # -- settings ---------------------------------------------------------------------------
    def get_setting(self, key: str, default: Any = None) -> Any:
        raw = self.scalar("SELECT value FROM settings WHERE key = ?", (key,))
        return default if raw is None else json.loads(raw)

    def set_setting(self, key: str, value: Any) -> None:
        self.execute("INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                     (key, json.dumps(value)))

    def delete_setting(self, key: str) -> None:
        self.execute("DELETE FROM settings WHERE key = ?", (key,))

    # -- maintenance ------------------------------------------------------------------------
    def checkpoint(self) -> None:
        """Fold the WAL into the database and truncate it, so deleted rows leave the WAL."""
        self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def optimize_fts(self) -> None:
        """FTS5 keeps deleted tokens until optimize."""
        for (name,) in self.query("SELECT name FROM sqlite_master WHERE type='table' AND sql LIKE 'CREATE VIRTUAL TABLE%fts5%'"):
            self.conn.execute(f"INSERT INTO \"{name}\"(\"{name}\") VALUES('optimize')")

    def schema_version(self) -> int:
        return int(self.scalar("PRAGMA user_version"))

    def cipher_version(self) -> str:
        return str(self.scalar("PRAGMA cipher_version"))

    def stats(self) -> dict[str, Any]:
        """Counts of what the user can see: an unfinished import's archives and records are left out."""
        # Same condition as privacy.scope.finished_where (the store does not import privacy).
        done = "(archive_id IS NULL OR archive_id NOT IN (SELECT id FROM archives WHERE complete = 0))"
        by_kind = dict(self.query(f"SELECT kind, count(*) FROM records WHERE {done} GROUP BY kind ORDER BY kind"))
        by_platform = dict(self.query(f"SELECT platform, count(*) FROM records WHERE {done} GROUP BY platform "
                                      "ORDER BY platform"))
        span = self.execute(f"SELECT min(ts), max(ts) FROM records WHERE {done}").fetchone()
        return {
            "records": sum(by_kind.values()),
            "by_kind": by_kind,
            "by_platform": by_platform,
            "people": self.scalar("SELECT count(*) FROM people WHERE merged_into IS NULL"),
            "threads": self.scalar("SELECT count(*) FROM threads"),
            "archives": self.scalar("SELECT count(*) FROM archives WHERE complete = 1"),
            "first_ts": span[0],
            "last_ts": span[1],
            "schema_version": self.schema_version(),
            "cipher_version": self.cipher_version(),
            "key_mode": self.info.key_mode,
            "keychain_backend": self.info.keychain_backend,
        }

    # -- keys -------------------------------------------------------------------------------
    def change_passphrase(self, new_passphrase: str) -> None:
        """Re-key the vault under a passphrase (from either a passphrase or the keychain)."""
        pragma = _key_pragma(passphrase=new_passphrase, verb="rekey")
        with self.lock_:
            self.conn.execute(pragma)
            old_mode = self.info.key_mode
            self.info.key_mode = KEY_MODE_PASSPHRASE
            self.info.keychain_backend = None
            self.info.save(self.profile)
            if old_mode == KEY_MODE_KEYCHAIN:
                keychain.delete_key(self.info.vault_id)

    def use_keychain(self) -> str:
        """Move the vault to a fresh random key held by the OS keychain."""
        if keychain.secure_backend() is None:
            raise KeychainUnavailable("No secure OS keychain is available on this system.")
        hex_key = secrets.token_hex(32)
        with self.lock_:
            backend = keychain.store_key(self.info.vault_id, hex_key)
            self.conn.execute(_key_pragma(hex_key=hex_key, verb="rekey"))
            self.info.key_mode = KEY_MODE_KEYCHAIN
            self.info.keychain_backend = backend
            self.info.save(self.profile)
        return backend

    def lock(self) -> None:
        """Close the connection; SQLCipher wipes its key material on close."""
        with self.lock_:
            if self._conn is not None:
                with contextlib.suppress(Exception):
                    self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                self._conn.close()
                self._conn = None

    close = lock

    def __enter__(self) -> "Vault":
        return self

    def __exit__(self, *exc: object) -> None:
        self.lock()


_DAMAGED = ("The vault is damaged or was altered (its page checks failed); Hearth did not change it. "
            "Restore it from an export, or run 'hearth doctor'.")


# SQLite primary result codes (https://www.sqlite.org/rescode.html) behind the errors users meet.
_SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_READONLY, _SQLITE_IOERR = 5, 6, 8, 10
_SQLITE_CORRUPT, _SQLITE_FULL, _SQLITE_CANTOPEN, _SQLITE_NOTADB = 11, 13, 14, 26


def _result_code(exc: BaseException) -> int | None:
    code = getattr(exc, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None


def map_db_error(exc: BaseException) -> KnownError | None:
    """The known error a driver error stands for (damage, full disk, busy, read-only), else None.

    Decided by SQLite's result code, not the message. The CLI and the window call this for any
    exception that reaches them, so a damaged vault is one clear line wherever it is met."""
    driver = _driver()
    if isinstance(exc, KnownError):
        return exc
    if not isinstance(exc, driver.DatabaseError) or isinstance(exc, (driver.IntegrityError, driver.ProgrammingError)):
        return None
    code = _result_code(exc)
    if code is None:  # a driver without result codes: the old message rules
        mapped = _map_error(exc)
        return mapped if isinstance(mapped, KnownError) else None
    if code in (_SQLITE_CORRUPT, _SQLITE_NOTADB):
        return VaultDamaged(_DAMAGED)
    if code == _SQLITE_FULL:
        return DiskFull("The disk is full; free some space and try again. Nothing was lost.")
    if code == _SQLITE_READONLY:
        return KnownError("The vault is read-only (check the folder's permissions).")
    if code in (_SQLITE_BUSY, _SQLITE_LOCKED):
        return KnownError("The vault is busy in another Hearth window or process.")
    if code in (_SQLITE_IOERR, _SQLITE_CANTOPEN):
        return KnownError("The vault file could not be read or written (disk or permission problem); "
                          "run 'hearth doctor'.")
    return None


def _map_error(exc: Exception) -> Exception:
    """Map driver errors to known ones without their text (it can carry row content)."""
    code = _result_code(exc)
    if code is not None:
        mapped = map_db_error(exc)
        return mapped if mapped is not None else type(exc)(f"database error ({type(exc).__name__})")
    msg = str(exc).lower()
    if "full" in msg and "disk" in msg:
        return DiskFull("The disk is full; free some space and try again. Nothing was lost.")
    if "readonly" in msg or "read-only" in msg:
        return KnownError("The vault is read-only (check the folder's permissions).")
    if "locked" in msg or "busy" in msg:
        return KnownError("The vault is busy in another Hearth window or process.")
    if "not a database" in msg:
        return WrongKey("The vault could not be decrypted.")
    if "malformed" in msg:
        return VaultDamaged(_DAMAGED)
    return type(exc)(f"database error ({type(exc).__name__})")


def create_vault(profile: Path, *, passphrase: str | None = None, use_keychain: bool | None = None) -> Vault:
    """Create a new vault in ``profile``.

    With ``use_keychain`` None, the keychain is used when a secure one exists and no passphrase
    was given; otherwise the passphrase protects the vault (SQLCipher's KDF).
    """
    profile = Path(profile)
    db_path = paths.vault_file(profile)
    _refuse_interrupted_delete(profile)
    if vault_exists(profile) or any(p.exists() for p in paths.vault_side_files(profile)):
        raise VaultExists(f"A vault already exists in {profile}; refusing to create another over it.")
    paths.ensure_private_dir(profile)
    if use_keychain is None:
        use_keychain = passphrase is None
    if use_keychain and passphrase is None and keychain.secure_backend() is None:
        raise KeychainUnavailable(
            "No secure OS keychain is available; choose a passphrase (set HEARTH_PASSPHRASE or answer the prompt).")
    if not use_keychain and not passphrase:
        raise PassphraseRequired("A passphrase is needed to create this vault.")

    info = VaultInfo(vault_id=str(uuid.uuid4()), key_mode=KEY_MODE_KEYCHAIN if use_keychain else KEY_MODE_PASSPHRASE,
                     keychain_backend=None, created_at=int(time.time()))
    if use_keychain:
        hex_key = secrets.token_hex(32)
        info.keychain_backend = keychain.store_key(info.vault_id, hex_key)
        key_sql = _key_pragma(hex_key=hex_key)
        del hex_key
    else:
        key_sql = _key_pragma(passphrase=passphrase)
    old_umask = os.umask(0o077)
    try:
        conn = _connect(db_path, key_sql)
        _configure(conn)
        migrations.migrate(conn)
    except BaseException:
        with contextlib.suppress(Exception):
            conn.close()  # type: ignore[possibly-undefined]
        for p in paths.vault_side_files(profile):
            with contextlib.suppress(FileNotFoundError):
                p.unlink()
        if use_keychain:
            keychain.delete_key(info.vault_id)
        raise
    finally:
        os.umask(old_umask)
    del key_sql
    info.save(profile)
    _fix_permissions(profile)
    check_header(db_path)
    return Vault(profile, conn, info)


def _finish_interrupted_rekey(profile: Path, db_path: Path, info: VaultInfo, passphrase: str | None) -> Connection:
    """A crash between ``PRAGMA rekey`` and saving vault.json leaves the DB under the *other* key mode.

    ``use_keychain`` stores the new key before re-keying and ``change_passphrase`` deletes the old
    keychain entry only after saving, so the other secret is still at hand: try it, and finish the
    move. Raise WrongKey when it does not open the vault either (nothing is changed then).
    """
    wrong = WrongKey("Wrong passphrase or key: the vault could not be decrypted (it was not changed).")
    if info.key_mode == KEY_MODE_PASSPHRASE:
        hex_key = keychain.load_key(info.vault_id)
        if hex_key is None:
            raise wrong
        try:
            conn = _connect(db_path, _key_pragma(hex_key=hex_key))
        except WrongKey:
            raise wrong from None
        backend = keychain.secure_backend()
        info.key_mode = KEY_MODE_KEYCHAIN
        info.keychain_backend = keychain.backend_name(backend) if backend is not None else None
        info.save(profile)
        return conn
    if not passphrase:
        raise wrong
    try:
        conn = _connect(db_path, _key_pragma(passphrase=passphrase))
    except WrongKey:
        raise wrong from None
    info.key_mode = KEY_MODE_PASSPHRASE
    info.keychain_backend = None
    info.save(profile)
    keychain.delete_key(info.vault_id)
    return conn


def open_vault(profile: Path, *, passphrase: str | None = None) -> Vault:
    """Open an existing vault; raise a KnownError subclass for every user-facing failure."""
    profile = Path(profile)
    db_path = paths.vault_file(profile)
    _refuse_interrupted_delete(profile)
    info = VaultInfo.load(profile)
    if info is None:
        if db_path.exists():
            check_header(db_path)
            raise VaultNotFound(f"{db_path} has no vault.json beside it; Hearth cannot tell how it is keyed.")
        raise VaultNotFound(f"No vault in {profile}. Run 'hearth init' first.")
    check_header(db_path)
    if os.path.getsize(db_path) == 0:
        raise NotEncrypted(f"{db_path} is empty; refusing to create a new vault over it.")
    if info.key_mode == KEY_MODE_KEYCHAIN:
        hex_key = keychain.load_key(info.vault_id)
        if hex_key is None:
            raise KeychainUnavailable(
                "The vault key is not in the OS keychain (keychain locked, missing, or the vault was deleted). "
                "The vault was not changed.")
        key_sql = _key_pragma(hex_key=hex_key)
        del hex_key
    else:
        if passphrase is None:
            raise PassphraseRequired("This vault is protected by a passphrase; enter it (or set HEARTH_PASSPHRASE).")
        key_sql = _key_pragma(passphrase=passphrase)
    old_umask = os.umask(0o077)
    try:
        try:
            conn = _connect(db_path, key_sql)
        except WrongKey:
            conn = _finish_interrupted_rekey(profile, db_path, info, passphrase)
        del key_sql
        try:
            _configure(conn)
            migrations.migrate(conn)
        except _driver().DatabaseError as exc:
            conn.close()
            if "malformed" in str(exc) or _result_code(exc) in (_SQLITE_CORRUPT, _SQLITE_NOTADB):
                raise VaultDamaged(_DAMAGED) from None
            raise _map_error(exc) from None
        except BaseException:
            conn.close()
            raise
    finally:
        os.umask(old_umask)
    _fix_permissions(profile)
    _sweep_interrupted_writes(profile)
    return Vault(profile, conn, info)


def _sweep_interrupted_writes(profile: Path) -> None:
    """Remove the temp files a killed export left beside its destination (noted in the profile)."""
    try:
        from desktop_app.core.privacy.atomic import sweep_pending

        removed = sweep_pending(profile)
    except OSError:
        return  # best effort: 'hearth delete' still finds them
    if removed:
        log.info("removed %d file(s) left by an interrupted export", len(removed))
