"""Synthetic Meta / WhatsApp exports of every era and format, for tests, the demo and benchmarks.

``build_fb(dest, era=...)`` and ``build_ig(dest, era=...)`` write a ZIP (dest ends with .zip) or a
folder with the paths, wrapper keys and quirks of that era: Meta's mojibake (UTF-8 bytes written
as \\u00XX escapes; not for IG-1 or HTML), newest-first paged ``message_N.json``, group threads,
reactions, attachments (with media files), shares, unsent messages, localized labels.
``whatsapp_txt`` writes iOS or Android chat exports. Everything is deterministic for a seed.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

WORDS = ("the cabin lake trail coffee weekend movie dinner train book guitar climbing photo beach city job "
         "interview apartment boxes plants market bike run garden recipe concert game rain snow sunset map "
         "museum soup tea laptop meeting project deadline birthday cake dog park river bridge night morning").split()
FRIENDS = ["Sam Carter", "Maria González", "Jordan Lee", "Zoë Łukasz", "Priya Nair", "Tomás Ribeiro",
           "Chloé Martin", "Ben Okafor", "Yuki Tanaka", "Ana Novák"]
OWNER = "Alex Rivera"
OWNER_USER = "alex.rivera"
BASE_TS = 1_577_836_800  # 2020-01-01


def mangle(o: Any) -> Any:
    """Meta's encoder bug: each UTF-8 byte of a string written as its own code point."""
    if isinstance(o, str):
        return o.encode("utf-8").decode("latin-1")
    if isinstance(o, list):
        return [mangle(x) for x in o]
    if isinstance(o, dict):
        return {mangle(k): mangle(v) for k, v in o.items()}
    return o


def meta_json(o: Any, *, mojibake: bool = True) -> bytes:
    return json.dumps(mangle(o) if mojibake else o, ensure_ascii=mojibake, indent=None).encode("utf-8")


class Sink:
    """Writes files into a ZIP or a folder."""

    def __init__(self, dest: Path) -> None:
        self.dest = Path(dest)
        self.zip = None
        if self.dest.suffix == ".zip":
            self.dest.parent.mkdir(parents=True, exist_ok=True)
            self.zip = zipfile.ZipFile(self.dest, "w", zipfile.ZIP_DEFLATED, compresslevel=1)
        else:
            self.dest.mkdir(parents=True, exist_ok=True)
        self.files = 0

    def write(self, path: str, data: bytes | str) -> None:
        if isinstance(data, str):
            data = data.encode("utf-8")
        self.files += 1
        if self.zip is not None:
            zi = zipfile.ZipInfo(path, date_time=(2024, 9, 1, 0, 0, 0))  # fixed: reproducible bytes
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            self.zip.writestr(zi, data, compresslevel=1)
        else:
            p = self.dest / path
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_bytes(data)

    def close(self) -> None:
        if self.zip is not None:
            self.zip.close()


@dataclass
class Msg:
    sender: str
    ts_ms: int
    text: str = ""
    photo: str = ""
    share: str = ""
    reactions: list[tuple[str, str]] = field(default_factory=list)
    unsent: bool = False


@dataclass
class ThreadSpec:
    slug: str
    title: str
    participants: list[str]
    messages: list[Msg]
    folder: str = "inbox"


def sentence(rng: random.Random, n: int | None = None) -> str:
    n = n or rng.randint(3, 14)
    s = " ".join(rng.choice(WORDS) for _ in range(n))
    return s[0].upper() + s[1:] + rng.choice([".", "!", "?", "", " 🙂", " ❤️"])


def random_threads(rng: random.Random, n_messages: int, n_threads: int, *, owner: str = OWNER,
                   friends: list[str] = FRIENDS, start: int = BASE_TS) -> Iterable[ThreadSpec]:
    """Threads of random chat; every 7th is a group; photos, shares, reactions, unsent sprinkled in."""
    per = max(1, n_messages // max(1, n_threads))
    left = n_messages
    for t in range(n_threads):
        count = per if t < n_threads - 1 else left
        left -= count
        group = t % 7 == 6
        others = rng.sample(friends, 3) if group else [friends[t % len(friends)]]
        people = [owner] + others
        title = ", ".join(others) if group else others[0]
        slug = "".join(c for c in title.lower() if c.isalnum())[:30] or "thread"
        ts = (start + t * 3600) * 1000
        msgs = []
        for i in range(count):
            ts += rng.randint(20_000, 4_000_000)
            m = Msg(sender=rng.choice(people), ts_ms=ts, text=sentence(rng))
            r = rng.random()
            if r < 0.03:
                m.photo, m.text = f"{1000 + i}_{t}.jpg", ""
            elif r < 0.04:
                m.share = f"https://example.org/{rng.choice(WORDS)}/{i}"
            elif r < 0.045:
                m.unsent, m.text = True, ""
            if rng.random() < 0.05:
                m.reactions.append(("❤", rng.choice(people)))
            msgs.append(m)
        yield ThreadSpec(slug=f"{slug}_{10_000_000 + t * 7919}", title=title, participants=people, messages=msgs)


# -- Facebook -----------------------------------------------------------------------------------
FB_PREFIX = {"FB-4": "your_facebook_activity/", "FB-3": "your_activity_across_facebook/", "FB-2": "", "FB-1": ""}


def fb_thread_doc(t: ThreadSpec, prefix: str, *, ig: bool = False) -> list[dict]:
    """Pages of a thread, newest first, ~per_page messages each (page 1 = newest)."""
    msgs = sorted(t.messages, key=lambda m: -m.ts_ms)
    base = f"{prefix}messages/{t.folder}/{t.slug}"
    out = []
    for m in msgs:
        d: dict[str, Any] = {"sender_name": m.sender, "timestamp_ms": m.ts_ms}
        if m.text:
            d["content"] = m.text
        if m.photo:
            d["photos"] = [{"uri": f"{base}/photos/{m.photo}", "creation_timestamp": m.ts_ms // 1000}]
        if m.share:
            d["share"] = {"link": m.share}
            d.setdefault("content", "shared a link")
        if m.reactions:
            d["reactions"] = [{"reaction": r, "actor": a, **({"timestamp": m.ts_ms // 1000} if ig else {})}
                              for r, a in m.reactions]
        d["is_unsent"] = m.unsent
        if not ig:
            d["is_geoblocked_for_viewer"] = False
        out.append(d)
    return out


def write_thread(sink: Sink, t: ThreadSpec, prefix: str, *, per_page: int = 1000, mojibake: bool = True,
                 ig: bool = False, media: bool = True) -> None:
    msgs = fb_thread_doc(t, prefix, ig=ig)
    base = f"{prefix}messages/{t.folder}/{t.slug}"
    pages = [msgs[i:i + per_page] for i in range(0, len(msgs), per_page)] or [[]]
    for n, page in enumerate(pages, 1):
        doc = {"participants": [{"name": p} for p in t.participants], "messages": page, "title": t.title,
               "is_still_participant": True, "thread_path": f"{t.folder}/{t.slug}", "magic_words": []}
        sink.write(f"{base}/message_{n}.json", meta_json(doc, mojibake=mojibake))
    if media:
        for m in t.messages:
            if m.photo:
                sink.write(f"{base}/photos/{m.photo}", b"\xff\xd8\xff\xe0fakejpeg")


def fb_other(rng: random.Random, n: int, *, start: int = BASE_TS) -> dict[str, list]:
    """n other records spread over the categories."""
    k = max(1, n // 12)
    ts = lambda i: start + i * 5400  # noqa: E731
    return {
        "posts": [{"timestamp": ts(i), "data": [{"post": sentence(rng, 12)}], "title": f"{OWNER} updated status.",
                   **({"attachments": [{"data": [{"place": {"name": rng.choice(['Blue Lake Cabin', 'Café Central', 'Old Town Market']),
                                                            "coordinate": {"latitude": 45.1, "longitude": -122.3}}}]}]}
                      if i % 9 == 0 else {})} for i in range(k * 2)],
        "comments": [{"timestamp": ts(i), "title": f"{OWNER} commented on {rng.choice(FRIENDS)}'s post.",
                      "data": [{"comment": {"timestamp": ts(i), "comment": sentence(rng), "author": OWNER}}]}
                     for i in range(k * 2)],
        "reactions": [{"timestamp": ts(i), "title": f"{OWNER} liked {rng.choice(FRIENDS)}'s photo.",
                       "data": [{"reaction": {"reaction": rng.choice(["LIKE", "LOVE", "HAHA"]), "actor": OWNER}}]}
                      for i in range(k * 2)],
        "friends": [{"name": f"{rng.choice(FRIENDS).split()[0]} {rng.choice(['Smith', 'Núñez', 'Kowalski', 'Ng'])} {i}",
                     "timestamp": ts(i)} for i in range(k)],
        "searches": [{"timestamp": ts(i), "data": [{"text": rng.choice(WORDS) + " " + rng.choice(WORDS)}],
                      "title": "You searched on Facebook"} for i in range(k)],
        "interests": [f"{rng.choice(WORDS).capitalize()} {i}" for i in range(k)],
        "events": [{"name": f"{rng.choice(WORDS).capitalize()} night {i}", "start_timestamp": ts(i), "end_timestamp": 0}
                   for i in range(k)],
        "groups": [{"timestamp": ts(i), "title": "You became a member of a group",
                    "data": [{"name": f"{rng.choice(WORDS).capitalize()} lovers {i}"}]} for i in range(k)],
        "saved": [{"timestamp": ts(i), "title": f"You saved {rng.choice(WORDS)} guide {i}",
                   "attachments": [{"data": [{"external_context": {"url": f"https://example.org/s/{i}"}}]}]}
                  for i in range(k)],
        "links": [{"timestamp": ts(i), "label_values": [{"label": "URL", "value": f"https://news.example/{i}",
                                                         "href": f"https://news.example/{i}"},
                                                        {"label": "Website title", "value": f"Story about {rng.choice(WORDS)} {i}"}],
                   "fbid": str(900000 + i)} for i in range(k)],
        "checkins": [{"timestamp": ts(i), "label_values": [{"label": "Place name", "value": f"{rng.choice(WORDS).capitalize()} Place {i}"},
                                                           {"label": "Visit time", "timestamp_value": ts(i)}],
                      "fbid": str(800000 + i)} for i in range(k)],
    }


def build_fb(dest: Path, *, era: str = "FB-4", n_messages: int = 300, n_threads: int = 12, n_other: int = 120,
             seed: int = 1, html: bool = False, per_page: int = 1000, threads: list[ThreadSpec] | None = None,
             other: dict[str, list] | None = None, profile: dict | None = None, media: bool = True) -> Path:
    rng = random.Random(seed)
    sink = Sink(dest)
    p = FB_PREFIX[era]
    thread_list = threads if threads is not None else list(random_threads(rng, n_messages, n_threads))
    if html:
        for t in thread_list:
            sink.write(f"{p}messages/inbox/{t.slug}/message_1.html", fb_html_thread(t))
        o = other or fb_other(rng, n_other)
        sink.write(f"{p}posts/your_posts__check_ins__photos_and_videos_1.html", fb_html_posts(o["posts"]))
        sink.write("start_here.html", "<html><body>start</body></html>")
        sink.close()
        return Path(dest)
    for t in thread_list:
        write_thread(sink, t, p, per_page=per_page, media=media)
    o = other if other is not None else fb_other(rng, n_other)
    v2 = "" if era == "FB-1" else "_v2"
    prof = profile or {"name": {"full_name": OWNER, "first_name": "Alex", "last_name": "Rivera"},
                       "username": OWNER_USER, "current_city": {"name": "Portland, Oregon", "timestamp": BASE_TS},
                       "hometown": {"name": "Sevilla, Spain", "timestamp": 0}}
    w = lambda path, doc: sink.write(path, meta_json(doc))  # noqa: E731
    if era == "FB-4":
        w("personal_information/profile_information/profile_information.json", {"profile_v2": prof})
        w(f"{p}posts/your_posts__check_ins__photos_and_videos_1.json", o["posts"])
        w(f"{p}comments_and_reactions/comments.json", {"comments_v2": o["comments"]})
        w(f"{p}comments_and_reactions/likes_and_reactions_1.json", o["reactions"])
        w("connections/friends/your_friends.json", {"friends_v2": o["friends"]})
        w("logged_information/search/your_search_history.json", {"searches_v2": o["searches"]})
        w("logged_information/other_logged_information/ads_interests.json", {"topics_v2": o["interests"]})
        w("ads_information/other_categories_used_to_reach_you.json",
          {"fbid": "1", "media": [], "label_values": [{"label": "Name", "vec": [{"value": x} for x in o["interests"][:5]]}]})
        w("ads_information/advertisers_using_your_activity_or_information.json",
          {"fbid": "2", "media": [], "label_values": [{"label": "Advertisers using your activity or information",
                                                       "vec": [{"value": f"Brand {i}"} for i in range(5)]}]})
        w(f"{p}events/your_event_responses.json", {"event_responses_v2": {"events_joined": o["events"]}})
        w(f"{p}groups/your_group_membership_activity.json", {"groups_joined_v2": o["groups"]})
        w(f"{p}saved_items_and_collections/your_saved_items.json", {"saves_v2": o["saved"]})
        w(f"{p}other_activity/link_history.json", o["links"])
        w(f"{p}posts/places_you_have_been_tagged_in.json", o["checkins"])
        w("security_and_login_information/browser_cookies.json", {"datr_stats_v2": []})
        w("preferences/preferences/language_and_locale.json", {"language_and_locale_v2": []})
    else:
        top = {"FB-3": "", "FB-2": "", "FB-1": ""}[era]
        w(f"{top}profile_information/profile_information.json", {f"profile{v2}": prof})
        w(f"{p}posts/your_posts_1.json", o["posts"])
        cdir = "comments" if era == "FB-1" else f"{p}comments_and_reactions"
        w(f"{cdir}/comments.json", {f"comments{v2}": o["comments"]})
        rdir = "likes_and_reactions" if era == "FB-1" else f"{p}comments_and_reactions"
        w(f"{rdir}/posts_and_comments.json", {f"reactions{v2}": o["reactions"]})
        fdir = {"FB-1": "friends", "FB-2": "friends_and_followers", "FB-3": "connections/friends"}[era]
        w(f"{fdir}/{'your_friends' if era == 'FB-3' else 'friends'}.json", {f"friends{v2}": o["friends"]})
        sdir = {"FB-1": "search_history", "FB-2": "search", "FB-3": "logged_information/search"}[era]
        w(f"{sdir}/your_search_history.json", {f"searches{v2}": o["searches"]})
        adir = "ads" if era == "FB-1" else "ads_information"
        w(f"{adir}/ads_interests.json", {f"topics{v2}": o["interests"]})
        w(f"{p}events/your_event_responses.json", {f"event_responses{v2}": {"events_joined": o["events"]}})
        w(f"{p}groups/your_group_membership_activity.json", {f"groups_joined{v2}": o["groups"]})
        sv = "saved_items" if era == "FB-1" else f"{p}saved_items_and_collections"
        w(f"{sv}/your_saved_items.json", {f"saves{v2}": o["saved"]})
    sink.close()
    return Path(dest)


# -- HTML (2022+ generation) -------------------------------------------------------------------------
def _fmt_html_date(ts_s: int) -> str:
    return dt.datetime.fromtimestamp(ts_s, dt.timezone.utc).strftime("%b %d, %Y %-I:%M:%S %p").replace("AM", "am").replace("PM", "pm")


def fb_html_thread(t: ThreadSpec) -> str:
    rows = []
    for m in sorted(t.messages, key=lambda m: -m.ts_ms):
        if not m.text:
            continue
        rows.append(f'<section class="_a6-g"><h2 class="_2ph_ _a6-h _a6-i">{m.sender}</h2><div class="_2ph_ _a6-p">'
                    f'<div><div></div><div>{_esc(m.text)}</div></div></div><footer class="_3-94 _a6-o">'
                    f'<div class="_a72d">{_fmt_html_date(m.ts_ms // 1000)}</div></footer></section>')
    return ('<html><head><meta charset="utf-8"><title>' + _esc(t.title) + '</title></head><body class="_5vb_ _2yq _a7o5">'
            '<div class="_li"><div class="_a705"><div class="_a706" role="main">' + "".join(rows) + "</div></div></div></body></html>")


def fb_html_posts(posts: list[dict]) -> str:
    rows = []
    for p in posts:
        text = next((d.get("post") for d in p.get("data", []) if "post" in d), "")
        rows.append(f'<div class="_a6-g"><div class="_2ph_ _a6-h _a6-i">{_esc(p.get("title", ""))}</div>'
                    f'<div class="_2ph_ _a6-p"><div class="_2pin"><div>{_esc(text)}</div></div></div>'
                    f'<div class="_3-94 _a6-o"><div class="_a72d">{_fmt_html_date(p["timestamp"])}</div></div></div>')
    return '<html><body class="_5vb_ _2yq _a7o5"><main class="_a706" role="main">' + "".join(rows) + "</main></body></html>"


def _esc(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# -- Instagram -------------------------------------------------------------------------------------
IG_MEDIA_DIR = {"IG-4": "your_instagram_activity/media", "IG-3": "your_instagram_activity/content", "IG-2": "content"}


def build_ig(dest: Path, *, era: str = "IG-4", n_messages: int = 200, n_threads: int = 8, n_other: int = 80,
             seed: int = 2, threads: list[ThreadSpec] | None = None, extra_files: dict[str, Any] | None = None,
             texts: list[str] | None = None, start: int = BASE_TS) -> Path:
    rng = random.Random(seed)
    # scripted captions/comments (the demo) instead of random words
    say: Callable[..., str] = (lambda r, n=None: r.choice(texts)) if texts else sentence
    sink = Sink(dest)
    thread_list = threads if threads is not None else list(random_threads(rng, n_messages, n_threads))
    k = max(1, n_other // 8)
    ts = lambda i: start + 86400 * 30 + i * (7200 if start == BASE_TS else 86400 * 9)  # noqa: E731
    if era == "IG-1":
        sink.write("profile.json", json.dumps({"username": OWNER_USER, "name": OWNER, "biography": "Climber 🧗"}))
        convs = [{"participants": [OWNER_USER] + [p.split()[0].lower() for p in t.participants[1:]],
                  "conversation": [{"sender": OWNER_USER if m.sender == OWNER else m.sender.split()[0].lower(),
                                    "created_at": dt.datetime.fromtimestamp(m.ts_ms / 1000, dt.timezone.utc).isoformat(),
                                    "text": m.text} for m in sorted(t.messages, key=lambda m: -m.ts_ms)]}
                 for t in thread_list]
        sink.write("messages.json", json.dumps(convs, ensure_ascii=False))
        iso = lambda i: dt.datetime.fromtimestamp(ts(i), dt.timezone.utc).isoformat()  # noqa: E731
        sink.write("media.json", json.dumps({"photos": [{"caption": say(rng), "taken_at": iso(i),
                                                         "path": f"photos/201901/{i}.jpg"} for i in range(k)]}, ensure_ascii=False))
        sink.write("comments.json", json.dumps({"media_comments": [[iso(i), say(rng), "sam"] for i in range(k)]}, ensure_ascii=False))
        sink.write("likes.json", json.dumps({"media_likes": [[iso(i), "maria"] for i in range(k)]}))
        sink.write("connections.json", json.dumps({"followers": {f"user{i}": iso(i) for i in range(k)},
                                                   "following": {f"user{i}": iso(i) for i in range(k // 2)}}))
        sink.write("searches.json", json.dumps([{"search_click": f"user{i}", "time": iso(i), "type": "user"} for i in range(k)]))
        sink.close()
        return Path(dest)
    pre = "your_instagram_activity/" if era in ("IG-3", "IG-4") else ""
    for t in thread_list:
        write_thread(sink, t, pre, ig=True)
    w = lambda path, doc: sink.write(path, meta_json(doc))  # noqa: E731
    posts = [{"media": [{"uri": f"media/posts/202001/{i}.jpg", "creation_timestamp": ts(i), "title": say(rng, 9)}]}
             for i in range(k * 2)]
    w(f"{IG_MEDIA_DIR[era]}/posts_1.json", posts)
    for p in posts:
        sink.write(p["media"][0]["uri"], b"\xff\xd8fake")
    comments = [{"string_map_data": {"Comment": {"value": say(rng)}, "Media Owner": {"value": "sam.carter"},
                                     "Time": {"timestamp": ts(i)}}} for i in range(k)]
    cdir = f"{pre}comments"
    w(f"{cdir}/post_comments_1.json", comments if era != "IG-2" else {"comments_media_comments": [
        {"title": "sam.carter", "string_list_data": [{"value": c["string_map_data"]["Comment"]["value"], "timestamp": ts(i)}]}
        for i, c in enumerate(comments)]})
    likes = [{"title": f"friend{i}", "string_list_data": [{"href": f"https://www.instagram.com/p/{i}", "value": "👍",
                                                           "timestamp": ts(i)}]} for i in range(k)]
    w(f"{pre}likes/liked_posts.json", {"likes_media_likes": likes})
    conn = "connections/followers_and_following" if era in ("IG-3", "IG-4") else "followers_and_following"
    followers = [{"title": "", "media_list_data": [], "string_list_data": [
        {"href": f"https://www.instagram.com/fan{i}", "value": f"fan{i}", "timestamp": ts(i)}]} for i in range(k)]
    w(f"{conn}/followers_1.json", followers)
    w(f"{conn}/following.json", {"relationships_following": [
        {"title": f"idol{i}", "string_list_data": [{"href": f"https://www.instagram.com/idol{i}", "timestamp": ts(i)}]}
        for i in range(k)]})
    pdir = "personal_information/personal_information" if era in ("IG-3", "IG-4") else "personal_information"
    w(f"{pdir}/personal_information.json", {"profile_user": [{"title": "User Information", "string_map_data": {
        "Username": {"href": "", "value": OWNER_USER, "timestamp": 0}, "Name": {"href": "", "value": OWNER, "timestamp": 0},
        "Bio": {"href": "", "value": "Climber 🧗 · Portland", "timestamp": 0}}}]})
    new_layout = era in ("IG-3", "IG-4")
    if new_layout:
        w("ads_information/instagram_ads_and_businesses/other_categories_used_to_reach_you.json",
          {"fbid": "3", "media": [], "label_values": [{"label": "Name", "vec": [{"value": "Frequent travellers"},
                                                                                 {"value": "Outdoor enthusiasts"}]}]})
    w(("preferences/" if new_layout else "") + "your_topics/recommended_topics.json", {"topics_your_topics": [
        {"string_map_data": {"Name": {"value": x}}} for x in ("Rock climbing", "Hiking", "Coffee")]})
    w(("logged_information/link_history/" if new_layout else "link_history/") + "link_history.json", [
        {"timestamp": ts(i), "label_values": [{"label": "Website title", "value": f"Trail guide {i}"},
                                             {"label": "URL", "value": f"https://trails.example/{i}"}], "fbid": str(i)}
        for i in range(k)])
    w(f"{pre}saved/saved_posts.json", {"saved_saved_media": [
        {"title": f"creator{i}", "string_map_data": {"Saved on": {"href": f"https://www.instagram.com/p/s{i}",
                                                                  "timestamp": ts(i)}}} for i in range(k)]})
    w(("logged_information/" if new_layout else "") + "recent_searches/word_or_phrase_searches.json", {"searches_keyword": [
        {"title": "", "string_map_data": {"Search": {"value": f"{rng.choice(WORDS)} spots"}, "Time": {"timestamp": ts(i)}}}
        for i in range(k)]})
    if era in ("IG-3", "IG-4"):
        w("your_instagram_activity/threads/threads_and_replies.json", {"text_post_app_text_posts": [
            {"media": [{"uri": "", "creation_timestamp": ts(i), "title": say(rng)}], "title": "", "creation_timestamp": ts(i)}
            for i in range(k)]})
    if new_layout:
        w("security_and_login_information/login_and_profile_creation/login_activity.json",
          {"account_history_login_history": []})
    for path, doc in (extra_files or {}).items():
        w(path, doc)
    sink.close()
    return Path(dest)


# -- WhatsApp -----------------------------------------------------------------------------------------
def whatsapp_txt(msgs: list[Msg], *, style: str = "ios", clock: int = 24, day_first: bool = True,
                 system: bool = True) -> str:
    lines = []
    if system:
        first = msgs[0].ts_ms if msgs else BASE_TS * 1000
        lines.append(_wa_prefix(first, style, clock, day_first) + "Messages and calls are end-to-end encrypted.")
    for m in msgs:
        lines.append(_wa_prefix(m.ts_ms, style, clock, day_first) + f"{m.sender}: {m.text}")
    return "\n".join(lines) + "\n"


def _wa_prefix(ts_ms: int, style: str, clock: int, day_first: bool) -> str:
    d = dt.datetime.fromtimestamp(ts_ms / 1000, dt.timezone.utc)
    date = d.strftime("%d/%m/%Y" if day_first else "%m/%d/%y")
    if style == "ios":
        t = d.strftime("%H:%M:%S") if clock == 24 else d.strftime("%-I:%M:%S %p")
        return f"[{date.replace('/', '.') if day_first else date}, {t}] "
    t = d.strftime("%H:%M") if clock == 24 else d.strftime("%-I:%M %p")
    return f"{date}, {t} - "


def split_zip(src: Path, parts: int, dest_dir: Path, stem: str) -> list[Path]:
    """Split one export ZIP into N part ZIPs named like Meta's (same stem, different suffix)."""
    with zipfile.ZipFile(src) as zf:
        names = zf.namelist()
        outs = [dest_dir / f"{stem}-part{i}x{i}.zip" for i in range(parts)]
        zs = [zipfile.ZipFile(o, "w", zipfile.ZIP_DEFLATED, compresslevel=1) for o in outs]
        for i, n in enumerate(names):
            zs[i % parts].writestr(n, zf.read(n))
        for z in zs:
            z.close()
    return outs


def write_corpus(root: Path, seed: int = 7) -> dict[str, Path]:
    """One small export of every era and format (used by the tests)."""
    root.mkdir(parents=True, exist_ok=True)
    out = {}
    for era in ("FB-1", "FB-2", "FB-3", "FB-4"):
        out[era] = build_fb(root / f"facebook-alex-01_0{era[-1]}_2024-abcd{era[-1]}.zip", era=era, n_messages=60,
                            n_threads=4, n_other=48, seed=seed, per_page=10)
    out["FB-HTML"] = build_fb(root / "fbhtml", era="FB-4", html=True, n_messages=30, n_threads=2, n_other=24, seed=seed)
    for era in ("IG-1", "IG-2", "IG-3", "IG-4"):
        out[era] = build_ig(root / f"instagram-alex-2024-0{era[-1]}-01-xyz{era[-1]}.zip", era=era, n_messages=40,
                            n_threads=3, n_other=40, seed=seed)
    rng = random.Random(seed)
    msgs = [m for t in random_threads(rng, 20, 1, friends=["Sam Carter"]) for m in t.messages]
    (root / "WhatsApp Chat with Sam Carter.txt").write_text(whatsapp_txt(msgs, style="ios"), "utf-8")
    out["WA"] = root / "WhatsApp Chat with Sam Carter.txt"
    return out
