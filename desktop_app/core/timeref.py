"""Time expressions in a message, resolved against the message's own time ("yesterday" → 7 May 2023).

``resolve(text, ts_ms, tz)`` finds phrases such as "yesterday", "last Saturday", "two weeks ago",
"next month", "last summer" or "in 2022" and returns each with its absolute range (UTC ms, ``to_ms``
exclusive) and a natural label ("7 May 2023", "the week before 25 May 2023", "June 2023"). It is
pure and cheap: one pre-filter regex decides whether a text can hold a phrase at all, and only
then does the language's rule list run. Nothing is vague on purpose: "recently", "a few days ago"
or a bare "Friday" give no resolution rather than a guess.

Structure, so that other languages can follow: a language is a list of ``Rule`` (a regex and a
function from its match to an ``Intent``); intents ("day offset -1", "the weekday before",
"unit offset") are language-free and resolved by ``_range``. Labels are English for now.

The resolutions are stored in the vault by retrieval's sync (``retrieval/timerefs.py``, whose
``load`` reads them); this module stays a leaf that knows no vault.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Callable

GRANULARITIES = ("day", "week", "weekend", "month", "season", "year")


@dataclass(frozen=True)
class TimeRef:
    start: int        # char offset of the phrase in the text
    end: int
    phrase: str       # as written: "yesterday", "last Saturday", "two weeks ago", "in 2022"
    from_ms: int      # resolved range, UTC ms, inclusive
    to_ms: int        # exclusive
    granularity: str  # day | week | weekend | month | season | year
    label: str        # "7 May 2023", "the week before 25 May 2023", "June 2023", "summer 2023", "2022"

    def annotated(self) -> str:
        """The phrase with its resolution: "yesterday (7 May 2023)"."""
        return f"{self.phrase} ({self.label})"


# -- intents: what a phrase means, independent of the language it was written in ----------------

@dataclass(frozen=True)
class Intent:
    what: str        # day | weekday | unit | season | year | month | date
    n: int = 0       # offset (days for "day", units for "unit"), or -1/0/+1 direction
    unit: str = ""   # week | weekend | month | year (for "unit"); season name; weekday 0-6 as str
    year: int = 0
    month: int = 0
    day: int = 0


# (pattern, match → intent, needles): the pattern runs only on texts whose lower case holds a needle
# (the cheap test that keeps resolving fast); ``_DIGIT`` is any digit.
Rule = tuple["re.Pattern[str]", Callable[["re.Match[str]"], "Intent | None"], tuple[str, ...]]
_DIGIT = ("0", "1", "2", "3", "4", "5", "6", "7", "8", "9")
_DIRECTIONS = ("last", "this", "next", "past", "previous", "coming")

_MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                "October", "November", "December"]
_WEEKDAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_NUM_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
              "twelve"]
# Northern meteorological seasons (as retrieval/dates.py): start month, months long.
_SEASONS = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}


# -- English ------------------------------------------------------------------------------------

_EN_NUMBERS = {w: i for i, w in enumerate(_NUM_WORDS)}
_EN_NUMBERS.update({"a": 1, "an": 1, "a couple of": 2, "a couple": 2, "couple of": 2, "fifteen": 15, "twenty": 20,
                    "thirty": 30, "a single": 1})
_EN_MONTHS = {m.lower(): i + 1 for i, m in enumerate(_MONTH_NAMES)}
_EN_MONTHS.update({m[:3].lower(): i + 1 for i, m in enumerate(_MONTH_NAMES)})
_EN_MONTHS["sept"] = 9
_EN_WEEKDAYS = {d.lower(): i for i, d in enumerate(_WEEKDAY_NAMES)}
_EN_WEEKDAYS.update({"mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thur": 3, "thurs": 3, "fri": 4, "sat": 5,
                     "sun": 6})
_EN_DIRECTION = {"last": -1, "this past": -1, "past": -1, "previous": -1, "this": 0, "next": 1, "this coming": 1,
                 "coming": 1}

_NUM = r"(\d{1,2}|" + "|".join(sorted((re.escape(k) for k in _EN_NUMBERS), key=len, reverse=True)) + r")"
_MON = r"(" + "|".join(sorted((m for m in _EN_MONTHS if m != "may"), key=len, reverse=True)) + r"|may)"
_MON_FULL = "(" + "|".join(m.lower() for m in _MONTH_NAMES) + ")"   # a bare "in Jan" is too often not the month
_MONTH_NEEDLES = tuple(m.lower() for m in _MONTH_NAMES)
_WD_FULL = "|".join(d.lower() for d in _WEEKDAY_NAMES)
_WD_ANY = r"(" + "|".join(sorted(_EN_WEEKDAYS, key=len, reverse=True)) + r")"
_YEAR = r"((?:19|20)\d\d)"
_ORD = r"(?:st|nd|rd|th)?"
_UNIT = r"(day|week|weekend|month|year)s?"


def _num(word: str) -> int:
    w = " ".join(word.lower().split())
    return int(w) if w.isdigit() else _EN_NUMBERS[w]


def _en_full_date(day_first: bool) -> Callable[[re.Match[str]], Intent | None]:
    def f(m: re.Match[str]) -> Intent | None:
        d, mo = (m.group(1), m.group(2)) if day_first else (m.group(2), m.group(1))
        y = m.group(3)
        if not y and mo in ("may", "march"):
            return None   # "you may 5 times", "march 3 miles": lower case and no year is the verb
        return Intent("date", year=int(y) if y else 0, month=_EN_MONTHS[mo.lower().rstrip(".")], day=int(d))
    return f


def _rx(pattern: str) -> "re.Pattern[str]":
    return re.compile(r"(?<!\w)" + pattern + r"(?!\w)", re.I)


# Words that set the clause before "in May" (without its year) in the past or in what is to come.
_PAST = re.compile(r"\b(?:was|were|went|did|had|got|came|saw|met|made|took|left|ago|used\s+to)\b|"
                   r"\b(?:i|we|he|she|they|you)\s+(?:\w+ly\s+)?\w{2,}ed\b", re.I)
_FUTURE_WORDS = re.compile(r"\b(?:will|going\s+to|gonna|planning|plan\s+to|hope\s+to|can't\s+wait|is|are|am|"
                           r"getting|coming)\b|['’](?:ll|re|m|s)\b", re.I)


def _en_bare_month(m: re.Match[str]) -> Intent | None:
    word, month = " ".join(m.group(1).lower().split()), _EN_MONTHS[m.group(2).lower()]
    if word != "in":
        return Intent("month", _EN_DIRECTION[word], month=month)
    text = m.string
    clause = text[max(text.rfind(c, 0, m.start()) for c in ".!?;,") + 1:m.start()]
    if _PAST.search(clause):
        return Intent("month", -1, month=month)      # "we moved here in May"
    if _FUTURE_WORDS.search(clause):
        return Intent("month", 1, month=month)       # "we're getting married in May", "the exam is in May"
    return None


ENGLISH: list[Rule] = [
    # absolute dates first: they hold words the relative rules would take ("may")
    (_rx(r"(?:on\s+)?(?:the\s+)?(\d{1,2})" + _ORD + r"\s+(?:of\s+)?" + _MON + r"(?:\.?,?\s+" + _YEAR + r")?"),
     _en_full_date(True), _DIGIT),
    (_rx(r"(?:on\s+)?" + _MON + r"\.?\s+(\d{1,2})" + _ORD + r"(?:,?\s+" + _YEAR + r")?"), _en_full_date(False), _DIGIT),
    (_rx(r"((?:19|20)\d\d)-(\d\d)-(\d\d)"),
     lambda m: Intent("date", year=int(m.group(1)), month=int(m.group(2)), day=int(m.group(3))), _DIGIT),
    (_rx(r"(?:in\s+|during\s+)?(?:the\s+)?(spring|summer|autumn|fall|winter)\s+(?:of\s+)?" + _YEAR),
     lambda m: Intent("season", unit=m.group(1).lower(), year=int(m.group(2))), _DIGIT),
    (_rx(r"(?:in\s+|during\s+)?" + _MON + r"\.?,?\s+(?:of\s+)?" + _YEAR),
     lambda m: Intent("month", year=int(m.group(2)), month=_EN_MONTHS[m.group(1).lower().rstrip(".")]), _DIGIT),
    (_rx(r"(?:in|during|back in)\s+" + _YEAR), lambda m: Intent("year", year=int(m.group(1))), _DIGIT),
    # "in May" without a year: the May before the message when it tells the past, the May after when it tells
    # what is to come ("we're getting married in May"); neither told, no guess. "this / next / last May" say it.
    (_rx(r"(in|this|next|last|this\s+coming|this\s+past)\s+" + _MON_FULL + r"(?![\s,.]*\d)"), _en_bare_month, _MONTH_NEEDLES),
    # relative days
    (_rx(r"the\s+day\s+before\s+yesterday"), lambda m: Intent("day", -2), ("yesterday",)),
    (_rx(r"the\s+day\s+after\s+tomorrow"), lambda m: Intent("day", 2), ("tomorrow",)),
    (_rx(r"yesterday(?:\s+(?:morning|afternoon|evening|night))?|last\s+night"), lambda m: Intent("day", -1), ("yesterday", "last")),
    (_rx(r"tomorrow(?:\s+(?:morning|afternoon|evening|night))?"), lambda m: Intent("day", 1), ("tomorrow",)),
    (_rx(r"today|tonight|this\s+(?:morning|afternoon|evening)|earlier\s+today"), lambda m: Intent("day", 0), ("today", "tonight", "this")),
    # "two weeks ago", "a couple of days ago", "in three weeks"
    (_rx(_NUM + r"\s+" + _UNIT + r"\s+ago"), lambda m: Intent("unit", -_num(m.group(1)), m.group(2).lower()), ("ago",)),
    (_rx(r"in\s+" + _NUM + r"\s+" + _UNIT), lambda m: Intent("unit", _num(m.group(1)), m.group(2).lower()), ("in ",)),
    # "last week", "this past weekend", "next month", "this year"
    (_rx(r"(last|this\s+past|past|previous|this|next|this\s+coming|coming)\s+(week|weekend|month|year)(?!\s+of\b)"),
     lambda m: None if m.group(1).lower() in ("past", "previous", "coming") and m.group(2).lower() != "weekend"
     else Intent("unit", _EN_DIRECTION[" ".join(m.group(1).lower().split())], m.group(2).lower()), _DIRECTIONS),
    (_rx(r"over\s+the\s+weekend"), lambda m: Intent("unit", -1, "weekend+"), ("weekend",)),
    # "last Friday", "last Tues", "this Saturday", "next Monday"
    (_rx(r"(last|this\s+past|past|this|next|this\s+coming|coming)\s+" + _WD_ANY),
     lambda m: _en_weekday(m.group(1), m.group(2)), _DIRECTIONS),
    # "last summer", "this winter", "next spring"
    (_rx(r"(last|this\s+past|past|this|next|this\s+coming|coming)\s+(spring|summer|autumn|fall|winter)"),
     lambda m: Intent("season", _EN_DIRECTION[" ".join(m.group(1).lower().split())], m.group(2).lower()), _DIRECTIONS),
]


def _en_weekday(direction: str, day: str) -> Intent | None:
    d = " ".join(direction.lower().split())
    w = day.lower()
    if d in ("this", "coming", "this coming", "past") and not re.fullmatch(_WD_FULL, w):
        return None   # "this sun", "past wed": too often not a weekday; "last Fri"/"next Tues" are
    return Intent("weekday", _EN_DIRECTION[d], str(_EN_WEEKDAYS[w]))


# Cheap test before the rules: a text without any of these cannot hold a phrase.
_EN_PREFILTER = re.compile(
    r"yesterday|today|tonight|tomorrow|\bago\b|\blast\b|\bnext\b|\bthis\b|\bpast\b|\bprevious\b|\bcoming\b|weekend"
    r"|\b(?:19|20)\d\d\b|\bin\s+\w+\s+(?:day|week|month|year)|\bin\s+" + _MON_FULL + r"\b|" + r"\b" + _MON + r"\.?\s+\d|\d\s*(?:st|nd|rd|th)?\s+(?:of\s+)?"
    + _MON + r"\b", re.I)

LANGUAGES: dict[str, tuple["re.Pattern[str]", list[Rule]]] = {"en": (_EN_PREFILTER, ENGLISH)}
# Spanish, French, German, Portuguese and Italian (timeref_langs.py) join on first use (``_rules``): that
# module builds on this one.


def _rules(lang: str) -> tuple["re.Pattern[str]", list[Rule]]:
    if lang not in LANGUAGES:
        from desktop_app.core import timeref_langs as tl

        LANGUAGES.update(tl.LANGUAGES)
    return LANGUAGES.get(lang, LANGUAGES["en"])


# -- resolving intents --------------------------------------------------------------------------

def _zone(tz: str | dt.tzinfo | None) -> dt.tzinfo:
    if tz is None:
        return dt.timezone.utc
    if isinstance(tz, dt.tzinfo):
        return tz
    from desktop_app.core.timezone import UnknownZone, parse_zone

    try:
        return parse_zone(str(tz))
    except UnknownZone:
        return dt.timezone.utc


def _ms(day: dt.date, zone: dt.tzinfo) -> int:
    """Local midnight starting ``day`` as UTC ms (a DST day is 23 or 25 hours long)."""
    return int(dt.datetime.combine(day, dt.time()).replace(tzinfo=zone).timestamp() * 1000)


def _day_label(d: dt.date) -> str:
    return f"{d.day} {_MONTH_NAMES[d.month - 1]} {d.year}"


def _count(n: int, unit: str) -> str:
    word = _NUM_WORDS[n] if n < len(_NUM_WORDS) else str(n)
    return f"{word} {unit}s"


def _add_months(year: int, month: int, n: int) -> tuple[int, int]:
    k = year * 12 + (month - 1) + n
    return k // 12, k % 12 + 1


def _season_span(name: str, year: int) -> tuple[dt.date, dt.date, str]:
    """The season that *starts* in ``year`` (winter: December of ``year`` to February)."""
    start_m = _SEASONS[name]
    first = dt.date(year, start_m, 1)
    y2, m2 = _add_months(year, start_m, 3)
    label = f"winter {year}/{str(year + 1)[2:]}" if name == "winter" else f"{'autumn' if name == 'fall' else name} {year}"
    return first, dt.date(y2, m2, 1), label


def _season_of(name: str, day: dt.date, direction: int) -> tuple[dt.date, dt.date, str]:
    spans = [_season_span(name, y) for y in (day.year - 2, day.year - 1, day.year, day.year + 1)]
    if direction < 0:   # the latest that has ended by that day (the one just over, said in autumn)
        return [s for s in spans if s[1] <= day][-1]
    current = [s for s in spans if s[0] <= day < s[1]]
    if direction == 0:  # the one we are in, else the next one to come
        return current[0] if current else [s for s in spans if s[0] > day][0]
    return [s for s in spans if s[0] > day][0]


def _weekend_before(day: dt.date) -> dt.date:
    """The Saturday of the last weekend that ended before ``day``."""
    back = (day.weekday() - 5) % 7 or 7       # Mon → 2 days back to Sat; Sat → the Saturday before
    sat = day - dt.timedelta(days=back)
    return sat if sat + dt.timedelta(days=1) < day else sat - dt.timedelta(days=7)


def _range(intent: Intent, ts_ms: int, zone: dt.tzinfo) -> tuple[dt.date, dt.date, str, str] | None:
    """(first day, day after the last, granularity, label) for an intent said at ``ts_ms``."""
    said = dt.datetime.fromtimestamp(ts_ms / 1000, dt.timezone.utc).astimezone(zone).date()
    one = dt.timedelta(days=1)
    w = intent.what
    if w == "day":
        d = said + dt.timedelta(days=intent.n)
        return d, d + one, "day", _day_label(d)
    if w == "date":
        year = intent.year
        if not year:   # "on 5 May": the nearest such date to the message
            best = None
            for y in (said.year - 1, said.year, said.year + 1):
                try:
                    cand = dt.date(y, intent.month, intent.day)
                except ValueError:
                    continue
                if best is None or abs((cand - said).days) < abs((best - said).days):
                    best = cand
            if best is None:
                return None
            d = best
        else:
            try:
                d = dt.date(year, intent.month, intent.day)
            except ValueError:
                return None
        return d, d + one, "day", _day_label(d)
    if w == "month" and not intent.year:   # "in May": the one before or after the message (n), or this one (0)
        year = said.year
        if intent.n < 0 and intent.month > said.month or intent.n > 0 and intent.month < said.month:
            year += intent.n
        intent = Intent("month", year=year, month=intent.month)
    if w == "month":
        y2, m2 = _add_months(intent.year, intent.month, 1)
        return dt.date(intent.year, intent.month, 1), dt.date(y2, m2, 1), "month", \
            f"{_MONTH_NAMES[intent.month - 1]} {intent.year}"
    if w == "year":
        return dt.date(intent.year, 1, 1), dt.date(intent.year + 1, 1, 1), "year", str(intent.year)
    if w == "season":
        if intent.year:
            a, b, label = _season_span(intent.unit, intent.year - (1 if intent.unit == "winter" else 0))
        else:
            a, b, label = _season_of(intent.unit, said, intent.n)
        return a, b, "season", label
    if w == "weekday":
        wd = int(intent.unit)
        if intent.n < 0:
            d = said - dt.timedelta(days=(said.weekday() - wd) % 7 or 7)
        elif intent.n == 0:
            d = said + dt.timedelta(days=(wd - said.weekday()) % 7)
        else:
            d = said + dt.timedelta(days=(wd - said.weekday()) % 7 or 7)
        return d, d + one, "day", _day_label(d)
    if w == "unit":
        unit, n = intent.unit, intent.n
        when = _day_label(said)
        if unit == "day":
            d = said + dt.timedelta(days=n)
            return d, d + one, "day", _day_label(d)
        if unit == "week":
            if n == 0:
                mon = said - dt.timedelta(days=said.weekday())
                return mon, mon + dt.timedelta(days=7), "week", f"the week of {when}"
            if n < 0:
                a = said + dt.timedelta(days=7 * n)
                label = f"the week before {when}" if n == -1 else f"{_count(-n, 'week')} before {when}"
            else:
                a = said + dt.timedelta(days=7 * (n - 1) + 1)
                label = f"the week after {when}" if n == 1 else f"{_count(n, 'week')} after {when}"
            return a, a + dt.timedelta(days=7), "week", label
        if unit in ("weekend", "weekend+"):
            if unit == "weekend+" and said.weekday() >= 5:   # "over the weekend" said on Sat/Sun: this one
                sat = said - dt.timedelta(days=said.weekday() - 5)
                return sat, sat + 2 * one, "weekend", f"the weekend of {_day_label(sat)}"
            if n < 0:
                sat = _weekend_before(said) - dt.timedelta(days=7 * (-n - 1))
                label = f"the weekend before {when}" if n == -1 else f"{_count(-n, 'weekend')} before {when}"
            elif n == 0:
                sat = said + dt.timedelta(days=(5 - said.weekday()) % 7) if said.weekday() != 6 else said - one
                label = f"the weekend of {_day_label(sat)}"
            else:
                sat = said + dt.timedelta(days=(5 - said.weekday()) % 7 or 7) + dt.timedelta(days=7 * (n - 1))
                label = f"the weekend after {when}" if n == 1 else f"{_count(n, 'weekend')} after {when}"
            return sat, sat + 2 * one, "weekend", label
        if unit == "month":
            y, m = _add_months(said.year, said.month, n)
            y2, m2 = _add_months(y, m, 1)
            return dt.date(y, m, 1), dt.date(y2, m2, 1), "month", f"{_MONTH_NAMES[m - 1]} {y}"
        if unit == "year":
            y = said.year + n
            return dt.date(y, 1, 1), dt.date(y + 1, 1, 1), "year", str(y)
    return None


def resolve(text: str, ts_ms: int, tz: str | dt.tzinfo | None = None, *, lang: str = "en") -> list[TimeRef]:
    """Time phrases in ``text`` resolved against ``ts_ms`` (the message's time) read in zone ``tz``.

    ``lang``: "en", "es", "fr", "de", "pt", "it", or "auto" (guessed from the text's own words: a thread's language is
    better guessed from many of its messages, timeref_langs.guess).
    ``tz`` is an IANA name, a tzinfo, or None for UTC. Overlapping matches keep the earliest and
    then the longest. Returns [] quickly for texts without a candidate word.
    """
    if not text or ts_ms is None:
        return []
    if lang == "auto":
        from desktop_app.core.timeref_langs import guess

        lang = guess(text)
    prefilter, rules = _rules(lang)
    if prefilter.search(text) is None:
        return []
    zone = _zone(tz)
    low = text.lower()
    found: list[tuple[int, int, Intent]] = []
    for rx, fn, needles in rules:
        if not any(n in low for n in needles):
            continue
        for m in rx.finditer(text):
            try:
                intent = fn(m)
            except (KeyError, ValueError):
                intent = None
            if intent is not None:
                found.append((m.start(), m.end(), intent))
    if not found:
        return []
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    out: list[TimeRef] = []
    taken_to = -1
    for start, end, intent in found:
        if start < taken_to:
            continue
        try:
            rng = _range(intent, int(ts_ms), zone)
        except (ValueError, OverflowError, IndexError):
            rng = None
        if rng is None:
            continue
        a, b, gran, label = rng
        out.append(TimeRef(start, end, text[start:end], _ms(a, zone), _ms(b, zone), gran, label))
        taken_to = end
    return out


def annotate(text: str, refs: list[TimeRef]) -> str:
    """``text`` with each resolution after its phrase: "I went yesterday (7 May 2023)"."""
    out, pos = [], 0
    for r in sorted(refs, key=lambda r: r.start):
        if r.start < pos or text[r.start:r.end] != r.phrase:
            continue
        out.append(text[pos:r.end])
        out.append(f" ({r.label})")
        pos = r.end
    out.append(text[pos:])
    return "".join(out)
