"""The in-process network guard: refuse every non-loopback connection and log the attempt.

Python-level only (an audit hook); native code is checked by the strace/unshare test.
Model libraries read their offline switches at import, so ``set_offline_env`` runs first.
"""

from __future__ import annotations

import ipaddress
import logging
import os
import socket
import sys
import threading
from dataclasses import dataclass, field
from typing import Callable

log = logging.getLogger(__name__)

OFFLINE_ENV = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_DATASETS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "DO_NOT_TRACK": "1",
    "TOKENIZERS_PARALLELISM": "false",
    # model loading draws progress bars on stderr, over Hearth's own progress line
    "HF_HUB_DISABLE_PROGRESS_BARS": "1",
    "TRANSFORMERS_VERBOSITY": "error",
}


def set_offline_env() -> None:
    for key, value in OFFLINE_ENV.items():
        os.environ[key] = value


@dataclass
class GuardState:
    installed: bool = False
    blocked: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    listeners: list = field(default_factory=list)
    last_blocked_at: float | None = None


STATE = GuardState()


class EgressRefused(ConnectionRefusedError):
    """Raised inside the process when code tries to reach the network."""


def _is_loopback_host(host: object) -> bool:
    if host is None:
        return True
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    host = str(host)
    if host in ("localhost", "localhost.localdomain", ""):
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


def _record(what: str) -> None:
    import time

    with STATE.lock:
        STATE.blocked.append(what)
        STATE.last_blocked_at = time.time()
        listeners = list(STATE.listeners)
    # the attempt is logged (host only; there is no payload at connect time)
    log.warning("egress blocked: %s", what)
    for fn in listeners:
        try:
            fn(what)
        except Exception:  # noqa: BLE001 - a broken listener must not turn a refusal into a crash
            log.warning("egress listener failed")


def _hook(event: str, args: tuple) -> None:
    if event == "socket.connect" or event == "socket.sendto":
        sock, address = args[0], args[-1]
        family = getattr(sock, "family", None)
        if family not in (socket.AF_INET, socket.AF_INET6):
            return
        host = address[0] if isinstance(address, tuple) and address else address
        if not _is_loopback_host(host):
            _record(f"{event} {host}")
            raise EgressRefused(f"Hearth blocks network access ({host})")
    elif event in ("socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyname_ex",
                   "socket.gethostbyaddr"):
        host = args[0]
        if not _is_loopback_host(host):
            _record(f"{event.split('.', 1)[1]} {host}")
            raise EgressRefused(f"Hearth blocks network access ({host})")


def install() -> None:
    """Install once per process; audit hooks cannot be removed."""
    set_offline_env()
    with STATE.lock:
        if STATE.installed:
            return
        STATE.installed = True
    sys.addaudithook(_hook)


def blocked_attempts() -> list[str]:
    with STATE.lock:
        return list(STATE.blocked)


def is_offline() -> bool:
    return STATE.installed


def add_listener(callback: Callable[[str], None]) -> None:
    """``callback(what: str)`` on every refused attempt (the GUI updates its offline badge)."""
    with STATE.lock:
        STATE.listeners.append(callback)


def status() -> dict:
    """What the GUI's "offline" badge shows: guard on, offline switches set, attempts refused."""
    with STATE.lock:
        blocked = list(STATE.blocked)
        last = STATE.last_blocked_at
        installed = STATE.installed
    env_ok = all(os.environ.get(k) == v for k, v in OFFLINE_ENV.items())
    return {"offline": installed and env_ok, "guard_installed": installed, "offline_env": env_ok,
            "blocked_attempts": len(blocked), "recent_blocked": blocked[-5:], "last_blocked_at": last}
