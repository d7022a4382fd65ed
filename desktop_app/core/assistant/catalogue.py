"""Catalogue questions answered completely from the vault: liked pages, follows, followers, saved
items, ad interests, advertisers, clicked ads, Meta's topics, events, groups, searches, check-ins.

``answer(vault, question, scope)`` returns an ``AnalyticResult`` (the same shape as counts), with
every item listed and cited, or None when the question is not a catalogue question or the vault
holds no records of that kind (then the question is a lookup after all: "What events has
Caroline been to?" in a chat-only archive). Every constraint in the question applies: platform
("on Instagram"), time ("in 2021"), and any other words (a topic, a name) as text filters; a
constraint that matches nothing is said, never silently dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from desktop_app.core.assistant.analytics import AnalyticResult, parse_period
from desktop_app.core.assistant.plan import PLATFORMS, platforms_in
from desktop_app.core.assistant.spans import day_label
from desktop_app.core.assistant.words import QUESTION_WORDS
from desktop_app.core.privacy.scope import Scope, scope_where

if TYPE_CHECKING:
    from desktop_app.core.store.vault import Vault

LIST_SHOWN = 50     # items named in the answer text; all are in the facts


@dataclass(frozen=True)
class Entry:
    key: str
    pattern: str                       # on the lower-cased question
    kinds: tuple[str, ...]
    label: str                         # "pages you liked"
    sources: tuple[str, ...] = ()      # LIKE patterns on the record's source file, any of them
    words: str = ""                    # the entry's own vocabulary, removed before topic filtering
    # what the records found are called when the export has no list of this kind ("6 pages you liked"
    # would call Instagram posts liked pages)
    fallback: str = "records of that kind"
    # False: records of the kinds found without the list's own file do not answer the question (advertisers
    # and ad interests are not ads clicked: listing them as "records of that kind" had passed them off)
    fallback_answers: bool = True


ENTRIES = [
    Entry("clicked_ads", r"\b(?:click\w*|tapp\w*|interact\w*)\b.*\b(?:ads?|advert\w*)\b|\b(?:ads?|advert\w*)\b.*"
          r"\b(?:click\w*|interact\w*)\b", ("advertiser", "ad_interest", "link"), "ads you clicked or interacted with",
          ("%interacted%", "%click%"), "ad ads advert advertisement clicked click interacted tapped",
          fallback_answers=False),
    Entry("advertisers", r"\badvertisers?\b|\bbrands?\b.*\b(?:data|info\w*|list|target\w*|us\w+)\b", ("advertiser",),
          "advertisers that have your information", (), "advertiser advertisers brand brands data information list "
          "targeted target using use uploaded"),
    Entry("meta_interests", r"\b(?:meta|facebook|instagram|fb|ig)\b.*\b(?:think\w*|believ\w*|infer\w*|interest\w*|"
          r"categor\w*|topics?)\b|\bad (?:interests?|categories|topics)\b|\binterests?\b.*\b(?:ads?|meta)\b",
          ("ad_interest", "ad_category", "topic"), "interests and categories Meta lists for you", (),
          "meta facebook instagram fb ig think thinks believe believes infer inferred interested interest interests "
          "category categories topic topics ad ads"),
    Entry("liked_pages", r"\bpages?\b.*\b(?:lik\w*|follow\w*|fan)\b|\b(?:lik\w*|follow\w*)\b.*\bpages?\b", ("like",),
          "pages you liked", ("%page%",), "page pages liked like likes follow followed following fan",
          "other things you liked"),
    Entry("likes", r"\b(?:posts?|photos?|things?|videos?|reels?)\b.*\b(?:lik(?:e|ed)|react\w*)\b|\bmy likes\b|"
          r"^what\s+(?:did|have)\s+i\s+(?:liked?|reacted\s+to)(?:\s+on\s+\w+)?(?:\s+in\s+\d{4})?\s*\??$",
          ("like", "reaction"), "things you liked or reacted to", (), "post posts photo photos thing things video "
          "videos reel reels like liked likes react reacted reaction reactions"),
    Entry("followers", r"\bfollowers?\b|\bfollows? me\b", ("follower",), "accounts that follow you", (),
          "follower followers follows follow"),
    Entry("following", r"\b(?:i|do i)\s+follow\b|\baccounts?\b.*\bfollow\w*\b|\bfollowing\b", ("following",),
          "accounts you follow", (), "follow following followed accounts account"),
    Entry("saved", r"\bsaved?\b|\bbookmark\w*", ("saved",), "things you saved", (), "saved save bookmarked bookmark"),
    Entry("events", r"\bevents?\b", ("event",), "events you responded to", (), "event events go went attend attended"),
    Entry("groups", r"\bgroups?\b(?!\s+chat)", ("group",), "groups you joined", (), "group groups join joined member"),
    Entry("searches", r"\b(?:i|my)\b.*\bsearch(?:ed|es)?\b|\bsearch history\b", ("search",), "searches you made", (),
          "search searched searches history look looked"),
    Entry("friends", r"(?<!closest )(?<!best )(?<!close )(?:\b(?:list|who are|show)\b.*\bfriends\b|\bmy friends\b)",
          ("friend",), "friends of yours", (),
          "friend friends list show"),
    Entry("checkins", r"\bcheck(?:ed)?[- ]?ins?\b", ("checkin",), "places you checked in", (),
          "check checked checkin checkins in"),
    # last: "posts I liked" and "posts I saved" are likes and saved items
    Entry("posts", r"\b(?:i|my)\b.*\bpost(?:s|ed)?\b(?!\s+(?:office|card|code)s?\b)", ("post", "threads_post"),
          "posts you wrote", (), "post posts posted write wrote share shared publish published"),
]

_LIST_Q = re.compile(r"^(?:which|what|who|whom|list|show|name|tell me|give me|where)\b|\bdo i follow\b")
_FILLER = frozenset("all every ever me my mine i have has had did do does on in at from during the of to show list give"
                    .split())


def match(question: str) -> Entry | None:
    ql = " ".join(question.lower().split())
    if not _LIST_Q.search(ql):
        return None
    for e in ENTRIES:
        if re.search(e.pattern, ql):
            return e
    return None


# The words a period is asked in ("last year", "this summer"): with a period found they are its words, not a topic
# ("What did I post last year?" had looked for posts matching "last year" in 2025).
_TIME_WORDS = frozenset("""last this next past year years month months week weeks weekend summer winter spring autumn fall
ago since before after between during yesterday today""".split())


def _topic_words(question: str, entry: Entry, period_label: str) -> list[str]:
    drop = set(entry.words.split()) | QUESTION_WORDS | _FILLER | set(PLATFORMS) | set(period_label.lower().split())
    if period_label:
        drop |= _TIME_WORDS
    out = []
    for w in re.findall(r"[\w'’-]+", question.lower()):
        w = w.strip("'’")
        if re.search(r"['’]", w) and re.split(r"['’]", w)[0] in QUESTION_WORDS | _FILLER:
            continue    # "i'm", "i've", "what's": pronoun contractions, not topics
        if len(w) > 2 and w not in drop and not w.isdigit():
            out.append(w)
    return list(dict.fromkeys(out))


def answer(vault: Vault, question: str, scope: Scope | None) -> AnalyticResult | None:
    entry = match(question)
    if entry is None:
        return None
    where, params = scope_where(scope, "r")
    kq = ",".join("?" * len(entry.kinds))
    base = f"FROM records r WHERE r.kind IN ({kq}) AND {where}"
    bparams: list[Any] = [*entry.kinds, *params]
    total = int(vault.scalar(f"SELECT count(*) {base}", bparams) or 0)
    if not total:
        return None
    sql, sp = base, list(bparams)
    notes: list[str] = []
    if entry.sources:
        src = " OR ".join("r.source LIKE ?" for _ in entry.sources)
        if vault.scalar(f"SELECT count(*) {sql} AND ({src})", [*sp, *entry.sources]):
            sql += f" AND ({src})"
            sp += list(entry.sources)
        elif not entry.fallback_answers:
            text = f"Your export has no list of {entry.label}."
            return AnalyticResult("list", f"{entry.label}: no list in your export", text, [], [],
                                  {"catalogue": entry.key, "count": 0, "items": [], "notes": [text]})
        else:
            notes.append(f"your export has no list of {entry.label}; the nearest records of that kind are shown")
    platforms = platforms_in(question)
    if platforms:
        sql += f" AND r.platform IN ({','.join('?' * len(platforms))})"
        sp += platforms
    from desktop_app.core.timezone import zone_for

    period = parse_period(question, zone=zone_for(vault))
    if period.start_ms is not None:
        sql += " AND r.ts >= ?"
        sp.append(period.start_ms)
    if period.end_ms is not None:
        sql += " AND r.ts < ?"
        sp.append(period.end_ms)
    topic = _topic_words(question, entry, period.label)
    for w in topic:
        sql += " AND (r.text LIKE ? OR coalesce(r.extra, '') LIKE ?)"
        sp += [f"%{w}%", f"%{w}%"]
    rows = vault.query(f"SELECT r.id, r.text, r.platform, r.ts {sql} ORDER BY r.ts IS NULL, r.ts DESC, r.id", sp)
    scope_words = []
    if topic:
        scope_words.append("matching “" + " ".join(topic) + "”")
    if platforms:
        scope_words.append("on " + ", ".join("WhatsApp" if p == "whatsapp" else p.title() for p in platforms))
    if period.label:
        scope_words.append(period.label)
    qualifier = (" " + ", ".join(scope_words)) if scope_words else ""
    label = entry.label
    missing = f"Your export has no list of {label}. " if notes else ""
    if missing:        # "6 pages you liked: friend0..." would call Instagram posts pages: say what they are
        label = entry.fallback
    if not rows:
        template = missing + (f"None of the {total} {label} in your data are{qualifier}." if qualifier
                              else f"I found no {label} in your data.")
        newest = vault.scalar(f"SELECT max(r.ts) {base}", bparams) if period.start_ms is not None else None
        if newest is not None and int(newest) < int(period.start_ms or 0):   # asked of a time the export ends before
            asked = re.sub(r"^(?:in|since|during)\s+", "", period.label)
            template += f" The newest of them is from {day_label(int(newest), zone_for(vault))}: your data ends before {asked}."
        return AnalyticResult("list", f"{label}{qualifier}: none", template, [], [],
                              {"catalogue": entry.key, "count": 0, "items": [], "notes": notes}, notes=notes)
    grouped: dict[str, list[int]] = {}      # the same item listed twice (an ad interest and an ad category)
    for rid, text, _, _ in rows:
        grouped.setdefault(_item_text(text), []).append(rid)
    items = [(ids[0], t) for t, ids in grouped.items()]
    shown = items[:LIST_SHOWN]
    listed = "; ".join(f"{t} [{i}]" for i, (_, t) in enumerate(shown, 1))
    more = f"; and {len(items) - len(shown)} more" if len(items) > len(shown) else ""
    template = f"{missing}{len(items)} {label}{qualifier}: {listed}{more}."
    return AnalyticResult("list", f"{len(items)} {label}{qualifier}", template, [str(len(items))],
                          [rid for rid, _ in shown],
                          {"catalogue": entry.key, "count": len(items), "items": [t for _, t in items],
                           "record_ids": [rid for ids in grouped.values() for rid in ids], "notes": notes},
                          notes=notes)


def _item_text(text: str) -> str:
    t = " ".join((text or "").split())
    return t if len(t) <= 120 else t[:119] + "…"
