"""What the assistant and the profile may use: enforced in SQL by the core, not hidden in the UI.

A ``Scope`` lists exclusions; an empty scope allows everything. Retrieval, analytics and
profile derivation all filter records through ``scope_where``. Each answer stores
``scope.to_dict()`` so the user can see what it ran under.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

SENSITIVE_TOPICS = ("health", "religion", "politics", "sexuality")
SETTING_KEY = "scope"


@dataclass
class Scope:
    excluded_platforms: set[str] = field(default_factory=set)
    excluded_categories: set[str] = field(default_factory=set)   # domain.CATEGORIES
    excluded_thread_ids: set[int] = field(default_factory=set)
    excluded_person_ids: set[int] = field(default_factory=set)
    date_from_ms: int | None = None
    date_to_ms: int | None = None
    # Sensitive topics stay out of the profile unless the user lets one in.
    allowed_sensitive_topics: set[str] = field(default_factory=set)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        return {k: sorted(v) if isinstance(v, set) else v for k, v in d.items()}

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> "Scope":
        d = d or {}
        return cls(
            excluded_platforms=set(d.get("excluded_platforms", ())),
            excluded_categories=set(d.get("excluded_categories", ())),
            excluded_thread_ids={int(x) for x in d.get("excluded_thread_ids", ())},
            excluded_person_ids={int(x) for x in d.get("excluded_person_ids", ())},
            date_from_ms=d.get("date_from_ms"),
            date_to_ms=d.get("date_to_ms"),
            allowed_sensitive_topics=set(d.get("allowed_sensitive_topics", ())),
        )

    @property
    def is_everything(self) -> bool:
        return not (self.excluded_platforms or self.excluded_categories or self.excluded_thread_ids
                    or self.excluded_person_ids or self.date_from_ms is not None or self.date_to_ms is not None)

    def sensitive_allowed(self, topic: str) -> bool:
        return topic in self.allowed_sensitive_topics


def scope_where(scope: Scope | None, alias: str = "records") -> tuple[str, list[Any]]:
    """SQL condition (always valid, "1" when unrestricted) and its parameters."""
    if scope is None or scope.is_everything:
        return "1", []
    a = alias
    parts: list[str] = []
    params: list[Any] = []

    def _not_in(col: str, values: set) -> None:
        if values:
            vals = sorted(values)
            parts.append(f"({col} IS NULL OR {col} NOT IN ({','.join('?' * len(vals))}))")
            params.extend(vals)

    if scope.excluded_platforms:
        vals = sorted(scope.excluded_platforms)
        parts.append(f"{a}.platform NOT IN ({','.join('?' * len(vals))})")
        params.extend(vals)
    if scope.excluded_categories:
        vals = sorted(scope.excluded_categories)
        parts.append(f"{a}.category NOT IN ({','.join('?' * len(vals))})")
        params.extend(vals)
    _not_in(f"{a}.thread_id", scope.excluded_thread_ids)
    if scope.excluded_person_ids:
        vals = sorted(scope.excluded_person_ids)
        q = ",".join("?" * len(vals))
        parts.append(f"({a}.author_id IS NULL OR {a}.author_id NOT IN ({q}))")
        params.extend(vals)
        # A person's threads go too: a 1:1 conversation with them is about them.
        parts.append(f"({a}.thread_id IS NULL OR {a}.thread_id NOT IN (SELECT tp.thread_id FROM thread_participants tp"
                     f" JOIN threads t ON t.id = tp.thread_id WHERE t.is_group = 0 AND tp.person_id IN ({q})))")
        params.extend(vals)
    if scope.date_from_ms is not None:
        parts.append(f"({a}.ts IS NULL OR {a}.ts >= ?)")
        params.append(scope.date_from_ms)
    if scope.date_to_ms is not None:
        parts.append(f"({a}.ts IS NULL OR {a}.ts < ?)")
        params.append(scope.date_to_ms)
    return " AND ".join(parts) or "1", params


def load_scope(vault) -> Scope:
    return Scope.from_dict(vault.get_setting(SETTING_KEY))


def save_scope(vault, scope: Scope) -> None:
    vault.set_setting(SETTING_KEY, scope.to_dict())
