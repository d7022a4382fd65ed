"""Calendar days in date boxes ↔ UTC milliseconds, the vault's time unit."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate


def day_ms(d: QDate) -> int:
    """Midnight UTC at the start of the day."""
    return int(dt.datetime(d.year(), d.month(), d.day(), tzinfo=dt.timezone.utc).timestamp() * 1000)


def ms_day(ms: int) -> QDate:
    """The UTC day holding this instant."""
    day = dt.datetime.fromtimestamp(ms / 1000, dt.timezone.utc)
    return QDate(day.year, day.month, day.day)
