"""The short profile summary the assistant puts in its prompt, built only from facts the user allows."""

from __future__ import annotations

from typing import Any

from desktop_app.core.privacy.scope import Scope, load_scope, scope_where
from desktop_app.core.profile.facts import allowed_for_answers
from desktop_app.core.profile.store import Fact, list_facts
from desktop_app.core.store.vault import Vault


def allowed_facts(vault: Vault, scope: Scope | None = None) -> list[Fact]:
    """Facts the assistant may use: allowed by the user, sensitive ones only if the scope lets them in,
    and (under a narrowed scope) only facts with at least one evidence record inside it."""
    scope = scope if scope is not None else load_scope(vault)
    facts = [f for f in list_facts(vault, with_evidence=True) if allowed_for_answers(f, scope)]
    if not scope.is_everything:
        where, params = scope_where(scope, "r")
        inside = {fid for (fid,) in vault.query(
            f"SELECT DISTINCT e.fact_id FROM profile_fact_evidence e JOIN records r ON r.id = e.record_id WHERE {where}",
            params)}
        facts = [f for f in facts if f.source == "user" or f.id in inside]
    if scope.excluded_person_ids:
        # A "top contacts" list may name an excluded person beside others: leave such facts out.
        from desktop_app.core.profile.context import person_roots

        roots = person_roots(vault)
        banned = {roots.get(p, p) for p in scope.excluded_person_ids}
        facts = [f for f in facts if not (_people_in(f.value) & banned)]
    return facts


def _people_in(value: Any) -> set[int]:
    if isinstance(value, dict) and isinstance(value.get("person_id"), int):
        return {value["person_id"]}
    if isinstance(value, list):
        return {v["person_id"] for v in value if isinstance(v, dict) and isinstance(v.get("person_id"), int)}
    return set()


def shown(f: Fact, *keys: str) -> str:
    """The fact's value as a short string (the user's edit when there is one)."""
    v: Any = f.value
    if isinstance(v, dict):
        for k in keys or ("name", "what", "language"):
            if v.get(k):
                return str(v[k])
        return f.label
    return str(v) if v is not None else ""


def is_named_interest(f: Fact) -> bool:
    """An interest fit to describe the user: one they confirmed or added, or a named topic their own
    records show (not a liked page's name, a lone hashtag, or Meta's guess alone)."""
    if f.kind != "interest":
        return False
    if f.status == "confirmed" or f.source == "user":
        return True
    return isinstance(f.value, dict) and bool(f.value.get("topic"))


def named_interests(facts: list[Fact]) -> list[Fact]:
    """The named interests among ``facts``, those backed by several kinds of evidence first, lone keywords of the
    user's texts last (the summary and the assistant's "What are my hobbies?" list them in this order)."""
    out = [f for f in facts if is_named_interest(f)]
    out.sort(key=lambda f: (f.status != "confirmed", -len((f.value or {}).get("sources", {}))
                            if isinstance(f.value, dict) else 0, -f.confidence, f.id))
    return out


def _rank(f: Fact) -> tuple:
    return (f.status != "confirmed", -f.confidence, f.id)


def profile_summary(vault: Vault, scope: Scope | None = None, max_chars: int = 600) -> str:
    """A few plain sentences about the user, most important first, cut at ``max_chars`` on a sentence."""
    facts = allowed_facts(vault, scope)
    by_kind: dict[str, list[Fact]] = {}
    for f in sorted(facts, key=_rank):
        by_kind.setdefault(f.kind, []).append(f)
    sentences: list[str] = []
    name = next((f for f in by_kind.get("identity", []) if f.key == "name"), None)
    if name:
        sentences.append(f"The user is {shown(name)}.")
    places = by_kind.get("place", [])
    home = [f for f in places if isinstance(f.value, dict) and "city" in f.value.get("sources", {})]
    home = home or [f for f in places if f.edited and f.status == "confirmed"][:1]
    if home:
        sentences.append(f"Lives in {shown(home[0])}.")
    hometown = [f for f in places if isinstance(f.value, dict) and "hometown" in f.value.get("sources", {})
                and f not in home]
    if hometown:
        sentences.append(f"Hometown: {shown(hometown[0])}.")
    interests = named_interests(by_kind.get("interest", []))
    if interests:
        sentences.append("Interests: " + ", ".join(shown(f) for f in interests[:8]) + ".")
    people = [f for f in by_kind.get("person", []) if f.key.startswith("person:")]
    people.sort(key=lambda f: (f.value or {}).get("rank", 99) if isinstance(f.value, dict) else 0)
    if people:
        sentences.append("Talks most with: " + ", ".join(shown(f) for f in people[:5]) + ".")
    langs = by_kind.get("language", [])
    if langs:
        sentences.append("Writes in " + ", ".join(shown(f, "language") for f in langs[:3]) + ".")
    others = [f for f in places if f not in home and f not in hometown
              and not (isinstance(f.value, dict) and f.value.get("meta_only"))]
    if others:
        sentences.append("Places: " + ", ".join(shown(f) for f in others[:5]) + ".")
    events = sorted(by_kind.get("life_event", []),
                    key=lambda f: -((f.value or {}).get("ts") or 0) if isinstance(f.value, dict) else 0)
    if events:
        sentences.append("Life events: " + "; ".join(f.label for f in events[:4]) + ".")
    hours = next((f for f in by_kind.get("activity", []) if f.key == "hours"), None)
    if hours:
        sentences.append(hours.label + ".")
    out = ""
    for s in sentences:
        if len(out) + len(s) + 1 > max_chars:
            break
        out = f"{out} {s}".strip()
    return out
