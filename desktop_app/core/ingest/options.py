"""What the user chose to import: excluded categories, date range, threads and people."""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from desktop_app.core.errors import KnownError
from desktop_app.core.importers.vfs import DEFAULT_LIMITS, Limits


def fold(s: str) -> str:
    return unicodedata.normalize("NFC", s or "").strip().casefold()


def parse_date_ms(s: str | None, *, end: bool = False, zone: dt.tzinfo | None = None) -> int | None:
    """YYYY-MM-DD as local midnight (``zone``, default this computer's: the one time-zone policy);
    ``end`` makes the bound exclusive at the next midnight."""
    from desktop_app.core.timezone import day_range, local_zone

    if not s:
        return None
    try:
        d = dt.datetime.strptime(s.strip(), "%Y-%m-%d").date()
    except ValueError:
        raise KnownError(f"Dates must look like 2024-05-31 (got {s!r}).") from None
    lo, hi = day_range(d, zone or local_zone())
    return hi if end else lo


@dataclass
class ImportOptions:
    exclude_categories: set[str] = field(default_factory=set)
    since_ms: int | None = None            # inclusive
    until_ms: int | None = None            # exclusive
    exclude_threads: set[str] = field(default_factory=set)   # titles, keys or folder names (case-insensitive)
    exclude_people: set[str] = field(default_factory=set)    # display names (case-insensitive)
    # Records per committed batch (a batch also ends at service.BATCH_TEXT_CHARS of text). The
    # random-key content_hash index gets most of its pages dirtied by any large batch, so each commit
    # re-encrypts it: fewer commits pay (1M: 54 -> 42 CPU s from 20k to 100k), but the batch is held
    # in memory until committed: 50k keeps peak RSS flat (see service.IMPORT_CACHE_KIB).
    batch_size: int = 50000
    limits: Limits = DEFAULT_LIMITS
    # Zone for WhatsApp's zone-less clock readings (IANA name or "UTC"); "" = this machine's zone.
    whatsapp_zone: str = ""
    # Tests only: stop as a user's cancel would, once this many batches are committed (a deterministic
    # pause point for cancel/resume tests, which otherwise race the import). Not kept in the job.
    stop_after_batches: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"exclude_categories": sorted(self.exclude_categories), "since_ms": self.since_ms,
                "until_ms": self.until_ms, "exclude_threads": sorted(self.exclude_threads),
                "exclude_people": sorted(self.exclude_people), "batch_size": self.batch_size,
                "whatsapp_zone": self.whatsapp_zone}

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> "ImportOptions":
        d = d or {}
        return cls(exclude_categories=set(d.get("exclude_categories", ())), since_ms=d.get("since_ms"),
                   until_ms=d.get("until_ms"), exclude_threads=set(d.get("exclude_threads", ())),
                   exclude_people=set(d.get("exclude_people", ())), batch_size=int(d.get("batch_size", cls.batch_size)),
                   whatsapp_zone=str(d.get("whatsapp_zone") or ""))

    @property
    def people(self) -> set[str]:
        return {fold(p) for p in self.exclude_people}

    @property
    def threads(self) -> set[str]:
        return {fold(t) for t in self.exclude_threads}

    def date_ok(self, ts: int | None) -> bool:
        if ts is None:
            return True
        if self.since_ms is not None and ts < self.since_ms:
            return False
        if self.until_ms is not None and ts >= self.until_ms:
            return False
        return True


def check_zone(name: str) -> str:
    """``name`` if it is a time zone this machine knows (IANA name or UTC), else a KnownError."""
    from desktop_app.core.importers.jsonio import FileError
    from desktop_app.core.importers.whatsapp import chat_zone

    try:
        chat_zone(name)
    except FileError:
        raise KnownError(f"Unknown time zone {name!r}: use an IANA name like Europe/Berlin, or UTC.") from None
    return name.strip()
