"""Locking: after a configurable idle time and on demand. Qt-free policy the GUI drives.

The GUI calls ``touch()`` from its app-wide activity filter and ``poll()`` from a timer; when the
policy decides to lock it calls ``on_lock`` (which closes the vault: SQLCipher drops the key, and
the GUI clears its views). ``hearth lock`` asks a running Hearth to lock through a request file
in the profile folder, which ``poll()`` notices.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Callable, TYPE_CHECKING

if TYPE_CHECKING:
    from desktop_app.core.store.vault import Vault

SETTING = "privacy.idle_lock_minutes"
DEFAULT_IDLE_MINUTES = 10
REQUEST_FILE = "lock.request"


def idle_minutes(vault: Vault) -> int:
    """0 means never lock on idle."""
    value = vault.get_setting(SETTING, DEFAULT_IDLE_MINUTES)
    try:
        return max(0, int(value))
    except (TypeError, ValueError):
        return DEFAULT_IDLE_MINUTES


def set_idle_minutes(vault: Vault, minutes: int) -> None:
    from desktop_app.core.errors import KnownError

    if minutes < 0 or minutes > 24 * 60:
        raise KnownError("The idle time is given in minutes, from 0 (never) to 1440.")
    vault.set_setting(SETTING, int(minutes))


def request_lock(profile: Path) -> Path:
    """Ask every running Hearth on this profile to lock now."""
    path = Path(profile) / REQUEST_FILE
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, str(time.time()).encode())
    finally:
        os.close(fd)
    return path


def lock_requested_since(profile: Path, wall_time: float) -> bool:
    try:
        return (Path(profile) / REQUEST_FILE).stat().st_mtime >= wall_time
    except FileNotFoundError:
        return False


class IdleLock:
    """Decides when to lock; the caller owns the timer and the actual locking (``on_lock``)."""

    def __init__(self, on_lock: Callable[[str], None], *, idle_s: float | None = DEFAULT_IDLE_MINUTES * 60,
                 profile: Path | None = None, clock: Callable[[], float] = time.monotonic,
                 wall: Callable[[], float] = time.time) -> None:
        self._on_lock = on_lock
        self._clock, self._wall = clock, wall
        self.profile = Path(profile) if profile else None
        self.idle_s = idle_s if idle_s else None
        self.locked = False
        self.reason = ""
        self._last = clock()
        self._unlocked_wall = wall()

    def set_idle(self, idle_s: float | None) -> None:
        self.idle_s = idle_s if idle_s else None
        self._last = self._clock()

    def touch(self) -> None:
        """User activity (key, mouse, wheel) resets the idle timer."""
        self._last = self._clock()

    def remaining(self) -> float | None:
        if self.locked or self.idle_s is None:
            return None
        return max(0.0, self.idle_s - (self._clock() - self._last))

    def poll(self) -> bool:
        """Lock if idle too long or if a lock was requested; True when it locked now."""
        if self.locked:
            return False
        if self.profile is not None and lock_requested_since(self.profile, self._unlocked_wall):
            return self.lock_now("requested")
        if self.idle_s is not None and self._clock() - self._last >= self.idle_s:
            return self.lock_now("idle")
        return False

    def lock_now(self, reason: str = "manual") -> bool:
        if self.locked:
            return False
        self.locked, self.reason = True, reason
        self._on_lock(reason)
        return True

    def unlocked(self) -> None:
        """The user unlocked again (keychain or passphrase): start a fresh idle period."""
        self.locked, self.reason = False, ""
        self._last = self._clock()
        # a request older than this unlock is done with
        self._unlocked_wall = self._wall() + 1e-6
