"""Process hygiene: no core dumps, private file modes, and logs that never carry record text.

Driver errors quote row content ("Could not decode to UTF-8 column 'text' with text '...'"), and
so can any exception message, so log records are scrubbed when they are created (a LogRecord
factory: it covers every logger and every handler, even ones added later), and uncaught
exceptions print their type and frames but a scrubbed message.
"""

from __future__ import annotations

import ctypes
import logging
import os
import re
import sys
import traceback
from types import TracebackType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from desktop_app.core.errors import KnownError

_PR_SET_DUMPABLE = 4
_PR_GET_DUMPABLE = 3


def harden_process() -> None:
    """Core dumps off, not ptrace-dumpable, new files private to the user, scrubbed crash output."""
    os.umask(0o077)
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    except (ImportError, ValueError, OSError):
        pass
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_DUMPABLE, 0, 0, 0, 0)
        except (OSError, AttributeError):
            pass
    install_excepthook()


def process_state() -> dict[str, object]:
    """What ``harden_process`` set, as the OS reports it (for doctor and tests)."""
    out: dict[str, object] = {"umask": None, "rlimit_core": None, "dumpable": None}
    old = os.umask(0o077)
    os.umask(old)
    out["umask"] = oct(old)
    try:
        import resource

        out["rlimit_core"] = list(resource.getrlimit(resource.RLIMIT_CORE))
    except ImportError:
        pass
    if sys.platform.startswith("linux"):
        try:
            out["dumpable"] = int(ctypes.CDLL(None).prctl(_PR_GET_DUMPABLE, 0, 0, 0, 0))
        except (OSError, AttributeError):
            pass
    return out


# "... with text '<row content>'" and other quoted payloads.
_WITH_TEXT = re.compile(r"\b(with text|with value|text|value)\b.*", re.IGNORECASE | re.DOTALL)
_QUOTED = re.compile(r"(['\"]).*?\1", re.DOTALL)
_DRIVER_MODULES = ("sqlcipher3", "sqlite3", "_sqlite3", "json")


def scrub(text: str) -> str:
    """Remove quoted payloads from an error text (a quote inside the payload cannot end it early)."""
    text = _WITH_TEXT.sub(lambda m: m.group(1) + " <redacted>", text)
    text = _QUOTED.sub("<redacted>", text)
    return text if len(text) <= 300 else text[:300] + "…"


def describe_exception(exc: BaseException) -> str:
    """``Type: message`` safe for logs: driver and decode errors keep only what precedes a payload."""
    name = type(exc).__name__
    msg = str(exc)
    mod = type(exc).__module__ or ""
    if mod.split(".")[0] in _DRIVER_MODULES or isinstance(exc, (UnicodeError, ValueError)):
        msg = scrub(msg.split("'", 1)[0].split('"', 1)[0])
    else:
        msg = scrub(msg)
    return f"{name}: {msg}" if msg else name


def format_exception_safely(exc: BaseException) -> str:
    """A traceback with file/line/function of each frame, scrubbed messages, and no locals."""
    parts: list[str] = []
    seen: set[int] = set()
    cur: BaseException | None = exc
    chain: list[BaseException] = []
    while cur is not None and id(cur) not in seen:
        seen.add(id(cur))
        chain.append(cur)
        cur = cur.__cause__ or (None if cur.__suppress_context__ else cur.__context__)
    for e in reversed(chain):
        parts.append("Traceback (most recent call last):\n")
        for fs in traceback.extract_tb(e.__traceback__):
            parts.append(f'  File "{fs.filename}", line {fs.lineno}, in {fs.name}\n')
        parts.append(describe_exception(e) + "\n")
    return "".join(parts)


def _scrub_record(record: logging.LogRecord) -> logging.LogRecord:
    if record.exc_info and record.exc_info[1] is not None:
        record.exc_text = format_exception_safely(record.exc_info[1]).rstrip("\n")
        record.exc_info = None
    if record.args:
        if isinstance(record.args, tuple):
            record.args = tuple(_safe_arg(a) for a in record.args)
        elif isinstance(record.args, dict):
            record.args = {k: _safe_arg(v) for k, v in record.args.items()}
    elif isinstance(record.msg, BaseException):
        record.msg = describe_exception(record.msg)
    return record


def _safe_arg(a: object) -> object:
    if isinstance(a, BaseException):
        return describe_exception(a)
    if isinstance(a, str):
        return scrub(a)
    return a


class ScrubFilter(logging.Filter):
    """Handler-level scrubbing (kept for handlers configured elsewhere)."""

    def filter(self, record: logging.LogRecord) -> bool:
        _scrub_record(record)
        return True


def install_log_scrubber() -> None:
    """Scrub every log record at creation, whichever logger or handler it goes to."""
    old = logging.getLogRecordFactory()
    if not getattr(old, "_hearth_scrub", False):
        def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
            return _scrub_record(old(*args, **kwargs))

        factory._hearth_scrub = True  # type: ignore[attr-defined]
        logging.setLogRecordFactory(factory)
    root = logging.getLogger()
    for handler in root.handlers:
        if not any(isinstance(f, ScrubFilter) for f in handler.filters):
            handler.addFilter(ScrubFilter())


def _known_db_error(exc: BaseException) -> KnownError | None:
    """The KnownError a driver error stands for (a damaged vault, a full disk), else None."""
    from desktop_app.core.store.vault import map_db_error

    try:
        return map_db_error(exc)
    except Exception:  # noqa: BLE001 - the hook must never fail
        return None


def _exit_known(err: KnownError) -> None:
    """A vault error met outside the CLI's own handler (while stepping through rows): one line,
    the error's exit code, no traceback, as if the command had raised it."""
    import json

    msg = err.user_message
    if "--json" in sys.argv[1:]:
        sys.stdout.write(json.dumps({"ok": False, "error": msg, "error_type": type(err).__name__,
                                     "exit_code": err.exit_code}) + "\n")
    else:
        sys.stderr.write(f"hearth: error: {msg}\n")
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(err.exit_code)


def _excepthook(exc_type: type[BaseException], exc: BaseException | None, tb: TracebackType | None, *,
                main_thread: bool = True) -> None:
    if exc is None or issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)  # type: ignore[arg-type]  # a None value goes on as Python passes it
        return
    known = _known_db_error(exc)
    if known is not None:
        if main_thread:
            _exit_known(known)
        sys.stderr.write(f"hearth: error: {known.user_message}\n")
        return
    try:
        sys.stderr.write(format_exception_safely(exc.with_traceback(tb)))
        sys.stderr.write("(Hearth hides error messages that could contain your data.)\n")
    except Exception:  # noqa: BLE001
        sys.stderr.write(f"{exc_type.__name__}\n")


def install_excepthook() -> None:
    """Uncaught exceptions (bugs) print frames and a scrubbed message, never row content."""
    sys.excepthook = _excepthook

    def thread_hook(args: Any) -> None:  # threading.ExceptHookArgs
        if args.exc_value is not None:
            _excepthook(args.exc_type, args.exc_value, args.exc_traceback, main_thread=False)

    import threading

    threading.excepthook = thread_hook
