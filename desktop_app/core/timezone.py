"""The one time-zone policy: every day, hour and month the core computes is in the vault's zone.

The zone is a vault setting (``TIMEZONE_SETTING``, an IANA name or "UTC"); unset, it is this
computer's zone, found portably (``TZ``, the ``/etc/localtime`` link on Linux and macOS, else the
C library's current offset). Records keep UTC milliseconds; only the reading changes:

- ``zone_for(vault)`` / ``local_zone()``: the tzinfo to use;
- ``to_local(ts_ms, zone)``: an aware local datetime;
- ``day_range`` / ``month_range`` / ``year_range``: a local calendar span as UTC ms ``[start, end)``;
- ``local_date_range(d0, d1, zone)``: local days ``d0..d1`` inclusive as UTC ms ``[start, end)``;
- ``sql_local(col, zone_or_offset)``: an SQLite expression for a column read in local time.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from desktop_app.core.errors import KnownError

TIMEZONE_SETTING = "timezone"
_UTC_NAMES = ("UTC", "Z", "GMT", "ETC/UTC", "ETC/GMT")


class UnknownZone(KnownError):
    exit_code = 2


def local_zone_name() -> str | None:
    """This computer's IANA zone name where the OS exposes one (``TZ``, then ``/etc/localtime``)."""
    tz = os.environ.get("TZ", "").lstrip(":").strip()
    if tz:
        if tz.upper() in _UTC_NAMES:
            return "UTC"
        if "/" in tz and not tz.startswith("/"):
            return tz
    try:
        target = str(Path("/etc/localtime").resolve())
    except OSError:
        return None
    i = target.find("zoneinfo/")
    return target[i + len("zoneinfo/"):] if i >= 0 and not tz else None


def local_zone() -> dt.tzinfo:
    """This computer's zone: the IANA zone when known (DST-correct), else today's fixed offset."""
    name = local_zone_name()
    if name:
        try:
            return parse_zone(name)
        except UnknownZone:
            pass
    return dt.datetime.now().astimezone().tzinfo or dt.timezone.utc


def parse_zone(name: str) -> dt.tzinfo:
    """An IANA name or UTC → tzinfo; anything else is a one-line ``UnknownZone``."""
    n = (name or "").strip()
    if n.upper() in _UTC_NAMES:
        return dt.timezone.utc
    try:
        return ZoneInfo(n)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise UnknownZone(f"Unknown time zone {name!r}: use an IANA name like Europe/Berlin, or UTC.") from None


def zone_name(zone: dt.tzinfo) -> str:
    """A name to show for ``zone`` ('Europe/Berlin', 'UTC', or the offset's abbreviation)."""
    if zone is dt.timezone.utc:
        return "UTC"
    key = getattr(zone, "key", None)
    return key or dt.datetime.now(zone).tzname() or "local"


def zone_for(vault: Any | None) -> dt.tzinfo:
    """The vault's chosen zone, else this computer's (also when the stored name is no longer known)."""
    if vault is not None:
        name = vault.get_setting(TIMEZONE_SETTING)
        if isinstance(name, str) and name.strip():
            try:
                return parse_zone(name)
            except UnknownZone:
                pass
    return local_zone()


def set_zone(vault: Any, name: str | None) -> str:
    """Store the vault's zone (``None`` or "" = follow this computer); returns the name now in use."""
    if not name or not name.strip():
        vault.delete_setting(TIMEZONE_SETTING)
        return zone_name(local_zone())
    parse_zone(name)
    stored = "UTC" if name.strip().upper() in _UTC_NAMES else name.strip()
    vault.set_setting(TIMEZONE_SETTING, stored)
    return stored


def to_local(ts_ms: int, zone: dt.tzinfo) -> dt.datetime:
    """UTC milliseconds → aware datetime in ``zone``."""
    return dt.datetime.fromtimestamp(ts_ms / 1000, dt.timezone.utc).astimezone(zone)


def _ms(local: dt.datetime, zone: dt.tzinfo) -> int:
    return int(local.replace(tzinfo=zone).timestamp() * 1000)


def local_date_range(first: dt.date, last: dt.date, zone: dt.tzinfo) -> tuple[int, int]:
    """Local calendar days ``first..last`` (inclusive) as UTC ms ``[start, end)``; DST days are 23 or 25 h."""
    start = dt.datetime.combine(first, dt.time())
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time())
    return _ms(start, zone), _ms(end, zone)


def day_range(day: dt.date, zone: dt.tzinfo) -> tuple[int, int]:
    return local_date_range(day, day, zone)


def month_range(year: int, month: int, zone: dt.tzinfo) -> tuple[int, int]:
    first = dt.date(year, month, 1)
    nxt = dt.date(year + month // 12, month % 12 + 1, 1)
    return local_date_range(first, nxt - dt.timedelta(days=1), zone)


def year_range(year: int, zone: dt.tzinfo) -> tuple[int, int]:
    return local_date_range(dt.date(year, 1, 1), dt.date(year, 12, 31), zone)


def offset_minutes(ts_ms: int, zone: dt.tzinfo) -> int:
    """The zone's UTC offset at that instant, in minutes (for SQL that groups by local day or hour)."""
    off = to_local(ts_ms, zone).utcoffset()
    return int(off.total_seconds() // 60) if off else 0


def sql_local(col: str, offset_min: int) -> str:
    """SQLite datetime expression for ``col`` (UTC ms) read at a fixed offset; for exact DST handling
    over long spans, group in Python with ``to_local`` instead."""
    return f"datetime({col} / 1000, 'unixepoch', '{offset_min:+d} minutes')"
