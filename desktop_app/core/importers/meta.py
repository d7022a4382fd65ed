"""Facebook and Instagram JSON files other than message threads, every era (formats doc §5, §6).

Dispatch is on the wrapper key (``friends_v2``, ``likes_media_likes`` ...) with the file path's
hint for shapes that carry no key (bare lists, label_values objects). Each converter yields
``Record``s; profile files also yield an ``OwnerHint``.
"""

from __future__ import annotations

from typing import Any, Callable, Iterator

from desktop_app.core.domain import OwnerHint, Record
from desktop_app.core.importers import jsonio
from desktop_app.core.importers.base import ITEM_ERRORS, BadItem, Ctx, Item, Task
from desktop_app.core.importers.shapes import (activity_texts, base_key, any_ts, dicts, first_ts, lv_get, lv_pairs,
                                               lv_records, pick, place, sld, smd, wrapped)
from desktop_app.core.importers.timeutil import epoch_ms

Conv = Callable[[Ctx, Any, str], Iterator[Item]]


def _rec(ctx: Ctx, kind: str, ts: int | None, text: str, *, author: str = "", mine: bool | None = True,
         platform: str | None = None, **extra: Any) -> Record:
    ex = {k: v for k, v in extra.items() if v not in (None, "", [], {})}
    return Record(platform=platform or ctx.platform, kind=kind, ts_ms=ts, author=author, text=text or "",
                  is_mine=mine, extra=ex, source=ctx.source)


def _join(parts: list[str]) -> str:
    seen: list[str] = []
    for p in parts:
        p = (p or "").strip()
        if p and p not in seen:
            seen.append(p)
    return "\n".join(seen)


# -- FB activity-item families ------------------------------------------------------------------
def posts(ctx: Ctx, items: Any, kind: str = "post") -> Iterator[Item]:
    for it in dicts(items):
        if "media" in it and "data" not in it and "attachments" not in it:
            yield from ig_media_posts(ctx, [it], kind)
            continue
        a = activity_texts(ctx, it)
        title = ctx.s(it.get("title"))
        body = _join(a["post"] + a["text"] + [m.get("description", "") for m in a["media"]])
        ts = first_ts(it, "timestamp", "creation_timestamp")
        text = body or title
        if not text and not a["media"] and not a["links"] and not a["places"]:
            continue
        yield _rec(ctx, kind, ts, text, title=title if body else "", attachments=a["media"], links=a["links"],
                   places=a["places"], tags=[ctx.s(t.get("name") if isinstance(t, dict) else t) for t in it.get("tags") or []])
        for p in a["places"]:
            if p.get("name"):
                yield _rec(ctx, "checkin", ts, p["name"], place=p, dedup_key="post")


def comments(ctx: Ctx, items: Any, kind: str = "comment") -> Iterator[Item]:
    for it in dicts(items):
        a = activity_texts(ctx, it)
        title = ctx.s(it.get("title"))
        ts = first_ts(it, "timestamp")
        if a["comment"]:
            for c in a["comment"]:
                text = ctx.s(c.get("comment"))
                yield _rec(ctx, kind, first_ts(c, "timestamp") or ts, text, author=ctx.s(c.get("author")).strip(),
                           title=title, group=ctx.s(c.get("group")), attachments=a["media"], links=a["links"])
        elif title or a["media"]:
            yield _rec(ctx, kind, ts, title, attachments=a["media"], links=a["links"])


def reactions(ctx: Ctx, items: Any, kind: str = "reaction") -> Iterator[Item]:
    for it in dicts(items):
        if "label_values" in it:
            yield from lv_generic(ctx, [it], "reaction")
            continue
        a = activity_texts(ctx, it)
        title = ctx.s(it.get("title"))
        r = a["reaction"][0] if a["reaction"] else {}
        yield _rec(ctx, kind, first_ts(it, "timestamp"), title or ctx.s(r.get("reaction")),
                   author=ctx.s(r.get("actor")).strip(), reaction=ctx.s(r.get("reaction")), links=a["links"])


# Only these lists name people; an interest, advertiser, topic or page as ``author`` would become a
# spurious row in ``people`` (and a "person" in the profile and search filters).
_PEOPLE_KINDS = frozenset({"friend", "follower", "following"})


def named(ctx: Ctx, items: Any, kind: str, *, mine: bool | None = False, as_author: bool | None = None,
          **extra: Any) -> Iterator[Item]:
    """Lists of {name, timestamp} or plain strings: friends, followers, page likes, interests."""
    if as_author is None:
        as_author = kind in _PEOPLE_KINDS
    for it in as_items(items):
        if isinstance(it, str):
            name, ts, more = ctx.s(it), None, dict[str, Any]()
        elif isinstance(it, dict):
            if "string_list_data" in it or "string_map_data" in it:
                yield from ig_people(ctx, [it], kind)
                continue
            if "label_values" in it:
                yield from lv_generic(ctx, [it], kind)
                continue
            name = ctx.s(it.get("name") or it.get("title") or it.get("advertiser_name") or "")
            if not name:
                a = activity_texts(ctx, it)
                name = _join(a["names"])
            ts = first_ts(it, "timestamp", "added_timestamp", "creation_timestamp")
            more = {k: ctx.s(it[k]) for k in ("url", "action", "relation") if isinstance(it.get(k), str)}
            for k in ("has_data_file_custom_audience", "has_remarketing_custom_audience", "has_in_person_store_visit"):
                if it.get(k):
                    more[k] = True
        else:
            continue
        name = name.strip()
        if not name:
            continue
        author = name if as_author else ""
        if not as_author:
            more["name"] = name
        yield _rec(ctx, kind, ts, name, author=author, mine=mine, **extra, **more)


def pages(ctx: Ctx, items: Any, kind: str) -> Iterator[Item]:
    """Pages followed: a page is not a person, so no author (the list is "following" otherwise)."""
    yield from named(ctx, items, kind, as_author=False)


def as_items(v: Any) -> list:
    return v if isinstance(v, list) else ([v] if v is not None else [])


def searches(ctx: Ctx, items: Any, kind: str = "search") -> Iterator[Item]:
    for it in dicts(items):
        if "label_values" in it:
            yield from lv_generic(ctx, [it], "search")
            continue
        if "string_map_data" in it or "string_list_data" in it:
            m = smd(ctx, it)
            q = pick(m, "search", "zoeken", "suche", "recherche", "búsqueda") or ctx.s(it.get("title"))
            if not q:
                q = next((v["value"] for v in m.values() if v.get("value")), "") or \
                    next((x["value"] for x in sld(ctx, it) if x["value"]), "")
            ts = any_ts(m) or next((x["ts"] for x in sld(ctx, it) if x["ts"]), None)
            if q:
                yield _rec(ctx, kind, ts, q)
            continue
        a = activity_texts(ctx, it)
        q = _join([t.strip('"“”') for t in a["text"]]) or ctx.s(it.get("title"))
        if q:
            yield _rec(ctx, kind, first_ts(it, "timestamp"), q)


def saved(ctx: Ctx, items: Any, kind: str = "saved") -> Iterator[Item]:
    for it in dicts(items):
        if "label_values" in it:
            yield from lv_generic(ctx, [it], "saved")
            continue
        if "string_map_data" in it:
            m = smd(ctx, it)
            owner = ctx.s(it.get("title"))
            href = next((v["href"] for v in m.values() if v.get("href")), "")
            yield _rec(ctx, kind, any_ts(m), owner or href, url=href, owner=owner)
            continue
        a = activity_texts(ctx, it)
        title = ctx.s(it.get("title"))
        text = _join([title] + [l.get("name", "") for l in a["links"]] + a["text"])
        if text:
            yield _rec(ctx, kind, first_ts(it, "timestamp"), text, links=a["links"], attachments=a["media"])


def events(ctx: Ctx, doc: Any, kind: str = "event") -> Iterator[Item]:
    groups: list[tuple[str, Any]] = []
    if isinstance(doc, dict):
        for k, v in doc.items():
            groups.append((k, v))
    else:
        groups.append(("", doc))
    for resp, items in groups:
        for it in dicts(items):
            name = ctx.s(it.get("name"))
            if not name:
                continue
            p = place(ctx, it["place"]) if isinstance(it.get("place"), dict) else None
            end = epoch_ms(it.get("end_timestamp"), unit="s")
            yield _rec(ctx, kind, first_ts(it, "start_timestamp", "timestamp", "create_timestamp"), name,
                       response=resp.replace("events_", ""), place=p, end_ts=end,
                       description=ctx.s(it.get("description")))


def groups_(ctx: Ctx, items: Any, kind: str = "group") -> Iterator[Item]:
    for it in as_items(items):
        if isinstance(it, dict):
            a = activity_texts(ctx, it)
            name = ctx.s(it.get("name")) or _join(a["names"])
            title = ctx.s(it.get("title"))
            if name or title:
                yield _rec(ctx, kind, first_ts(it, "timestamp"), name or title, title=title if name else "")
        elif isinstance(it, str):
            yield _rec(ctx, kind, None, ctx.s(it))


def places_(ctx: Ctx, items: Any, kind: str = "place") -> Iterator[Item]:
    for it in dicts(items):
        if "label_values" in it:
            yield from lv_generic(ctx, [it], kind)
            continue
        a = activity_texts(ctx, it)
        p = place(ctx, it) if it.get("name") else (a["places"][0] if a["places"] else {})
        name = p.get("name") or ctx.s(it.get("title"))
        if name:
            yield _rec(ctx, kind, first_ts(it, "creation_timestamp", "timestamp"), name, place=p,
                       title=ctx.s(it.get("title")))


# -- IG families ----------------------------------------------------------------------------------
def ig_media_posts(ctx: Ctx, items: Any, kind: str = "post", platform: str | None = None) -> Iterator[Item]:
    for it in dicts(items):
        media = dicts(it.get("media")) or ([it] if "uri" in it else [])
        caption = ctx.s(it.get("title")) or _join([ctx.s(m.get("title")) for m in media])
        ts = first_ts(it, "creation_timestamp", "timestamp") or (first_ts(media[0], "creation_timestamp") if media else None)
        atts = [ctx.media(m.get("uri"), "media") for m in media if m.get("uri")]
        if not caption and not atts:
            continue
        yield _rec(ctx, kind, ts, caption, attachments=atts, platform=platform,
                   dedup_key="" if caption else (atts[0]["uri"].rsplit("/", 1)[-1] if atts else ""))


def ig_people(ctx: Ctx, items: Any, kind: str) -> Iterator[Item]:
    """followers/following/likes rows: {title, string_list_data:[{href, value, timestamp}]}."""
    for it in dicts(items):
        rows = sld(ctx, it)
        title = ctx.s(it.get("title"))
        if not rows and "string_map_data" in it:
            m = smd(ctx, it)
            v = next((x["value"] for x in m.values() if x.get("value")), "")
            rows = [{"value": v, "href": next((x["href"] for x in m.values() if x.get("href")), ""), "ts": any_ts(m)}]
        for r in rows or [{"value": "", "href": "", "ts": None}]:
            if kind in ("like", "saved"):
                who = title or r["value"]
                text = who
                extra = {"url": r["href"], "owner": who, "value": r["value"] if r["value"] != who else ""}
                author, mine = "", True
            else:
                who = r["value"] or title or r["href"].rstrip("/").rsplit("/", 1)[-1]
                text, extra, author, mine = who, {"url": r["href"], "username": who}, who, False
            if text:
                yield _rec(ctx, kind, r["ts"], text, author=author, mine=mine, **extra)


def ig_comments(ctx: Ctx, items: Any, kind: str = "comment") -> Iterator[Item]:
    for it in dicts(items):
        if "string_map_data" in it:
            m = smd(ctx, it)
            text = pick(m, "comment", "opmerking", "kommentar", "commentaire", "comentario", "commento") or \
                next((v["value"] for k, v in m.items() if v.get("value") and "owner" not in k), "")
            owner = pick(m, "media owner", "eigenaar van media", "medieninhaber")
            atts = [ctx.media(x.get("uri"), "media") for x in dicts(it.get("media_list_data")) if x.get("uri")]
            yield _rec(ctx, kind, any_ts(m), text, media_owner=owner, attachments=atts)
        else:
            owner = ctx.s(it.get("title"))
            for r in sld(ctx, it):
                yield _rec(ctx, kind, r["ts"], r["value"], media_owner=owner)


def ig_story_reactions(ctx: Ctx, items: Any, kind: str = "reaction") -> Iterator[Item]:
    """Answers to other people's story stickers (polls, quizzes, sliders, questions ...):
    ``{title: story owner, string_list_data: [{value: the answer, timestamp}]}``."""
    for it in dicts(items):
        if "label_values" in it:
            yield from lv_generic(ctx, [it], kind)
            continue
        owner = ctx.s(it.get("title"))
        rows = sld(ctx, it)
        if not rows and "string_map_data" in it:
            m = smd(ctx, it)
            rows = [{"value": next((v["value"] for v in m.values() if v.get("value")), ""), "href": "", "ts": any_ts(m)}]
        for r in rows:
            text = r["value"] or owner
            if text:
                yield _rec(ctx, kind, r["ts"], text, owner=owner, url=r["href"], story=True)


def ig_topics(ctx: Ctx, items: Any, kind: str = "topic") -> Iterator[Item]:
    for it in as_items(items):
        if isinstance(it, str):
            yield _rec(ctx, kind, None, ctx.s(it), mine=False)
        elif isinstance(it, dict) and "label_values" in it:
            yield from lv_generic(ctx, [it], kind)
        elif isinstance(it, dict):
            m = smd(ctx, it)
            v = pick(m, "name", "naam") or next((x["value"] for x in m.values() if x.get("value")), "") \
                or ctx.s(it.get("title"))
            if v:
                yield _rec(ctx, kind, None, v, mine=False)


# -- label_values generic --------------------------------------------------------------------------
_URL_LABELS = ("url", "link", "website url")
_KIND_LABEL_ORDER = {
    "link": ("website title", "title", "page title", "name", "url"),
    "checkin": ("place name", "name", "message", "place"),
    "place": ("name", "city", "place name", "location", "country"),
    "reaction": ("name", "title", "caption", "reaction"),
    "like": ("caption", "title", "name", "url"),
    "saved": ("caption", "title", "name", "url"),
    "search": ("search", "query", "text", "name"),
}


def lv_generic(ctx: Ctx, doc: Any, kind: str) -> Iterator[Item]:
    """label_values records → one record per vec value (interests, advertisers, categories) or
    one record per object (links, likes, check-ins, places)."""
    mine = kind not in ("ad_interest", "ad_category", "advertiser", "topic", "place")
    for rec in lv_records(doc):
        pairs = list(lv_pairs(ctx, rec))
        ts = first_ts(rec, "timestamp") or next((p["ts"] for _, p in pairs if p.get("ts")), None)
        vec_pairs = [(l, p) for l, p in pairs if p.get("vec")]
        # Lists of values (interests, advertisers, categories, locations of interest): one record
        # each. A value beside them ("These are locations we think ...") explains, it is no item.
        if kind in ("ad_interest", "ad_category", "advertiser", "topic", "place") and vec_pairs:
            for label, p in vec_pairs:
                for v in p["vec"]:
                    if v:
                        yield _rec(ctx, kind, None, v, mine=False, list=label)
            continue
        text = None
        for lab in _KIND_LABEL_ORDER.get(kind, ("name", "title", "value")):
            text = lv_get(pairs, lab)
            if text:
                break
        if not text:
            text = ctx.s(rec.get("title")) or next((p.get("value") for _, p in pairs if p.get("value")), "") or \
                   next((", ".join(p["vec"]) for _, p in pairs if p.get("vec")), "")
        url = lv_get(pairs, *_URL_LABELS, field="href") or lv_get(pairs, *_URL_LABELS)
        details = {l: p.get("value") for l, p in pairs if p.get("value") and l and p.get("value") != text}
        if kind == "checkin" or kind == "place":
            coords = lv_get(pairs, "coordinates")
            if coords:
                details["coordinates"] = coords
        if text:
            yield _rec(ctx, kind, ts, text, mine=mine, url=url, details=details, dedup_key=ctx.s(rec.get("fbid")))


# -- profile -------------------------------------------------------------------------------------------
def fb_profile(ctx: Ctx, p: Any, kind: str = "profile") -> Iterator[Item]:
    if not isinstance(p, dict):
        return
    name = p.get("name")
    full = ctx.s(name.get("full_name")) if isinstance(name, dict) else ctx.s(name)
    if full:
        yield OwnerHint(platform=ctx.platform, name=full.strip(), username=ctx.s(p.get("username")))

    def fact(field: str, value: str, ts: int | None = None) -> Record | None:
        value = (value or "").strip()
        return _rec(ctx, kind, ts, f"{field.replace('_', ' ').capitalize()}: {value}", field=field,
                    value=value, dedup_key=field) if value else None

    facts: list[Record | None] = [fact("name", full)]
    for k in ("current_city", "hometown"):
        if isinstance(p.get(k), dict):
            facts.append(fact(k, ctx.s(p[k].get("name")), first_ts(p[k], "timestamp")))
    if isinstance(p.get("relationship"), dict):
        r = p["relationship"]
        facts.append(fact("relationship", _join([ctx.s(r.get("status")), ctx.s(r.get("partner"))]).replace("\n", " — "),
                          first_ts(r, "timestamp")))
    if isinstance(p.get("birthday"), dict):
        b = p["birthday"]
        facts.append(fact("birthday", "-".join(str(b.get(k)) for k in ("year", "month", "day") if b.get(k))))
    if isinstance(p.get("gender"), dict):
        facts.append(fact("gender", ctx.s(p["gender"].get("gender_option") or p["gender"].get("pronoun"))))
    for w in dicts(p.get("work_experiences")):
        facts.append(fact("work", _join([ctx.s(w.get("employer")), ctx.s(w.get("title"))]).replace("\n", " — "),
                          first_ts(w, "start_timestamp", "timestamp")))
    for e in dicts(p.get("education_experiences")):
        facts.append(fact("education", ctx.s(e.get("name")), first_ts(e, "start_timestamp", "timestamp")))
    for f in dicts(p.get("family_members")):
        facts.append(fact("family", f"{ctx.s(f.get('name'))} ({ctx.s(f.get('relation'))})", first_ts(f, "timestamp")))
    for n in dicts(p.get("previous_names")) + dicts(p.get("other_names")):
        facts.append(fact("other_name", ctx.s(n.get("name")), first_ts(n, "timestamp")))
    for w in dicts(p.get("websites")):
        facts.append(fact("website", ctx.s(w.get("address"))))
    if p.get("registration_timestamp"):
        facts.append(fact("joined", "registered", epoch_ms(p.get("registration_timestamp"), unit="s")))
    yield from (f for f in facts if f is not None)


def ig_profile(ctx: Ctx, items: Any, kind: str = "profile") -> Iterator[Item]:
    for it in dicts(items):
        m = smd(ctx, it)
        name = pick(m, "name", "naam", "nom", "nombre")
        user = pick(m, "username", "gebruikersnaam", "nom d'utilisateur", "nombre de usuario")
        if name or user:
            yield OwnerHint(platform=ctx.platform, name=(name or user).strip(), username=user or "")
        skip = {"email", "phone number", "phone confirmed", "phone confirmation method"}
        for label, v in m.items():
            if v.get("value") and label not in skip:
                yield _rec(ctx, kind, None, f"{label.capitalize()}: {v['value']}", field=label, value=v["value"],
                           dedup_key=label)


# -- dispatch -------------------------------------------------------------------------------------------
WRAPPERS: dict[str, tuple[Conv, str]] = {
    "status_updates": (posts, "post"), "group_posts": (posts, "post"), "other_photos": (ig_media_posts, "post"),
    "videos": (ig_media_posts, "post"), "wall_posts_sent_to_you": (posts, "post"),
    "comments": (comments, "comment"), "group_comments": (comments, "comment"),
    "reactions": (reactions, "reaction"), "page_likes": (named, "like"),
    "pages_followed": (pages, "following"), "friends": (named, "friend"),
    "following": (named, "following"), "followers": (named, "follower"),
    "searches": (searches, "search"), "saves": (saved, "saved"), "saves_and_collections": (saved, "saved"),
    "event_responses": (events, "event"), "events_invited": (events, "event"), "your_events": (events, "event"),
    "groups_joined": (groups_, "group"), "groups_admined": (groups_, "group"),
    "topics": (named, "ad_interest"), "inferred_topics": (named, "topic"),
    "history": (named, "advertiser"), "custom_audiences_all_types": (named, "advertiser"),
    "custom_audiences": (named, "advertiser"), "ig_custom_audiences_all_types": (named, "advertiser"),
    "location_history": (places_, "checkin"), "your_places": (places_, "place"),
    "profile": (fb_profile, "profile"), "profile_user": (ig_profile, "profile"),
    "comments_media_comments": (ig_comments, "comment"), "comments_reels_comments": (ig_comments, "comment"),
    "likes_media_likes": (ig_people, "like"), "likes_comment_likes": (ig_people, "like"),
    "relationships_followers": (ig_people, "follower"), "relationships_following": (ig_people, "following"),
    "saved_saved_media": (ig_people, "saved"),
    "searches_user": (searches, "search"), "searches_keyword": (searches, "search"),
    "searches_hashtag": (searches, "search"),
    "topics_your_topics": (ig_topics, "topic"), "inferred_data_primary_location": (ig_topics, "place"),
    "ig_stories": (ig_media_posts, "post"), "ig_profile_picture": (ig_media_posts, "post"),
    "ig_reels_media": (ig_media_posts, "post"), "ig_archived_post_media": (ig_media_posts, "post"),
    "ig_igtv_media": (ig_media_posts, "post"), "ig_other_media": (ig_media_posts, "post"),
    "ig_recently_deleted_media": (ig_media_posts, "post"),
    "text_post_app_text_posts": (ig_media_posts, "threads_post"),
    "story_activities_story_likes": (ig_people, "like"),
    "story_activities_polls": (ig_story_reactions, "reaction"),
    "story_activities_quizzes": (ig_story_reactions, "reaction"),
    "story_activities_emoji_sliders": (ig_story_reactions, "reaction"),
    "story_activities_questions": (ig_story_reactions, "reaction"),
    "story_activities_countdowns": (ig_story_reactions, "reaction"),
    "story_activities_reaction_sticker_reactions": (ig_story_reactions, "reaction"),
}
HINTS: dict[str, Conv] = {
    "post": posts, "comment": comments, "reaction": reactions, "like": reactions, "friend": named,
    "follower": ig_people, "following": named, "search": searches, "saved": saved, "event": events,
    "group": groups_, "checkin": places_, "place": places_, "link": lv_generic, "ad_category": lv_generic,
    "advertiser": lv_generic, "ad_interest": lv_generic, "topic": ig_topics, "threads_post": ig_media_posts,
    "ig_post": ig_media_posts, "ig_comment": ig_comments, "ig_like": ig_people, "ig_saved": saved,
}
INSTAGRAM_WRAPPERS = {k for k in WRAPPERS if k.startswith(("comments_media", "comments_reels", "likes_", "relationships_",
                                                            "saved_saved", "searches_", "topics_your", "ig_",
                                                            "inferred_data", "profile_user", "story_activities",
                                                            "text_post_app"))}


# Keys that mark a dict as one item of a list (Meta writes a list of one as the item itself).
_ITEM_KEYS = frozenset({"string_list_data", "string_map_data", "media", "data", "attachments", "timestamp",
                        "creation_timestamp", "title", "name", "uri", "media_list_data"})


def _each(ctx: Ctx, conv: Conv, items: Any, kind: str) -> Iterator[Item]:
    """``conv`` item by item: a value it cannot read leaves out that item (a ``BadItem``), not the file.
    A value that is no list (a profile, event groups, a list of one written as its item) is one item."""
    parts = [[it] for it in items] if isinstance(items, list) else [items]
    check = ctx.unreadable > 0  # the parser put Unreadable values in this file: look for them
    for part in parts:
        if check:
            bad = jsonio.unreadable_in(part)
            if bad is not None:
                yield BadItem(bad.reason)
                continue
        try:
            yield from conv(ctx, part, kind)
        except jsonio.NotImported:
            raise
        except (jsonio.FileError, *ITEM_ERRORS) as exc:
            yield BadItem(type(exc).__name__)


def convert(ctx: Ctx, doc: Any, hint: str = "") -> Iterator[Item]:
    """Records from one parsed JSON document."""
    if isinstance(doc, dict) and doc.keys() & _ITEM_KEYS and "label_values" not in doc and \
            not any(k in WRAPPERS for k, _ in wrapped(doc)) and not ("participants" in doc and "messages" in doc):
        doc = [doc]  # a file whose list has one item can hold just that item
    if hint in ("ig_post", "threads_post") or (hint == "post" and isinstance(doc, list) and doc and
                                               isinstance(doc[0], dict) and "media" in doc[0] and "data" not in doc[0]):
        plat = "threads" if hint == "threads_post" else None
        kind = "threads_post" if hint == "threads_post" else "post"
        items = doc
        if isinstance(doc, dict):
            items = next((v for _, v in wrapped(doc) if isinstance(v, list)), [])
        yield from _each(ctx, lambda c, i, k: ig_media_posts(c, i, k, platform=plat), items, kind)
        return
    if isinstance(doc, dict) and "label_values" in doc and not any(isinstance(v, list) and k in WRAPPERS for k, v in wrapped(doc)):
        yield from lv_generic(ctx, doc, _lv_kind(hint))
        return
    if isinstance(doc, list) and doc and all(isinstance(x, dict) and x and all(base_key(k) in WRAPPERS for k in x)
                                             for x in doc):
        for part in doc:  # a list of wrapped sections
            yield from convert(ctx, part, hint)
        return
    if isinstance(doc, list):
        if doc and isinstance(doc[0], dict) and "label_values" in doc[0]:
            yield from _each(ctx, lv_generic, doc, _lv_kind(hint))
            return
        conv = HINTS.get(hint)
        if conv is None:
            raise jsonio.FileError("unrecognised list layout")
        kind = hint.replace("ig_", "")
        yield from _each(ctx, conv, doc, kind)
        return
    if not isinstance(doc, dict):
        raise jsonio.FileError("unrecognised layout")
    matched = False
    for key, val in wrapped(doc):
        if key == "topics" and hint == "topic":
            key = "inferred_topics"
        if key in WRAPPERS:
            conv, kind = WRAPPERS[key]
            if key in ("following", "followers") and hint in ("following", "follower"):
                kind = hint
            matched = True
            yield from _each(ctx, conv, val, kind)
    if not matched:
        if "participants" in doc and "messages" in doc:
            raise jsonio.FileError("message thread outside a thread folder")
        raise jsonio.FileError("unrecognised layout")


def _lv_kind(hint: str) -> str:
    return {"ig_like": "like", "ig_saved": "saved", "follower": "follower"}.get(hint, hint or "link")


def is_instagram_doc(doc: Any) -> bool:
    if isinstance(doc, dict):
        return any(k in INSTAGRAM_WRAPPERS for k, _ in wrapped(doc))
    if isinstance(doc, list) and doc and isinstance(doc[0], dict):
        return "string_map_data" in doc[0] or "string_list_data" in doc[0] or (
            "media" in doc[0] and "data" not in doc[0] and "attachments" not in doc[0])
    return False


def parse_file(ctx: Ctx, task: Task) -> Iterator[Item]:
    doc, ctx.unreadable = jsonio.loads_items(task.entries[0].read())
    if ctx.export.platform not in ("facebook", "instagram") and is_instagram_doc(doc):
        ctx.platform = "instagram"
    yield from convert(ctx, doc, task.hint)
