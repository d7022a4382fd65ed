"""Background work for the GUI: a one-thread DB pool, a one-thread ML pool, ops and streams.

Threading model (docs/style.md): the vault is only used from the DB pool (one thread, so
statements never interleave) and from ML jobs that take ``vault.lock_`` for their writes.
Workers never touch widgets; they emit signals that Qt delivers, queued, to the GUI thread.

Signals (``OpSignals``):
    progressed(object): a ``core.progress.Progress``.
    succeeded(object): the function's return value.
    failed(object): the exception (``Cancelled`` included; ``errors.show_error`` ignores it).
    chunk(object): a list of stream events (tokens joined into one ``str`` per batch).
    finished(): always last.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import TYPE_CHECKING, Any, Callable, Iterator

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from desktop_app.core.errors import Cancelled
if TYPE_CHECKING:  # core.progress (dataclasses) loads with the first job, after the first frame
    from desktop_app.core.progress import CancelToken, Progress

log = logging.getLogger(__name__)

_POOLS: dict[str, QThreadPool] = {}
_ACTIVE: set["_Runnable"] = set()
_ACTIVE_LOCK = threading.Lock()
_TOKENS: set[CancelToken] = set()

TOKEN_BATCH_S = 0.04


def pool(name: str) -> QThreadPool:
    """``"db"`` or ``"ml"``: each one thread that never expires (SQLCipher likes a stable thread)."""
    p = _POOLS.get(name)
    if p is None:
        p = QThreadPool()
        p.setMaxThreadCount(1)
        p.setExpiryTimeout(-1)
        _POOLS[name] = p
    return p


class OpSignals(QObject):
    progressed = Signal(object)
    succeeded = Signal(object)
    failed = Signal(object)
    chunk = Signal(object)
    finished = Signal()


class _Runnable(QRunnable):
    def __init__(self, body: Callable[[], None]) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self._body = body

    def run(self) -> None:  # noqa: D401 - Qt override
        try:
            self._body()
        finally:
            with _ACTIVE_LOCK:
                _ACTIVE.discard(self)


def _safe(emit: Callable[..., None]) -> Callable[..., None]:
    """An emit that does nothing once the receiving side (the signals' parent) is gone."""

    def _emit(*args: Any) -> None:
        try:
            emit(*args)
        except RuntimeError:  # "Signal source has been deleted": the window closed meanwhile
            pass

    return _emit


def _submit(pool_name: str, body: Callable[[], None]) -> None:
    r = _Runnable(body)
    with _ACTIVE_LOCK:
        _ACTIVE.add(r)
    pool(pool_name).start(r)


class BackgroundOp:
    """Run ``fn`` on a pool; callbacks run on the GUI thread (Anki QueryOp shape).

    ``fn`` receives keyword ``progress`` and ``cancel`` when ``with_progress()`` was called.
    Usage: ``BackgroundOp(fn, pool="db").success(cb).failure(cb).with_progress(cb).run()``.
    """

    def __init__(self, fn: Callable[..., Any], *, pool: str = "db", parent: QObject | None = None) -> None:
        self.fn = fn
        self.pool_name = pool
        self.signals = OpSignals(parent)
        from desktop_app.core.progress import CancelToken

        self.cancel_token = CancelToken()
        self._pass_progress = False
        self._on_failure_set = False
        self.result: Any = None
        self.error: BaseException | None = None
        self.done = False

    def success(self, cb: Callable[[Any], None]) -> "BackgroundOp":
        self.signals.succeeded.connect(cb)
        return self

    def failure(self, cb: Callable[[BaseException], None]) -> "BackgroundOp":
        self._on_failure_set = True
        self.signals.failed.connect(cb)
        return self

    def with_progress(self, cb: Callable[[Progress], None] | None = None) -> "BackgroundOp":
        self._pass_progress = True
        if cb is not None:
            self.signals.progressed.connect(cb)
        return self

    def on_finished(self, cb: Callable[[], None]) -> "BackgroundOp":
        self.signals.finished.connect(cb)
        return self

    def cancel(self) -> None:
        self.cancel_token.cancel()

    def run(self) -> "BackgroundOp":
        if not self._on_failure_set:
            from desktop_app.ui import errors

            self.signals.failed.connect(lambda exc: errors.show_error(None, exc))
        _TOKENS.add(self.cancel_token)
        sig = self.signals
        progressed, succeeded = _safe(sig.progressed.emit), _safe(sig.succeeded.emit)
        failed, finished = _safe(sig.failed.emit), _safe(sig.finished.emit)

        def body() -> None:
            try:
                if self._pass_progress:
                    from desktop_app.core.progress import throttled

                    out = self.fn(progress=throttled(progressed, 0.05), cancel=self.cancel_token)
                else:
                    out = self.fn()
                self.result = out
                succeeded(out)
            except BaseException as exc:  # noqa: BLE001 - every failure goes to the GUI thread
                self.error = exc
                if not isinstance(exc, Cancelled):
                    log.debug("background op failed: %s", type(exc).__name__)
                failed(exc)
            finally:
                self.done = True
                _TOKENS.discard(self.cancel_token)
                finished()

        _submit(self.pool_name, body)
        return self


class StreamWorker(BackgroundOp):
    """Iterate a generator of events on a pool; text tokens are batched every ~40 ms.

    ``make_iter(cancel)`` returns the iterator. Token-like events (``is_token(ev)`` true) are
    joined with ``token_text(ev)`` into one ``str`` per batch; every other event is passed
    through in order. ``chunk`` carries a list of items (str or event).
    """

    def __init__(self, make_iter: Callable[[CancelToken], Iterator[Any]], *, pool: str = "ml",
                 is_token: Callable[[Any], bool] = lambda ev: isinstance(ev, str),
                 token_text: Callable[[Any], str] = str, parent: QObject | None = None) -> None:
        super().__init__(self._drive, pool=pool, parent=parent)
        self._make_iter = make_iter
        self._is_token = is_token
        self._token_text = token_text

    def _drive(self) -> Any:
        emit = _safe(self.signals.chunk.emit)
        buf: list[str] = []
        lock = threading.Lock()
        last = [time.monotonic()]
        timer: list[threading.Timer | None] = [None]

        def _flush() -> None:
            # Text the model wrote just before it paused (or before a slow step) still shows within
            # ~40 ms: without this it waited in the buffer for the next event.
            with lock:
                if buf:
                    emit(["".join(buf)])
                    buf.clear()
                    last[0] = time.monotonic()

        last_event = None
        try:
            for ev in self._make_iter(self.cancel_token):
                self.cancel_token.check()
                last_event = ev
                with lock:
                    now = time.monotonic()
                    if self._is_token(ev):
                        buf.append(self._token_text(ev))
                        if now - last[0] >= TOKEN_BATCH_S:
                            emit(["".join(buf)])
                            buf.clear()
                            last[0] = now
                        elif timer[0] is None or not timer[0].is_alive():
                            timer[0] = threading.Timer(TOKEN_BATCH_S, _flush)
                            timer[0].daemon = True
                            timer[0].start()
                    else:  # every other event goes out at once, after the text before it
                        items: list[Any] = ["".join(buf)] if buf else []
                        buf.clear()
                        emit([*items, ev])
                        last[0] = now
        finally:
            if timer[0] is not None:
                timer[0].cancel()
            _flush()
        return last_event


def cancel_all() -> None:
    for tok in list(_TOKENS):
        tok.cancel()


def shutdown(timeout_ms: int = 5000) -> bool:
    """Cancel every op and wait for both pools; True when they finished in time."""
    cancel_all()
    ok = True
    for p in _POOLS.values():
        ok = p.waitForDone(timeout_ms) and ok
    return ok


