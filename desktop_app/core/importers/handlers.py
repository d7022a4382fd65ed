"""Handler name (from ``plan``) → parser function. Each yields Records, Threads and OwnerHints."""

from __future__ import annotations

import importlib
from typing import Any, Iterator

from desktop_app.core.domain import Record
from desktop_app.core.importers import jsonio, messages, meta
from desktop_app.core.importers.base import Ctx, HandlerFn, Item, Task
from desktop_app.core.importers.known import KNOWN_NOT_IMPORTED
from desktop_app.core.importers.shapes import dicts, first_ts


def _json(ctx: Ctx, task: Task) -> Iterator[Item]:
    yield from meta.parse_file(ctx, task)


def _album(ctx: Ctx, task: Task) -> Iterator[Item]:
    doc = jsonio.loads(task.entries[0].read())
    if not isinstance(doc, dict):
        raise jsonio.FileError("unrecognised album layout")
    album = ctx.s(doc.get("name"))
    for ph in dicts(doc.get("photos")):
        text = ctx.s(ph.get("description")) or ctx.s(ph.get("title")) or album
        yield Record(platform=ctx.platform, kind="post", ts_ms=first_ts(ph, "creation_timestamp"), author="",
                     text=text, is_mine=True, source=ctx.source,
                     extra={"album": album, "attachments": [ctx.media(ph.get("uri"), "photo")],
                            "dedup_key": ctx.s(ph.get("uri")).rsplit("/", 1)[-1]})


_NAME_HINTS = (("like", "ig_like"), ("saved", "ig_saved"), ("search", "search"), ("check", "checkin"),
               ("link", "link"), ("follower", "follower"), ("following", "following"), ("friend", "friend"),
               ("comment", "comment"), ("post", "post"), ("topic", "topic"), ("interest", "topic"),
               ("advertiser", "advertiser"), ("categor", "ad_category"), ("event", "event"), ("group", "group"),
               ("place", "place"), ("reaction", "reaction"))


def guess_hint(path: str, doc: Any) -> str:
    """For loose files: a record kind from the shape of the first item, then the file name."""
    if isinstance(doc, list) and doc and isinstance(doc[0], dict):
        first = doc[0]
        if "media" in first and "data" not in first and "attachments" not in first:
            return "ig_post"
        if "string_map_data" in first:
            keys = " ".join(first["string_map_data"]).lower()
            if "comment" in keys:
                return "ig_comment"
        if any(isinstance(d, dict) and "post" in d for d in first.get("data") or []) or "attachments" in first:
            return "post"
    base = path.rsplit("/", 1)[-1].lower()
    for word, hint in _NAME_HINTS:
        if word in base:
            return hint
    return ""


def _sniff(ctx: Ctx, task: Task) -> Iterator[Item]:
    doc = jsonio.loads(task.entries[0].read())
    if isinstance(doc, dict) and "participants" in doc and isinstance(doc.get("messages"), list):
        yield from messages.parse_thread(ctx, task)
        return
    if meta.is_instagram_doc(doc):
        ctx.platform = "instagram"
    if doc in ([], {}):
        return
    hint = task.hint or guess_hint(task.path, doc)
    try:
        yield from meta.convert(ctx, doc, hint)
    except jsonio.FileError as exc:
        base = task.path.rsplit("/", 1)[-1]
        if base in KNOWN_NOT_IMPORTED and not isinstance(exc, jsonio.NotImported):
            raise jsonio.NotImported("known file; not imported") from None
        raise


def _sniff_html(ctx: Ctx, task: Task) -> Iterator[Item]:
    from desktop_app.core.importers import html_export

    head = task.entries[0].head(200_000).decode("utf-8", "replace")
    base = task.path.rsplit("/", 1)[-1]
    if base in KNOWN_NOT_IMPORTED or base.rsplit(".", 1)[0] + ".json" in KNOWN_NOT_IMPORTED:
        raise jsonio.NotImported("known file; not imported")
    if 'class="thread"' in head and "message_header" in head:
        yield from html_export.fb0_messages(ctx, task)
    elif "message_" in task.path or "_2lel" in head:
        yield from html_export.thread(ctx, task)
    else:
        yield from html_export.posts(ctx, task)


def _lazy(module: str, name: str) -> HandlerFn:
    def run(ctx: Ctx, task: Task) -> Iterator[Item]:
        fn = getattr(importlib.import_module(f"desktop_app.core.importers.{module}"), name)
        yield from fn(ctx, task)
    return run


HANDLERS: dict[str, HandlerFn] = {
    "thread": messages.parse_thread,
    "group_chat": messages.parse_thread,
    "json": _json,
    "profile": _json,
    "album": _album,
    "sniff": _sniff,
    "sniff_html": _sniff_html,
    "ig1_messages": _lazy("ig1", "messages"),
    "ig1_media": _lazy("ig1", "media"),
    "ig1_comments": _lazy("ig1", "comments"),
    "ig1_likes": _lazy("ig1", "likes"),
    "ig1_connections": _lazy("ig1", "connections"),
    "ig1_profile": _lazy("ig1", "profile"),
    "ig1_searches": _lazy("ig1", "searches"),
    "ig1_saved": _lazy("ig1", "saved"),
    "html_thread": _lazy("html_export", "thread"),
    "html_fb0": _lazy("html_export", "fb0_messages"),
    "html_posts": _lazy("html_export", "posts"),
    "html_comments": _lazy("html_export", "comments"),
    "whatsapp": _lazy("whatsapp", "parse"),
}


def run_task(task: Task) -> Iterator[Item]:
    """Parse one task; FileError/RecursionError propagate for the caller to report."""
    plat = None
    if task.export.platform == "instagram" or task.handler.startswith("ig1_"):
        plat = "instagram"
    elif task.export.platform == "whatsapp":
        plat = "whatsapp"
    ctx = Ctx.for_task(task, plat)
    yield from HANDLERS[task.handler](ctx, task)
