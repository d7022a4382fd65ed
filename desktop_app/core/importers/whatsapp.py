"""WhatsApp "Export chat" files (.txt, or .zip with media): iOS ``[date, time] Name: text`` and
Android ``date, time - Name: text`` lines, 12/24-hour clocks, D/M or M/D or Y-M-D dates,
multi-line messages and system lines. Times are the phone's local clock (no zone in the file):
they are placed in the zone of the machine running the import, or in ``HEARTH_WHATSAPP_TZ`` (an
IANA name such as ``Europe/Berlin``, or ``UTC``), per timestamp so DST applies. The clock reading
itself (as if it were UTC) is kept in ``extra["wall_ms"]``, which the content hash uses instead of
the time, so re-importing the chat with another zone adds nothing twice."""

from __future__ import annotations

import datetime as dt
import os
import re
from typing import Iterator
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from desktop_app.core.domain import OwnerHint, Record, Thread
from desktop_app.core.importers import jsonio
from desktop_app.core.importers.base import Ctx, Item, Task
from desktop_app.core.importers.timeutil import MAX_MS, MIN_MS, _mk

ZONE_ENV = "HEARTH_WHATSAPP_TZ"

_DATE = r"(?P<a>\d{1,4})[./-](?P<b>\d{1,2})[./-](?P<c>\d{1,4})"
_TIME = r"(?P<h>\d{1,2})[:.](?P<m>\d{2})(?:[:.](?P<s>\d{2}))?(?:\s?(?P<ap>[AaPp])\.?\s?[Mm]\.?)?"
_IOS = re.compile(r"^\[" + _DATE + r",?\s+" + _TIME + r"\]\s(?P<rest>.*)$")
_ANDROID = re.compile(r"^" + _DATE + r",?\s+" + _TIME + r"\s[-–]\s(?P<rest>.*)$")
_ATTACHED = re.compile(r"<attached: ([^>]+)>|^(\S+\.\w{2,4}) \((?:file attached|fichier joint|Datei angehängt|archivo adjunto)\)")
_INVISIBLE = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202c\ufeff"), None)


def chat_name(task: Task) -> str:
    base = task.path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    if base.lower() == "_chat":
        base = task.entries[0].source.path.stem
    m = re.match(r"(?i)^whatsapp chat (?:with |- |mit |avec |con )?(.*)$", base)
    return (m.group(1) if m else base).strip() or "WhatsApp chat"


def _lines(text: str) -> Iterator[tuple[dict, str] | str]:
    for raw in text.splitlines():
        line = raw.translate(_INVISIBLE)
        m = _IOS.match(line) or _ANDROID.match(line)
        if m:
            yield (m.groupdict(), m.group("rest"))
        else:
            yield line


def parse(ctx: Ctx, task: Task) -> Iterator[Item]:
    text = jsonio.decode_text(task.entries[0].read())
    rows = list(_lines(text))
    heads = [r[0] for r in rows if isinstance(r, tuple)]
    if not heads:
        raise jsonio.FileError("no WhatsApp message lines found")
    day_first = _day_first(heads)
    zone, zone_name = chat_zone(task.export.zone)
    name = chat_name(task)
    key = "whatsapp:" + re.sub(r"\s+", " ", name).casefold()
    msgs: list[dict] = []
    for r in rows:
        if isinstance(r, tuple):
            d, rest = r
            author, body, system = "", rest, True
            if ": " in rest:
                author, body = rest.split(": ", 1)
                system = False
            msgs.append({"wall": _ts(d, day_first), "author": author.strip(), "text": body, "system": system})
        elif msgs:
            msgs[-1]["text"] += "\n" + r
    senders = list(dict.fromkeys(m["author"] for m in msgs if m["author"]))
    owner = None
    if len(senders) == 2 and name in senders:
        owner = senders[0] if senders[1] == name else senders[1]
        yield OwnerHint(platform="whatsapp", name=owner)
    yield Thread(key=key, platform="whatsapp", title=name, participants=senders, folder="whatsapp",
                 is_group=len(senders) > 2, extra={"zone": zone_name, "ids": []})
    for m in msgs:
        wall = m["wall"]
        extra: dict = {} if wall is None else {"wall_ms": wall}
        body = m["text"]
        att = _ATTACHED.search(body)
        if att:
            fname = (att.group(1) or att.group(2)).strip()
            extra["attachments"] = [ctx.media(fname, "file")]
            extra["dedup_key"] = fname
        if m["system"]:
            extra["system"] = True
        mine = None if owner is None or not m["author"] else m["author"] == owner
        yield Record(platform="whatsapp", kind="message", ts_ms=to_utc(wall, zone), author=m["author"],
                     text=body.strip(), thread_key=key, is_mine=mine, extra=extra, source=task.path)


def _day_first(heads: list[dict]) -> bool:
    a = [int(h["a"]) for h in heads]
    b = [int(h["b"]) for h in heads]
    if any(x > 31 for x in a):
        return False  # Y-M-D
    if any(x > 12 for x in a):
        return True
    if any(x > 12 for x in b):
        return False
    return not any(h.get("ap") for h in heads)  # US exports use 12-hour clocks and M/D


def _ts(d: dict, day_first: bool) -> int | None:
    a, b, c = int(d["a"]), int(d["b"]), int(d["c"])
    if a > 31:
        y, mo, day = a, b, c
    else:
        y = c + 2000 if c < 100 else c
        day, mo = (a, b) if day_first else (b, a)
    h, mi, s = int(d["h"]), int(d["m"]), int(d["s"] or 0)
    ap = (d.get("ap") or "").lower()
    if ap == "p" and h < 12:
        h += 12
    elif ap == "a" and h == 12:
        h = 0
    return _mk(y, mo, day, h, mi, s, 0)


# -- time zone --------------------------------------------------------------------------------------
def chat_zone(chosen: str = "") -> tuple[dt.tzinfo | None, str]:
    """The zone WhatsApp clock readings are placed in, and its name for the thread's ``extra``: the
    one the user chose for the import, else ``HEARTH_WHATSAPP_TZ``, else the machine's zone (None:
    the C library's local time)."""
    name = chosen.strip() or os.environ.get(ZONE_ENV, "").strip()
    if name:
        if name.upper() in ("UTC", "Z", "GMT", "ETC/UTC"):
            return dt.timezone.utc, "UTC"
        try:
            return ZoneInfo(name), name
        except (ZoneInfoNotFoundError, ValueError, OSError):
            where = "chosen for WhatsApp times" if chosen.strip() else f"in {ZONE_ENV}"
            raise jsonio.FileError(f"unknown time zone {where} (an IANA name like Europe/Berlin, or UTC)") from None
    from desktop_app.core.timezone import local_zone_name   # the one place that reads the machine's zone

    iana = local_zone_name()
    if iana:
        try:
            return ZoneInfo(iana), iana
        except (ZoneInfoNotFoundError, ValueError, OSError):
            pass
    now = dt.datetime.now().astimezone()
    return None, "local:" + (now.tzname() or now.strftime("%z"))


def to_utc(wall: int | None, zone: dt.tzinfo | None) -> int | None:
    """A clock reading (ms, as if UTC) → UTC ms in ``zone``; ambiguous autumn hours take the first
    (summer) reading, spring-gap readings the offset before the gap (zoneinfo's fold=0)."""
    if wall is None:
        return None
    if zone is dt.timezone.utc:
        return wall
    naive = dt.datetime(1970, 1, 1) + dt.timedelta(milliseconds=wall)
    try:
        aware = naive.replace(tzinfo=zone) if zone is not None else naive.astimezone()
        ms = int(aware.timestamp() * 1000)
    except (OverflowError, OSError, ValueError):
        return None
    return ms if MIN_MS < ms <= MAX_MS else None
