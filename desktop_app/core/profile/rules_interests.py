"""Interest facts: Meta's ad interests, categories and topics, liked pages, hashtags, and the user's own words."""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from desktop_app.core.profile.context import Ctx, extra_of
from desktop_app.core.profile.store import Derived
from desktop_app.core.profile.text import hashtags, sensitive_topic, tokens, top_terms, topic_core, topic_key

META_SOURCES = ("ad_interest", "ad_category", "topic")
# source -> (base confidence, label words)
SOURCES = {
    "ad_interest": (0.35, "Meta ad interest"), "ad_category": (0.3, "category Meta uses to reach you"),
    "topic": (0.35, "Meta topic"), "liked_page": (0.7, "page you liked"), "hashtag": (0.75, "your hashtag"),
    "own_text": (0.45, "you write about it"),
}
_IG_PREFIX = re.compile(r"^\s*the user might be interested in\s+", re.I)


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


def derive(ctx: Ctx) -> list[Derived]:
    acc: dict[str, dict[str, Any]] = {}

    def add(name: str, source: str, rids: list[int], count: int = 1) -> None:
        key = topic_key(name)
        if len(key) < 2:
            return
        e = acc.setdefault(key, {"name": topic_core(name), "sources": defaultdict(int), "ev": []})
        e["sources"][source] += count
        e["ev"].extend(rids)

    for rid, kind, text, extra in ctx.records(f"r.kind IN ({','.join('?' * len(META_SOURCES))})", META_SOURCES,
                                              cols="r.id, r.kind, r.text, r.extra"):
        name = meta_name(text, extra_of(extra))
        if name:
            add(name, kind, [rid])
    for rid, text, extra, source in ctx.records("r.kind = 'like'", cols="r.id, r.text, r.extra, r.source"):
        ex = extra_of(extra)
        page = _liked_page(text, ex, source)
        if page:
            add(page, "liked_page", [rid])
        tags = ex.get("hashtags") if isinstance(ex.get("hashtags"), list) else []
        for tag in [*tags, *hashtags(text)]:
            if isinstance(tag, str) and tag.strip("#"):
                add("#" + tag.strip("#").casefold(), "hashtag", [rid])
    own = ctx.own_texts()
    for rid, text, _toks in own:
        if "#" in text:
            for tag in hashtags(text):
                add("#" + tag, "hashtag", [rid])
    people_words = {t for name in ctx.names.values() for t in tokens(name)}
    min_df = 3 if len(own) >= 30 else 2
    for term, df, rids in top_terms(((rid, toks) for rid, _t, toks in own), exclude=people_words, min_df=min_df,
                                    limit=25):
        add(term, "own_text", rids, df)
    out = []
    for key, e in acc.items():
        srcs = dict(e["sources"])
        mine = [s for s in srcs if s not in META_SOURCES]
        best = max(srcs, key=lambda s: SOURCES[s][0])
        conf = SOURCES[best][0] + 0.05 * min(5, sum(srcs.values()) - 1)
        if mine and any(s in META_SOURCES for s in srcs):
            conf += 0.1  # Meta's guess backed by the user's own activity
        label = f"{e['name']}: " + ", ".join(SOURCES[s][1] for s in sorted(srcs, key=lambda s: -SOURCES[s][0]))
        value = {"name": e["name"], "sources": srcs, "meta_only": not mine, "count": sum(srcs.values())}
        out.append(Derived("interest", key, label, value, min(0.95, conf), f"interests.{best}", e["ev"],
                           sensitive=sensitive_topic(e["name"])))
    return out
