"""HTML exports (formats doc §9): messages, posts and comments in the three generations of markup
(≤2017 ``html/messages.htm``; 2018–22 ``pam _3-95`` blocks; 2022+ ``_a6-g`` sections). Real UTF-8,
no mojibake; dates are localized strings (no zone per item; the 2024+ header may give the offset)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Callable, Iterator

from desktop_app.core.domain import Record, Thread
from desktop_app.core.importers import jsonio
from desktop_app.core.importers.base import Ctx, Item, Task
from desktop_app.core.importers.timeutil import human_ms

_VOID = {"br", "img", "meta", "link", "hr", "input", "source", "base", "wbr", "col", "area"}
MAX_DEPTH = 400


class El:
    __slots__ = ("tag", "cls", "attrs", "kids", "parent")

    def __init__(self, tag: str, attrs: dict[str, str], parent: "El | None") -> None:
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.cls = set((attrs.get("class") or "").split())
        self.kids: list["El | str"] = []

    def text(self, sep: str = " ") -> str:
        out: list[str] = []

        def walk(e: "El") -> None:
            for k in e.kids:
                if isinstance(k, str):
                    out.append(k)
                else:
                    if k.tag in ("br", "div", "p") and out:
                        out.append("\n")
                    walk(k)
        walk(self)
        return re.sub(r"[ \t\r\f\v]+", " ", sep.join(out) if sep != " " else "".join(out)).strip()

    def iter(self) -> Iterator["El"]:
        stack = [self]
        while stack:
            e = stack.pop()
            yield e
            stack.extend(reversed([k for k in e.kids if isinstance(k, El)]))

    def find(self, pred: Callable[["El"], bool]) -> "El | None":
        return next((e for e in self.iter() if e is not self and pred(e)), None)

    def els(self) -> list["El"]:
        return [k for k in self.kids if isinstance(k, El)]


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = El("#root", {}, None)
        self.cur = self.root
        self.depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        e = El(tag, {k: v or "" for k, v in attrs}, self.cur)
        self.cur.kids.append(e)
        if tag not in _VOID and self.depth < MAX_DEPTH:
            self.cur = e
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        e = self.cur
        while e is not self.root and e.tag != tag:
            e = e.parent  # type: ignore[assignment]
        if e is not self.root:
            self.cur = e.parent  # type: ignore[assignment]
            d, x = 0, self.cur
            while x is not self.root:
                d, x = d + 1, x.parent  # type: ignore[assignment]
            self.depth = d

    def handle_data(self, data: str) -> None:
        if data.strip():
            self.cur.kids.append(data)


def parse_html(raw: bytes) -> El:
    b = _Builder()
    try:
        b.feed(jsonio.decode_text(raw))
        b.close()
    except jsonio.FileError:
        raise
    except Exception as exc:  # noqa: BLE001 - html.parser raises assorted errors on broken markup
        raise jsonio.FileError(f"unreadable HTML ({type(exc).__name__})") from None
    return b.root


def _has(e: El, *classes: str) -> bool:
    return any(c in e.cls for c in classes)


def _offset(root: El) -> int:
    """The 2024+ header: ``<time datetime="…Z">… UTC+08:00</time>`` gives the export's offset."""
    t = root.find(lambda e: e.tag == "time")
    if t is not None:
        m = re.search(r"UTC([+-])(\d{1,2}):?(\d{2})?", t.text())
        if m:
            return (1 if m.group(1) == "+" else -1) * (int(m.group(2)) * 60 + int(m.group(3) or 0))
    return 0


def blocks(root: El) -> list[tuple[str, str, str, El]]:
    """(header, body, date, element) for each item block of either modern generation."""
    out = []
    for e in root.iter():
        if _has(e, "_a6-g") or (_has(e, "pam") and _has(e, "_3-95")):
            head = e.find(lambda x: _has(x, "_a6-h", "_2lel", "_2pio"))
            body = e.find(lambda x: _has(x, "_a6-p", "_2let"))
            date = e.find(lambda x: _has(x, "_a72d", "_2lem")) or e.find(lambda x: _has(x, "_a6-o", "_3-94"))
            if date is None and body is not None:
                divs = [d for d in body.iter() if d.tag == "div" and not d.els()]
                date = divs[-1] if divs else None
            out.append((head.text() if head else "", body.text() if body else "", date.text() if date else "", e))
    return out


def _media(ctx: Ctx, e: El) -> list[dict]:
    refs = []
    for x in e.iter():
        src = x.attrs.get("src") if x.tag in ("img", "source", "video", "audio") else None
        if src and not src.startswith("data:"):
            refs.append(ctx.media(src.lstrip("./").replace("../", ""), x.tag))
    return refs


def thread(ctx: Ctx, task: Task) -> Iterator[Item]:
    items: list[tuple[int | None, str, str, list]] = []
    title = ""
    for e in sorted(task.entries, key=lambda x: x.path):
        root = parse_html(e.read())
        off = _offset(root)
        if not title:
            h = root.find(lambda x: x.tag in ("h1", "title"))
            title = h.text() if h else ""
        for head, body, date, el in blocks(root):
            ts = human_ms(date, offset_min=off)
            if body.endswith(date) and date:
                body = body[: -len(date)].strip()
            items.append((ts, head, body, _media(ctx, el)))
    if not items:
        raise jsonio.FileError("no messages found in HTML")
    dirname = task.path.split("/")[-2] if "/" in task.path else task.path
    key = f"{ctx.platform}:{dirname.lower()}"
    people = list(dict.fromkeys(h for _, h, _, _ in items if h))
    yield Thread(key=key + ":html", platform=ctx.platform, title=title, participants=people, folder="inbox",
                 is_group=len(people) > 2, extra={"dir": dirname, "ids": [], "format": "html"})
    items.sort(key=lambda x: x[0] or 0)
    for ts, head, body, media in items:
        extra = {"attachments": media} if media else {}
        yield Record(platform=ctx.platform, kind="message", ts_ms=ts, author=head, text=body, thread_key=key + ":html",
                     extra=extra, source=task.path)


def posts(ctx: Ctx, task: Task, kind: str = "post") -> Iterator[Item]:
    root = parse_html(task.entries[0].read())
    off = _offset(root)
    n = 0
    for head, body, date, el in blocks(root):
        if body.endswith(date) and date:
            body = body[: -len(date)].strip()
        text = body or head
        if not text:
            continue
        n += 1
        media = _media(ctx, el)
        yield Record(platform=ctx.platform, kind=kind, ts_ms=human_ms(date, offset_min=off), author="", text=text,
                     is_mine=True, source=task.path,
                     extra={k: v for k, v in (("title", head if body else ""), ("attachments", media)) if v})
    if n == 0:
        raise jsonio.FileError(f"no {kind}s found in HTML")


def comments(ctx: Ctx, task: Task) -> Iterator[Item]:
    yield from posts(ctx, task, "comment")


def fb0_messages(ctx: Ctx, task: Task) -> Iterator[Item]:
    """≤2017 ``html/messages.htm``: div.thread ("A, B" text) > div.message (span.user, span.meta) + <p>."""
    root = parse_html(task.entries[0].read())
    found = False
    for th in (e for e in root.iter() if "thread" in e.cls):
        names = next((k for k in th.kids if isinstance(k, str)), "").strip()
        participants = [p.strip() for p in names.split(",") if p.strip()]
        key = "facebook:fb0:" + "-".join(sorted(p.casefold() for p in participants))
        yield Thread(key=key, platform="facebook", title=names, participants=participants, folder="inbox",
                     is_group=len(participants) > 2, extra={"ids": [], "format": "html"})
        kids = th.els()
        for i, k in enumerate(kids):
            if "message" not in k.cls:
                continue
            user = k.find(lambda x: "user" in x.cls)
            meta = k.find(lambda x: "meta" in x.cls)
            text = kids[i + 1].text() if i + 1 < len(kids) and kids[i + 1].tag == "p" else ""
            found = True
            yield Record(platform="facebook", kind="message", ts_ms=human_ms(meta.text() if meta else ""),
                         author=user.text() if user else "", text=text, thread_key=key, source=task.path)
    if not found:
        raise jsonio.FileError("no messages found in messages.htm")
