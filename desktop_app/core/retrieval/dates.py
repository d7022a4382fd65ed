"""Plain-language dates in a query ("last summer", "in 2019", "in March 2020", "on 3 June 2023", "before I moved").

Only unambiguous phrases become a date range; the phrase is then removed from the query text.
Seasons are the northern meteorological ones (summer = June to August). All ranges are UTC.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    from desktop_app.core.store.vault import Vault

_MONTHS = {m: i + 1 for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"])}
_MONTHS.update({m[:3]: i for m, i in list(_MONTHS.items())})
_MONTHS["sept"] = 9
_SEASONS = {"spring": (3, 6), "summer": (6, 9), "autumn": (9, 12), "fall": (9, 12), "winter": (12, 15)}
_YEAR = r"(19[5-9]\d|20\d\d)"
_MON = r"(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_SEA = r"(spring|summer|autumn|fall|winter)"

MOVE_SETTING = "profile.move_date"   # "YYYY-MM-DD", UTC ms, or {"date": ...} from desktop_app.core.profile.move


@dataclass(frozen=True)
class DateHint:
    date_from_ms: int | None
    date_to_ms: int | None
    phrase: str


def _ms(y: int, m: int, d: int = 1, zone: dt.tzinfo = dt.timezone.utc) -> int:
    """Local midnight of that day in ``zone`` (the user's time-zone policy), as UTC ms."""
    y += (m - 1) // 12
    m = (m - 1) % 12 + 1
    return int(dt.datetime(y, m, d, tzinfo=zone).timestamp() * 1000) if zone is dt.timezone.utc else \
        _local_ms(dt.date(y, m, d), zone)


def _local_ms(day: dt.date, zone: dt.tzinfo) -> int:
    from desktop_app.core.timezone import day_range

    return day_range(day, zone)[0]


def _day(y: int, m: int, d: int, zone: dt.tzinfo) -> tuple[int, int] | None:
    try:
        day = dt.date(y, m, d)
    except ValueError:   # "31 June 2023": not a day, the words stay words
        return None
    nxt = day + dt.timedelta(days=1)
    return _ms(day.year, day.month, day.day, zone=zone), _ms(nxt.year, nxt.month, nxt.day, zone=zone)


def _season(year: int, name: str, zone: dt.tzinfo = dt.timezone.utc) -> tuple[int, int]:
    a, b = _SEASONS[name]
    if name == "winter":  # "winter 2020" is Dec 2019 - Feb 2020: the winter that ends in that year
        return _ms(year - 1, 12, zone=zone), _ms(year, 3, zone=zone)
    return _ms(year, a, zone=zone), _ms(year, b, zone=zone)


def _last_season(now: dt.datetime, name: str, zone: dt.tzinfo = dt.timezone.utc) -> tuple[int, int]:
    """The most recent such season that has ended before ``now``."""
    now_ms = int(now.timestamp() * 1000)
    for year in (now.year + 1, now.year, now.year - 1):
        lo, hi = _season(year, name, zone)
        if hi <= now_ms:
            return lo, hi
    return _season(now.year - 1, name, zone)


def _move_ms(vault: Vault | None) -> int | None:
    if vault is None:
        return None
    try:
        value = vault.get_setting(MOVE_SETTING)
    except Exception:  # noqa: BLE001 - no settings table or locked: the phrase stays plain text
        return None
    if isinstance(value, dict):   # the profile's derived form: {"date": "YYYY-MM-DD", "derived": true, ...}
        value = value.get("date")
    if isinstance(value, (int, float)):
        return int(value)
    if isinstance(value, str):
        try:   # a local date (the profile stores the move day as the user saw it)
            d = dt.datetime.strptime(value.strip()[:10], "%Y-%m-%d").date()
        except ValueError:
            return None
        return _ms(d.year, d.month, d.day, zone=_zone(vault))
    return None


def _zone(vault: Vault | None) -> dt.tzinfo:
    """The vault's zone (timezone.zone_for): "March 2024" is March where the user lives."""
    if vault is None:
        return dt.timezone.utc
    from desktop_app.core.timezone import zone_for

    try:
        return zone_for(vault)
    except Exception:  # noqa: BLE001 - a vault without settings yet: UTC, as before
        return dt.timezone.utc


def extract_dates(query: str, *, now_ms: int | None = None, vault: Vault | None = None) -> tuple[str, DateHint | None]:
    """Return the query without its date phrase, and the range it names (or None)."""
    z = _zone(vault)
    now = dt.datetime.fromtimestamp((now_ms if now_ms is not None else dt.datetime.now(dt.timezone.utc).timestamp()
                                     * 1000) / 1000, dt.timezone.utc).astimezone(z)

    def ms(y: int, m: int) -> int:
        return _ms(y, m, zone=z)

    q = query
    found: list[tuple[re.Match[str], int | None, int | None]] = []

    def rule(pattern: str, fn: Callable[[re.Match[str]], tuple[int | None, int | None] | None]) -> None:
        if found:
            return
        m = re.search(pattern, q, re.I)
        if m:
            rng = fn(m)
            if rng is not None:
                found.append((m, rng[0], rng[1]))

    # a day: "on 13 October 2023", "October 13th, 2023", "3 June, 2023" (the local day)
    rule(r"\b(?:on\s+)?(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MON + r",?\s+" + _YEAR + r"\b",
         lambda m: _day(int(m.group(3)), _MONTHS[m.group(2).lower()], int(m.group(1)), z))
    rule(r"\b(?:on\s+)?" + _MON + r"\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+" + _YEAR + r"\b",
         lambda m: _day(int(m.group(3)), _MONTHS[m.group(1).lower()], int(m.group(2)), z))
    rule(r"\b(?:in|during|from)?\s*(?:the\s+)?" + _SEA + r"\s+(?:of\s+)?" + _YEAR + r"\b",
         lambda m: _season(int(m.group(2)), m.group(1).lower(), z))
    rule(r"\b(?:in|during|from)?\s*" + _MON + r"\s+(?:of\s+)?" + _YEAR + r"\b",
         lambda m: (ms(int(m.group(2)), _MONTHS[m.group(1).lower()]),
                    ms(int(m.group(2)), _MONTHS[m.group(1).lower()] + 1)))
    rule(r"\b(?:before|until|till|prior to)\s+" + _YEAR + r"\b", lambda m: (None, ms(int(m.group(1)), 1)))
    rule(r"\b(?:after)\s+" + _YEAR + r"\b", lambda m: (ms(int(m.group(1)) + 1, 1), None))
    rule(r"\b(?:since)\s+" + _YEAR + r"\b", lambda m: (ms(int(m.group(1)), 1), None))
    rule(r"\b(?:in|during|from|back in)\s+" + _YEAR + r"\b",
         lambda m: (ms(int(m.group(1)), 1), ms(int(m.group(1)) + 1, 1)))
    rule(r"\blast\s+" + _SEA + r"\b", lambda m: _last_season(now, m.group(1).lower(), z))
    rule(r"\b(?:in\s+)?last\s+year\b", lambda m: (ms(now.year - 1, 1), ms(now.year, 1)))
    rule(r"\b(?:in\s+)?this\s+year\b", lambda m: (ms(now.year, 1), None))
    rule(r"\b(?:in\s+)?last\s+month\b", lambda m: (ms(now.year, now.month - 1), ms(now.year, now.month)))
    move = _move_ms(vault)
    if move is not None:
        rule(r"\bbefore\s+(?:I|we)\s+moved\b", lambda m: (None, move))
        rule(r"\bafter\s+(?:I|we)\s+moved\b", lambda m: (move, None))
    if not found:
        return query, None
    m, lo, hi = found[0]
    rest = (q[:m.start()] + " " + q[m.end():]).strip()
    rest = re.sub(r"\s{2,}", " ", rest)
    rest = re.sub(r"\s+([?.!,])", r"\1", rest)
    return rest, DateHint(lo, hi, m.group(0).strip())
