"""Timestamps to UTC milliseconds: epoch seconds/ms, ISO-8601, and localized human dates (HTML, WhatsApp)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

# Sane window: Facebook started 2004, but imported phone data/EXIF can be older; refuse nonsense.
MIN_MS = 0
MAX_MS = 4102444800000  # 2100-01-01


def epoch_ms(value: Any, *, unit: str = "auto") -> int | None:
    """Seconds or milliseconds since the epoch → UTC ms; 0, negatives, garbage and far futures → None."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, str):
        value = value.strip()
        if not re.fullmatch(r"-?\d{1,16}(\.\d+)?", value):
            return None
        value = float(value)
    if not isinstance(value, (int, float)):
        return None
    if value != value:  # NaN
        return None
    if unit == "s" or (unit == "auto" and abs(value) < 1e11):
        ms = int(round(value * 1000))
    else:
        ms = int(value)
    if ms <= MIN_MS or ms > MAX_MS:
        return None
    return ms


def iso_ms(value: Any) -> int | None:
    """ISO-8601 (IG-1 ``created_at``), naive means UTC."""
    if not isinstance(value, str) or not value:
        return None
    s = value.strip().replace("Z", "+00:00")
    try:
        d = dt.datetime.fromisoformat(s)
    except ValueError:
        return None
    if d.tzinfo is None:
        d = d.replace(tzinfo=dt.timezone.utc)
    ms = int(d.timestamp() * 1000)
    return ms if MIN_MS < ms <= MAX_MS else None


# -- localized human dates ----------------------------------------------------------------------
_MONTHS: dict[str, int] = {}
for _i, _names in enumerate([
    "jan january janvier janv januar enero ene gennaio gen janeiro januari styczeń stycznia sty jänner ocak",
    "feb february février févr februar febrero febbraio fevereiro fev februari luty lutego lut şubat",
    "mar march mars märz marzo março maart marts mars marca marzec",
    "apr april avril abril aprile abr kwiecień kwietnia kwi nisan",
    "may mai mayo maggio mag maio mei maj maja",
    "jun june juin juni junio giugno giu junho czerwiec czerwca cze haziran",
    "jul july juillet juil juli julio luglio lug julho lipiec lipca lip temmuz",
    "aug august août aout agosto ago augustus augusti sierpień sierpnia sie ağustos",
    "sep sept september septembre septiembre settembre set setembro wrzesień września wrz eylül",
    "oct october octobre oktober octubre ottobre ott outubro out okt październik października paź ekim",
    "nov november novembre noviembre novembro listopad listopada lis kasım",
    "dec december décembre déc dezember diciembre dic dicembre dezembro dez grudzień grudnia gru aralık",
], start=1):
    for _n in _names.split():
        _MONTHS.setdefault(_n, _i)

_TZ_ABBR = {"utc": 0, "gmt": 0, "pst": -8, "pdt": -7, "mst": -7, "mdt": -6, "cst": -6, "cdt": -5, "est": -5,
            "edt": -4, "cet": 1, "cest": 2, "bst": 1, "eet": 2, "eest": 3}

_TOKEN = re.compile(r"[A-Za-zÀ-ÿąćęłńóśźżĄĆĘŁŃÓŚŹŻşŞğĞıİ]+\.?|\d+")


def human_ms(text: str, *, day_first: bool | None = None, offset_min: int = 0) -> int | None:
    """Parse a localized date like "Sep 03, 2009 5:11:57 am", "01 Jan 2020, 10:03",
    "Friday, October 4, 2013 at 10:05pm PDT", "31/12/2020, 23:59", "2020-12-31 23:59:00".

    Structure, not English words: a month name in any of a dozen languages or a numeric date,
    then an optional time with am/pm. ``offset_min`` is the export's UTC offset when known.
    """
    if not text:
        return None
    s = text.strip().lower()
    m = re.search(r"(\d{4})-(\d{1,2})-(\d{1,2})[ t,]+(\d{1,2}):(\d{2})(?::(\d{2}))?", s)
    if m:
        y, mo, d, hh, mi, ss = (int(x or 0) for x in m.groups())
        return _mk(y, mo, d, hh, mi, ss, offset_min)
    # "14:05", "14h05"; "14.05" only when not part of a dotted date such as 03.01.2020
    time_m = re.search(r"(\d{1,2})[:h](\d{2})(?::(\d{2}))?\s*([ap]\.?\s?m\.?)?", s) or \
        re.search(r"(?<![\d.])(\d{1,2})\.(\d{2})(?:\.(\d{2}))?(?![\d.])\s*([ap]\.?\s?m\.?)?", s)
    hh = mi = ss = 0
    date_part = s
    if time_m:
        hh, mi, ss = int(time_m.group(1)), int(time_m.group(2)), int(time_m.group(3) or 0)
        ap = (time_m.group(4) or "").replace(".", "").replace(" ", "")
        if ap == "pm" and hh < 12:
            hh += 12
        elif ap == "am" and hh == 12:
            hh = 0
        date_part = s[:time_m.start()] + " " + s[time_m.end():]
    tz_off = offset_min
    for abbr, hours in _TZ_ABBR.items():
        if re.search(rf"\b{abbr}\b", date_part):
            tz_off = hours * 60
            break
    mnum = re.search(r"(\d{1,4})[/.\-](\d{1,2})[/.\-](\d{1,4})", date_part)
    if mnum:
        a, b, c = (int(x) for x in mnum.groups())
        if a > 31:
            y, mo, d = a, b, c
        else:
            y = c + 2000 if c < 100 else c
            if day_first is None:
                day_first = not (b > 12)
            d, mo = (a, b) if day_first else (b, a)
        return _mk(y, mo, d, hh, mi, ss, tz_off)
    month = None
    nums: list[int] = []
    for tok in _TOKEN.findall(date_part):
        if tok.isdigit():
            nums.append(int(tok))
        elif month is None:
            month = _MONTHS.get(tok.rstrip("."))
    if month is None or len(nums) < 2:
        return None
    year = next((n for n in nums if n > 31), None)
    day = next((n for n in nums if 1 <= n <= 31), None)
    if year is None or day is None:
        return None
    return _mk(year, month, day, hh, mi, ss, tz_off)


def _mk(y: int, mo: int, d: int, hh: int, mi: int, ss: int, offset_min: int) -> int | None:
    try:
        t = dt.datetime(y, mo, d, hh, mi, ss, tzinfo=dt.timezone.utc)
    except ValueError:
        return None
    ms = int(t.timestamp() * 1000) - offset_min * 60_000
    return ms if MIN_MS < ms <= MAX_MS else None
