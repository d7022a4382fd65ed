"""Progress reports and cancel tokens passed from callers into long core jobs."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Callable

from desktop_app.core.errors import Cancelled


@dataclass(frozen=True, slots=True)
class Progress:
    """A snapshot of a long job. ``total`` is None when unknown."""

    stage: str
    done: int = 0
    total: int | None = None
    bytes_done: int = 0
    bytes_total: int | None = None
    eta_s: float | None = None
    message: str = ""

    @property
    def fraction(self) -> float | None:
        if self.total:
            return min(1.0, self.done / self.total)
        if self.bytes_total:
            return min(1.0, self.bytes_done / self.bytes_total)
        return None


# What every long job takes to report progress (the progress seam).
ProgressCallback = Callable[[Progress], None]


def no_progress(progress: Progress) -> None:
    """A progress callback that ignores everything."""


class CancelToken:
    """Cooperative cancellation: jobs call ``check()`` between items."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def check(self) -> None:
        if self._event.is_set():
            raise Cancelled("cancelled")


@dataclass(slots=True)
class EtaEstimator:
    """Estimates time left from the rate observed so far."""

    started: float = field(default_factory=time.monotonic)

    def eta(self, done: float, total: float | None) -> float | None:
        if not total or done <= 0:
            return None
        elapsed = time.monotonic() - self.started
        return max(0.0, elapsed * (total - done) / done)


def throttled(callback: Callable[[Progress], None], interval_s: float = 0.1) -> Callable[[Progress], None]:
    """Wrap a callback so it fires at most every ``interval_s`` (always on the final item)."""
    last = [0.0]

    def _inner(p: Progress) -> None:
        now = time.monotonic()
        final = p.total is not None and p.done >= p.total
        if final or now - last[0] >= interval_s:
            last[0] = now
            callback(p)

    return _inner
