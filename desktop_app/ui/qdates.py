"""Calendar days in date boxes ↔ UTC milliseconds, the vault's time unit, through this computer's
time zone (the one time-zone policy: a day picked is that day where the user lives)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate


def day_ms(d: QDate) -> int:
    """Local midnight at the start of the day."""
    from desktop_app.core.timezone import day_range, local_zone

    return day_range(dt.date(d.year(), d.month(), d.day()), local_zone())[0]


def ms_day(ms: int) -> QDate:
    """The local day holding this instant."""
    from desktop_app.core.timezone import local_zone

    day = dt.datetime.fromtimestamp(ms / 1000, dt.timezone.utc).astimezone(local_zone())
    return QDate(day.year, day.month, day.day)
