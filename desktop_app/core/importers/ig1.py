"""Instagram 2018 – Nov 2020 single-file JSON (formats doc §6.1 IG-1): ISO dates, usernames, real UTF-8."""

from __future__ import annotations

from typing import Any, Iterator

from desktop_app.core.domain import OwnerHint, Record, Thread
from desktop_app.core.importers import jsonio
from desktop_app.core.importers.base import Ctx, Item, Task
from desktop_app.core.importers.shapes import dicts
from desktop_app.core.importers.timeutil import iso_ms

P = "instagram"


def _doc(task: Task) -> Any:
    return jsonio.loads(task.entries[0].read())


def _r(ctx: Ctx, kind: str, ts: int | None, text: str, *, author: str = "", mine: bool | None = True,
       **extra: Any) -> Record:
    return Record(platform=P, kind=kind, ts_ms=ts, author=author, text=text or "", is_mine=mine, source=ctx.source,
                  extra={k: v for k, v in extra.items() if v not in (None, "", [], {})})


def messages(ctx: Ctx, task: Task) -> Iterator[Item]:
    for conv in dicts(_doc(task)):
        parts = [p for p in conv.get("participants") or [] if isinstance(p, str)]
        key = "instagram:ig1:" + "-".join(sorted(parts))
        yield Thread(key=key, platform=P, title=", ".join(parts), participants=parts, folder="inbox",
                     is_group=len(parts) > 2, extra={"ids": []})
        msgs = dicts(conv.get("conversation"))
        msgs.sort(key=lambda m: str(m.get("created_at") or ""))
        for m in msgs:
            text = m["text"] if isinstance(m.get("text"), str) else ""
            extra: dict[str, Any] = {}
            for k in ("media_share_url", "media", "link", "story_share", "voice_media", "media_owner",
                      "media_share_caption"):
                if isinstance(m.get(k), str) and m[k]:
                    extra[k] = m[k]
            if m.get("heart"):
                extra["heart"] = m["heart"] if isinstance(m["heart"], str) else "❤"
            if isinstance(m.get("likes"), list):
                extra["reactions"] = [{"reaction": "❤", "actor": x.get("username", "")} for x in dicts(m["likes"])]
            if not text:
                extra["dedup_key"] = str(extra.get("media") or extra.get("media_share_url") or extra.get("link") or "")
            yield Record(platform=P, kind="message", ts_ms=iso_ms(m.get("created_at")), author=str(m.get("sender") or ""),
                         text=text, thread_key=key, extra=extra, source=ctx.source)


def media(ctx: Ctx, task: Task) -> Iterator[Item]:
    doc = _doc(task)
    if not isinstance(doc, dict):
        raise jsonio.FileError("unrecognised media.json layout")
    for section in ("photos", "videos", "stories", "profile", "direct"):
        for it in dicts(doc.get(section)):
            path = it["path"] if isinstance(it.get("path"), str) else ""
            caption = it["caption"] if isinstance(it.get("caption"), str) else ""
            yield _r(ctx, "post", iso_ms(it.get("taken_at")), caption, section=section, location=it.get("location"),
                     attachments=[ctx.media(path, "media")] if path else [],
                     dedup_key="" if caption else path.rsplit("/", 1)[-1])


def comments(ctx: Ctx, task: Task) -> Iterator[Item]:
    doc = _doc(task)
    for section, rows in (doc.items() if isinstance(doc, dict) else []):
        for row in rows if isinstance(rows, list) else []:
            if isinstance(row, list) and len(row) >= 2:
                yield _r(ctx, "comment", iso_ms(row[0]), str(row[1]), media_owner=str(row[2]) if len(row) > 2 else "",
                         section=section)


def likes(ctx: Ctx, task: Task) -> Iterator[Item]:
    doc = _doc(task)
    for section, rows in (doc.items() if isinstance(doc, dict) else []):
        for row in rows if isinstance(rows, list) else []:
            if isinstance(row, list) and len(row) >= 2:
                yield _r(ctx, "like", iso_ms(row[0]), str(row[1]), owner=str(row[1]), section=section)


def saved(ctx: Ctx, task: Task) -> Iterator[Item]:
    doc = _doc(task)
    for row in (doc.get("saved_media") or []) if isinstance(doc, dict) else []:
        if isinstance(row, list) and len(row) >= 2:
            yield _r(ctx, "saved", iso_ms(row[0]), str(row[1]), owner=str(row[1]))


def connections(ctx: Ctx, task: Task) -> Iterator[Item]:
    doc = _doc(task)
    if not isinstance(doc, dict):
        raise jsonio.FileError("unrecognised connections.json layout")
    for section, kind in (("followers", "follower"), ("following", "following")):
        users = doc.get(section)
        if isinstance(users, dict):
            for user, when in users.items():
                yield _r(ctx, kind, iso_ms(when), user, author=user, mine=False, username=user)


def searches(ctx: Ctx, task: Task) -> Iterator[Item]:
    for it in dicts(_doc(task)):
        q = it.get("search_click")
        if isinstance(q, str) and q:
            yield _r(ctx, "search", iso_ms(it.get("time")), q, type=it.get("type"))


def profile(ctx: Ctx, task: Task) -> Iterator[Item]:
    doc = _doc(task)
    if not isinstance(doc, dict):
        raise jsonio.FileError("unrecognised profile.json layout")
    name, user = doc.get("name") or "", doc.get("username") or ""
    if user:
        yield OwnerHint(platform=P, name=user, username=user)  # IG-1 messages name senders by username
    if name:
        yield OwnerHint(platform=P, name=name, username=user)
    for k in ("name", "username", "biography", "gender", "date_joined", "website"):
        v = doc.get(k)
        if isinstance(v, str) and v:
            yield _r(ctx, "profile", None, f"{k.replace('_', ' ').capitalize()}: {v}", field=k, value=v, dedup_key=k)
