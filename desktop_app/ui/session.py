"""The GUI's handle on one profile's vault: unlock, create, lock, and running jobs against it.

The ``Vault`` object is only used on the worker pools, never on the GUI thread. Locking
cancels every job, closes the connection on the DB thread and bumps a generation counter so
late results from the old session are dropped instead of shown.

Signals:
    unlocked(): the vault is open.
    locked(): the vault was closed (by the user, idle timer, or delete).
    data_changed(str): what changed ("records", "scope", "profile", "people", "chats", "models").
    records_forgotten(list): ids of records just forgotten (open views mark or drop them).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from PySide6.QtCore import QObject, Signal

from desktop_app.core.errors import VaultLocked
from desktop_app.ui import workers
from desktop_app.ui.engine_slot import EngineSlot
from desktop_app.ui.locked_vault import LockedVault

if TYPE_CHECKING:
    from desktop_app.core.store import vault as vault_mod


def _vault_mod():
    # Imported on first use so the window shows before the store code loads (cold start).
    from desktop_app.core.store import vault

    return vault


class VaultSession(QObject):
    unlocked = Signal()
    locked = Signal()
    data_changed = Signal(str)
    records_forgotten = Signal(list)

    def __init__(self, profile: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.profile = Path(profile)
        self._vault: "vault_mod.Vault | None" = None
        self.generation = 0
        self.engines = EngineSlot()      # the one loaded LLM (used on the ML pool only)
        self.embedder: Any = None

    # -- state (GUI thread) ----------------------------------------------------------------------
    def exists(self) -> bool:
        from desktop_app.core import paths

        # Same test as vault.vault_exists, without loading the store code before the first frame.
        return paths.vault_file(self.profile).exists() or paths.meta_file(self.profile).exists()

    def info(self) -> "vault_mod.VaultInfo | None":
        try:
            return _vault_mod().VaultInfo.load(self.profile)
        except Exception:  # noqa: BLE001 - a damaged vault.json is reported by open_vault
            return None

    @property
    def is_open(self) -> bool:
        return self._vault is not None

    # -- open / create ---------------------------------------------------------------------------
    def unlock(self, passphrase: str | None) -> workers.BackgroundOp:
        def _open() -> "vault_mod.Vault":
            return _vault_mod().open_vault(self.profile, passphrase=passphrase)

        return self._opening(_open)

    def create(self, passphrase: str | None, *, use_keychain: bool) -> workers.BackgroundOp:
        def _create() -> "vault_mod.Vault":
            return _vault_mod().create_vault(self.profile, passphrase=passphrase, use_keychain=use_keychain)

        return self._opening(_create)

    def open_with(self, fn: Callable[..., "vault_mod.Vault"]) -> workers.BackgroundOp:
        """Open the vault with ``fn(progress=, cancel=)`` (e.g. build the demo first); progress reported."""
        op = workers.BackgroundOp(fn, pool="db", parent=self).with_progress()
        op.success(self._on_opened)
        return op

    def _opening(self, fn: Callable[[], "vault_mod.Vault"]) -> workers.BackgroundOp:
        op = workers.BackgroundOp(fn, pool="db", parent=self)
        op.success(self._on_opened)
        return op

    def _on_opened(self, v: "vault_mod.Vault") -> None:
        self._vault = v
        if self.embedder is None:
            from desktop_app.ui.embed_child import default_embedder

            self.embedder = default_embedder()  # a child process, started on first use
        self.generation += 1
        self.unlocked.emit()

    # -- jobs ------------------------------------------------------------------------------------
    def db(self, fn: Callable[..., Any], *, progress: bool = False, pool: str = "db") -> workers.BackgroundOp:
        """Run ``fn(vault[, progress=, cancel=])`` on a pool; results of a locked session are dropped."""
        v = self._vault
        # A request made while locked (a page tidying up as it goes) is dropped, not reported.
        gen = self.generation if v is not None else -1

        def _body(**kw: Any) -> Any:
            if v is None or v.locked:
                raise VaultLocked("The vault is locked; unlock it first.")
            if pool == "db":
                with v.lock_:
                    return fn(v, **kw)
            return fn(LockedVault(v), **kw)

        op = _SessionOp(self, gen, _body, pool=pool, parent=self)
        if progress:
            op.with_progress()
        return op

    def io(self, fn: Callable[..., Any], *, progress: bool = False) -> workers.BackgroundOp:
        """Long jobs that write in batches (import, export): they take ``vault.lock_`` per batch."""
        return self.db(fn, progress=progress, pool="io")

    def ml(self, fn: Callable[..., Any], *, progress: bool = False) -> workers.BackgroundOp:
        return self.db(fn, progress=progress, pool="ml")

    def current(self) -> bool:
        return self._vault is not None

    # -- lock ------------------------------------------------------------------------------------
    def lock(self) -> None:
        """Cancel jobs, close the vault on the DB thread, forget it here; emits ``locked``."""
        v = self._vault
        self._vault = None
        self.generation += 1
        workers.cancel_all()
        if v is not None:
            workers.BackgroundOp(v.lock, pool="db", parent=self).failure(lambda exc: None).run()
        # The model's context holds prompt text: drop it too (the next question reloads it).
        workers.BackgroundOp(self.engines.close, pool="ml", parent=self).failure(lambda exc: None).run()
        emb, self.embedder = self.embedder, None
        closer = getattr(emb, "close", None)
        if callable(closer):
            workers.BackgroundOp(closer, pool="ml", parent=self).failure(lambda exc: None).run()
        self.locked.emit()

    def wait_idle(self, timeout_ms: int = 10000) -> bool:
        ok = True
        for name in ("io", "ml", "db"):
            ok = workers.pool(name).waitForDone(timeout_ms) and ok
        return ok


class _SessionOp(workers.BackgroundOp):
    """A BackgroundOp whose callbacks are skipped when the session was locked meanwhile."""

    def __init__(self, session: VaultSession, gen: int, fn: Callable[..., Any], **kw: Any) -> None:
        super().__init__(fn, **kw)
        self._session = session
        self._gen = gen

    def _live(self) -> bool:
        return self._session.generation == self._gen

    def success(self, cb: Callable[[Any], None]) -> "_SessionOp":
        self.signals.succeeded.connect(lambda r: cb(r) if self._live() else None)
        return self

    def failure(self, cb: Callable[[BaseException], None]) -> "_SessionOp":
        self._on_failure_set = True
        self.signals.failed.connect(lambda e: cb(e) if self._live() else None)
        return self

    def with_progress(self, cb: Callable[[Any], None] | None = None) -> "_SessionOp":
        self._pass_progress = True
        if cb is not None:
            self.signals.progressed.connect(lambda p: cb(p) if self._live() else None)
        return self

    def run(self) -> "_SessionOp":
        if not self._on_failure_set:
            from desktop_app.ui import errors

            self.failure(lambda exc: errors.show_error(None, exc))
        return super().run()
