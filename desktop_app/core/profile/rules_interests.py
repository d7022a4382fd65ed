"""Interest facts: topics the user's own records show (``topics.TOPICS``), Meta's ad interests,
categories and topics, liked pages and hashtags; each with its evidence records.

Only named topics come from the user's words: a frequent single word of someone's chats
("properly", "that's", "#52") is never an interest.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Set
from typing import Any

from desktop_app.core.profile.context import Ctx, extra_of
from desktop_app.core.profile.extract import ProfileField
from desktop_app.core.profile.store import Derived
from desktop_app.core.profile.text import (ALL_STOPWORDS, NOISE, fold, hashtags, sensitive_topic, tokens, topic_core,
                                           topic_key)
from desktop_app.core.profile.topics import TOPICS, Matcher, Topic

META_SOURCES = ("ad_interest", "ad_category", "topic")
# source -> (base confidence, label words)
SOURCES = {
    "ad_interest": (0.35, "Meta ad interest"), "ad_category": (0.3, "category Meta uses to reach you"),
    "topic": (0.35, "Meta topic"), "liked_page": (0.7, "page you liked"), "hashtag": (0.75, "your hashtag"),
    "own_text": (0.6, "you write about it"), "bio": (0.8, "your bio"), "activity": (0.6, "your groups, events, saves"),
}
# How much one record counts towards a topic: a post says more than one chat line among thousands.
WEIGHTS = {"post": 2.0, "message": 1.0, "bio": 3.0, "activity": 1.5, "liked_page": 1.5, "hashtag": 2.0}
MAX_TOPIC_EVIDENCE = 40
_IG_PREFIX = re.compile(r"^\s*the user might be interested in\s+", re.I)
# Hashtags that say nothing about a topic.
_HASHTAG_NOISE = frozenset("""tbt fbf love instagood photooftheday nofilter throwback happy fun friends summer
    family selfie repost mood goals blessed weekend instadaily picoftheday follow like4like cute beautiful""".split())


def meta_name(text: str, extra: dict[str, Any]) -> str:
    """The name of an ad interest / category / topic record."""
    for k in ("name", "value", "topic", "interest", "category"):
        if isinstance(extra.get(k), str) and extra[k].strip():
            return _IG_PREFIX.sub("", extra[k]).strip()
    return _IG_PREFIX.sub("", (text or "").strip().splitlines()[0] if (text or "").strip() else "").strip()


def _liked_page(text: str, extra: dict[str, Any], source: str) -> str | None:
    kind = str(extra.get("type") or extra.get("target") or extra.get("subtype") or "").casefold()
    if "page" in kind or "page" in (source or "").casefold():
        name = extra.get("name") or extra.get("page") or text
        return name.strip() if isinstance(name, str) and name.strip() else None
    return None


def needed_score(n_own: int) -> float:
    """Support a topic needs: 3 (a post and a chat line, or three lines) in a small archive, growing
    slowly with the user's writing so a passing mention among 50,000 messages is not an interest."""
    return min(12.0, 3.0 + max(0, n_own - 300) / 1500)


class TopicEvidence:
    """Per vocabulary topic: strong-hit records with their weight, weak-hit records, and the sources."""

    def __init__(self) -> None:
        self.strong: dict[int, dict[int, float]] = defaultdict(dict)
        self.weak: dict[int, list[int]] = defaultdict(list)
        self.sources: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))

    def add(self, hits: dict[int, bool], rid: int, weight: float, source: str) -> None:
        for topic, strong in hits.items():
            if strong:
                prev = self.strong[topic].get(rid, 0.0)
                self.strong[topic][rid] = max(prev, weight)
                self.sources[topic][source] += 1
            else:
                self.weak[topic].append(rid)

    def score(self, topic: int, without: Set[int] = frozenset()) -> tuple[float, list[int]]:
        """Strong records' weights, plus half a point per weak-only record once two strong records show the
        topic; weak words add at most half of it (hundreds of "I'll run to the shop" never make a runner)."""
        recs = {r: w for r, w in self.strong.get(topic, {}).items() if r not in without}
        total = sum(recs.values())
        if len(recs) >= 2:
            weak = 0.5 * len({r for r in self.weak.get(topic, ()) if r not in recs and r not in without})
            total += min(weak, total / 2)
        return total, sorted(recs, key=lambda r: -recs[r])


def collect(ctx: Ctx, fields: list[tuple[int, str, ProfileField]] | None = None,
            matcher: Matcher | None = None) -> TopicEvidence:
    """Where the user's own records name vocabulary topics: texts, bio, hashtags, groups, events, saves, liked pages."""
    m = matcher or Matcher()
    folded: dict[str, str] = {}

    def f(toks: list[str]) -> list[str]:
        return [folded.get(t) or folded.setdefault(t, fold(t)) for t in toks]

    ev = TopicEvidence()
    seen: set[str] = set()
    for rid, text, toks in ctx.own_texts():
        if text in seen:  # the same line sent again ("Can you send me that recipe?") is one mention
            continue
        seen.add(text)
        hits = m.match_tokens(toks)
        if hits:
            ev.add(hits, rid, WEIGHTS["message"] if ctx.is_message(rid) else WEIGHTS["post"], "own_text")
    for rid, _platform, field in fields or ():
        if field.field == "bio":
            ev.add(m.match(f(tokens(field.value))), rid, WEIGHTS["bio"], "bio")
    for rid, text, extra, kind, source in ctx.records(
            "r.kind IN ('group', 'event', 'saved', 'search', 'like')", cols="r.id, r.text, r.extra, r.kind, r.source",
            own=True):
        ex = extra_of(extra)
        if kind == "like":
            page = _liked_page(text, ex, source)
            if page:
                ev.add(m.match(f(tokens(page))), rid, WEIGHTS["liked_page"], "liked_page")
            continue
        name = ex.get("name") if isinstance(ex.get("name"), str) else text
        ev.add(m.match(f(tokens(name or ""))), rid, WEIGHTS["activity"], "activity")
    return ev


def _hashtag_ok(tag: str) -> bool:
    return (tag.isalpha() and len(tag) >= 4 and tag not in ALL_STOPWORDS and tag not in NOISE
            and tag not in _HASHTAG_NOISE)


def main_language(ctx: Ctx) -> str | None:
    """The language most of the user's texts are in (for showing topic names)."""
    from collections import Counter

    from desktop_app.core.profile.text import guess_language

    counts: Counter[str] = Counter()
    for _rid, text, toks in ctx.own_texts()[:4000]:
        if len(text) >= 12:
            code = guess_language(toks)
            if code:
                counts[code] += 1
    return counts.most_common(1)[0][0] if counts else None


def derive(ctx: Ctx, fields: list[tuple[int, str, ProfileField]] | None = None,
           lang: str | None = None) -> list[Derived]:
    acc: dict[str, dict[str, Any]] = {}

    def add(name: str, source: str, rids: list[int], count: int = 1, *, topic: Topic | None = None) -> None:
        key = topic_key(topic.name if topic else name)
        if len(key) < 2:
            return
        e = acc.setdefault(key, {"name": topic_core(name), "sources": defaultdict(int), "ev": [], "topic": None})
        if topic is not None:
            e["name"], e["topic"] = name, topic.name
        e["sources"][source] += count
        e["ev"].extend(rids)

    for rid, kind, text, extra in ctx.records(f"r.kind IN ({','.join('?' * len(META_SOURCES))})", META_SOURCES,
                                              cols="r.id, r.kind, r.text, r.extra"):
        name = meta_name(text, extra_of(extra))
        if name:
            add(name, kind, [rid])
    tag_records: dict[str, list[int]] = defaultdict(list)
    for rid, text, extra, source in ctx.records("r.kind = 'like'", cols="r.id, r.text, r.extra, r.source"):
        ex = extra_of(extra)
        page = _liked_page(text, ex, source)
        if page:
            add(page, "liked_page", [rid])
        tags: list[Any] = ex["hashtags"] if isinstance(ex.get("hashtags"), list) else []
        for tag in [*tags, *hashtags(text)]:
            if isinstance(tag, str) and tag.strip("#"):
                tag_records[tag.strip("#").casefold()].append(rid)
    own = ctx.own_texts()
    for rid, text, _toks in own:
        if "#" in text:
            for tag in hashtags(text):
                tag_records[tag].append(rid)
    matcher = Matcher()
    ev = collect(ctx, fields, matcher)
    for tag, rids in tag_records.items():
        strong = {t: True for t, is_strong in matcher.match([fold(tag)]).items() if is_strong}
        if strong:
            for r in dict.fromkeys(rids):
                ev.add(strong, r, WEIGHTS["hashtag"], "hashtag")
        elif _hashtag_ok(tag) and len(set(rids)) >= 3:
            add("#" + tag, "hashtag", rids, len(set(rids)))
    need = needed_score(len(own))
    chosen = _choose_topics(ev, need)
    for i, recs in chosen.items():
        t = TOPICS[i]
        weak = [r for r in ev.weak.get(i, []) if r not in set(recs)]
        srcs = ev.sources[i]
        for src in ("own_text", "bio", "hashtag", "liked_page", "activity"):
            if srcs.get(src):
                add(t.shown(lang), src, [], srcs[src], topic=t)
        key = topic_key(t.name)
        acc[key]["ev"] = [*recs[:MAX_TOPIC_EVIDENCE], *weak[:max(0, MAX_TOPIC_EVIDENCE - len(recs))], *acc[key]["ev"]]
        acc[key]["support"] = len(recs)
    out = []
    for key, e in acc.items():
        srcs = dict(e["sources"])
        mine = [s for s in srcs if s not in META_SOURCES]
        best = max(srcs, key=lambda s: SOURCES[s][0])
        conf = SOURCES[best][0] + 0.05 * min(5, math.log2(1 + sum(srcs.values())))
        if mine and any(s in META_SOURCES for s in srcs):
            conf += 0.1  # Meta's guess backed by the user's own activity
        label = f"{e['name']}: " + ", ".join(SOURCES[s][1] for s in sorted(srcs, key=lambda s: -SOURCES[s][0]))
        value = {"name": e["name"], "sources": srcs, "meta_only": not mine, "count": sum(srcs.values())}
        if e["topic"]:
            value.update({"topic": e["topic"], "records": e.get("support", 0)})
        rule = "interests.vocabulary" if e["topic"] else f"interests.{best}"
        evidence = list(dict.fromkeys(e["ev"]))
        out.append(Derived("interest", key, label, value, round(min(0.95, conf), 3), rule, evidence,
                           sensitive=sensitive_topic(e["topic"] or e["name"])))
    return out


def _choose_topics(ev: TopicEvidence, need: float) -> dict[int, list[int]]:
    """Topics with enough support, a parent only with support beyond its derived children's records."""
    by_name = {t.name: i for i, t in enumerate(TOPICS)}
    chosen: dict[int, list[int]] = {}
    children = [i for i, t in enumerate(TOPICS) if t.parent]
    parents = {by_name[t.parent] for t in TOPICS if t.parent}
    order = children + [i for i in range(len(TOPICS)) if i not in set(children)]
    for i in order:
        without: set[int] = set()
        bar = need
        if i in parents:
            for c in chosen:
                if TOPICS[c].parent == TOPICS[i].name:
                    without |= set(chosen[c]) | set(ev.weak.get(c, ()))
                    bar = 2 * need  # "Piano" beside "Jazz piano" only when there is much more of it
        score, recs = ev.score(i, without)
        bio = ev.sources.get(i, {}).get("bio", 0) > 0
        if score >= bar and (len(recs) >= 2 or bio):
            chosen[i] = recs
    return chosen
