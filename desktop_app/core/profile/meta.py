"""Meta vs. me: what Meta's files say it inferred, beside what the user confirmed and what their own activity shows."""

from __future__ import annotations

import re
from typing import Any

from desktop_app.core.privacy.scope import Scope
from desktop_app.core.profile.context import Ctx, build_context, extra_of
from desktop_app.core.profile.rules_interests import META_SOURCES, meta_name
from desktop_app.core.profile.store import list_facts
from desktop_app.core.profile.text import ALL_STOPWORDS, tokens, topic_core, topic_key
from desktop_app.core.store.vault import Vault

_OWN_KINDS_FOR_SUPPORT = ("post", "comment", "message", "like", "reaction", "search", "saved", "threads_post",
                          "checkin", "group", "event", "link")
_ADVERTISER_FLAGS = {
    "has_data_file_custom_audience": "uploaded a list with your information",
    "has_remarketing_custom_audience": "targets you from your activity on their site or app",
    "has_in_person_store_visit": "matched a store visit to you",
}
_KIND_WORDS = {"ad_interest": "ad interest", "ad_category": "category used to reach you", "topic": "topic"}


def _stem(tok: str) -> str:
    for suffix in ("ing", "es", "s"):
        if tok.endswith(suffix) and len(tok) - len(suffix) >= 4:
            return tok[: -len(suffix)]
    return tok


def fts_query(name: str) -> str | None:
    """FTS5 query for "the user mentions this topic": any alternative, all its words (as prefixes)."""
    alts = re.split(r"\s*(?:&|/|,|\band\b|\bor\b)\s*", topic_core(name), flags=re.I)
    parts = []
    for alt in alts:
        toks = [_stem(t) for t in tokens(alt) if len(t) >= 3 and t not in ALL_STOPWORDS]
        if toks:
            parts.append("(" + " AND ".join('"' + t.replace('"', '""') + '"*' for t in toks) + ")")
    return "text : (" + " OR ".join(parts) + ")" if parts else None


def own_mentions(ctx: Ctx, name: str, *, limit: int = 5) -> tuple[int, list[int]]:
    """How many of the user's own records mention ``name``, and a few of their ids."""
    q = fts_query(name)
    if q is None:
        return 0, []
    osql, oparams = ctx.own_sql("r")
    kinds = ",".join("?" * len(_OWN_KINDS_FOR_SUPPORT))
    sql = (f"SELECT r.id FROM records_fts JOIN records r ON r.id = records_fts.rowid WHERE records_fts MATCH ?"
           f" AND r.kind IN ({kinds}) AND ({ctx.where}) AND {osql} ORDER BY r.ts")
    try:
        ids = [r for (r,) in ctx.vault.query(sql, [q, *_OWN_KINDS_FOR_SUPPORT, *ctx.params, *oparams])]
    except Exception:  # a query FTS5 cannot parse counts as no support, never as an error
        return 0, []
    return len(ids), ids[:limit]


_AUTO = object()
SHOWN_SUPPORT = 5


def _bio(ctx: Ctx) -> list[tuple[int, str]]:
    from desktop_app.core.profile.extract import profile_fields

    return [(rid, f.value) for rid, text, extra in ctx.records("r.kind = 'profile'")
            for f in profile_fields(text, extra_of(extra)) if f.field == "bio"]


def meta_vs_me(vault: Vault, scope: Scope | None = None, *, embedder: Any = _AUTO) -> dict[str, Any]:
    """Side by side: Meta's inferences (with support in the user's own activity) and the user's confirmed facts.

    Support is read by meaning (``support.label_support``): with ``embedder`` (default: the sentence
    model when the vault has its vectors; ``None``: words only), the topic vocabulary, and words.
    """
    from desktop_app.core.profile.support import default_embedder, label_support

    ctx = build_context(vault, scope)
    if embedder is _AUTO:
        embedder = default_embedder(vault)
    facts = {f.key: f for f in list_facts(vault, kinds=["interest"], include_deleted=True)}
    inferred: dict[str, dict[str, Any]] = {}
    for rid, kind, text, extra in ctx.records(f"r.kind IN ({','.join('?' * len(META_SOURCES))})", META_SOURCES,
                                              cols="r.id, r.kind, r.text, r.extra"):
        name = meta_name(text, extra_of(extra))
        key = topic_key(name)
        if not key:
            continue
        e = inferred.setdefault(key, {"name": topic_core(name), "key": key, "meta_says": [], "record_ids": []})
        if _KIND_WORDS[kind] not in e["meta_says"]:
            e["meta_says"].append(_KIND_WORDS[kind])
        e["record_ids"].append(rid)
    items = []
    support = label_support(ctx, [e["name"] for e in inferred.values()], embedder=embedder, bio=_bio(ctx),
                            word_mentions=lambda name: own_mentions(ctx, name, limit=50)[1])
    for key, e in sorted(inferred.items()):
        sup = support[e["name"]]
        f = facts.get(key)
        status = f.status if f else None
        e.update({"support_count": len(sup.record_ids) if sup.supported else 0,
                  "support_record_ids": sup.record_ids[:SHOWN_SUPPORT] if sup.supported else [],
                  "supported": sup.supported, "support_by": sup.how if sup.supported else [],
                  "weak_support_record_ids": [] if sup.supported else sup.record_ids[:SHOWN_SUPPORT],
                  "your_status": status, "fact_id": f.id if f and status != "deleted" else None,
                  "sensitive": f.sensitive if f else None,
                  "flag": None if sup.supported else "no support in your own activity"})
        items.append(e)
    advertisers = []
    for rid, text, extra in ctx.records("r.kind = 'advertiser'", cols="r.id, r.text, r.extra"):
        ex = extra_of(extra)
        name = (ex.get("advertiser_name") or ex.get("name") or text or "").strip()
        if not name:
            continue
        holds = [why for k, why in _ADVERTISER_FLAGS.items() if ex.get(k)]
        if isinstance(ex.get("action"), str) and ex["action"].strip():
            holds.append(f"you interacted: {ex['action'].strip()}")
        if isinstance(ex.get("list"), str) and ex["list"].strip():
            holds.append(ex["list"].strip())
        n, ids = own_mentions(ctx, name)
        advertisers.append({"name": name, "record_id": rid, "what_meta_says": holds, "support_count": n,
                            "support_record_ids": ids,
                            "flag": None if n or any(h.startswith("you interacted") for h in holds)
                            else "no interaction of yours in the archive"})
    confirmed = [{"fact_id": f.id, "name": (f.value or {}).get("name") if isinstance(f.value, dict) else f.value,
                  "label": f.label, "meta_also_says": f.key in inferred}
                 for f in facts.values() if f.status == "confirmed"]
    return {
        "meta_inferred": items,
        "advertisers": advertisers,
        "you_confirmed": confirmed,
        "counts": {"meta_inferred": len(items), "unsupported": sum(1 for i in items if not i["supported"]),
                   "advertisers": len(advertisers),
                   "advertisers_with_your_information": sum(1 for a in advertisers if a["what_meta_says"]),
                   "you_confirmed": len(confirmed),
                   "you_hid_or_deleted": sum(1 for i in items if i["your_status"] in ("hidden", "deleted"))},
        "scope": ctx.scope.to_dict(),
    }
