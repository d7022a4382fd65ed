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

log = logging.getLogger(__name__)

OFFLINE_ENV = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_DATASETS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "DO_NOT_TRACK": "1",
    "TOKENIZERS_PARALLELISM": "false",
}


def set_offline_env() -> None:
    for key, value in OFFLINE_ENV.items():
        os.environ[key] = value


@dataclass
class GuardState:
    installed: bool = False
    blocked: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


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
    with STATE.lock:
        STATE.blocked.append(what)
    log.warning("egress blocked: %s", what)


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
    elif event == "socket.getaddrinfo":
        host = args[0]
        if not _is_loopback_host(host):
            _record(f"getaddrinfo {host}")
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
