"""Process hygiene: no core dumps, private file modes, and logs that never carry record text."""

from __future__ import annotations

import ctypes
import logging
import os
import re
import sys

_PR_SET_DUMPABLE = 4


def harden_process() -> None:
    """Core dumps off, not ptrace-dumpable, new files private to the user."""
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


# Driver errors quote row content ("Could not decode to UTF-8 column 'b' with text '...'").
_QUOTED = re.compile(r"(with text|text|value|near)\s+(['\"]).*?\2", re.IGNORECASE | re.DOTALL)


def scrub(text: str) -> str:
    """Remove quoted payloads from an error text."""
    text = _QUOTED.sub(r"\1 <redacted>", text)
    return text if len(text) <= 300 else text[:300] + "…"


class ScrubFilter(logging.Filter):
    """Drops exception payloads from log records; tracebacks keep types and lines only."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and record.exc_info[1] is not None:
            exc = record.exc_info[1]
            record.exc_info = None
            record.exc_text = None
            record.msg = f"{record.getMessage()} [{type(exc).__name__}]"
            record.args = ()
        elif isinstance(record.msg, str) and record.args:
            safe_args = tuple(scrub(a) if isinstance(a, str) else a for a in record.args) \
                if isinstance(record.args, tuple) else record.args
            record.args = safe_args
        return True


def install_log_scrubber() -> None:
    root = logging.getLogger()
    if not any(isinstance(f, ScrubFilter) for f in root.filters):
        root.addFilter(ScrubFilter())
    for handler in root.handlers:
        if not any(isinstance(f, ScrubFilter) for f in handler.filters):
            handler.addFilter(ScrubFilter())
