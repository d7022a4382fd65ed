"""What the assistant and the profile may use: enforced in SQL by the core, not hidden in the UI.

A ``Scope`` lists exclusions; an empty scope allows everything. Retrieval, analytics and
profile derivation all filter records through ``scope_where``. Each answer stores
``scope.to_dict()`` so the user can see what it ran under.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import tzinfo
from typing import Any, Protocol

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


# Records of an import that has not finished (killed, cancelled, or still running) are never
# shown: its archives are marked complete only in the transaction that ends the import.
UNFINISHED_ARCHIVES = "SELECT id FROM archives WHERE complete = 0"


def finished_where(alias: str = "records") -> str:
    """SQL condition: the record belongs to no unfinished import (true for every row otherwise)."""
    return f"({alias}.archive_id IS NULL OR {alias}.archive_id NOT IN ({UNFINISHED_ARCHIVES}))"


class VaultReader(Protocol):
    """What the scope reads and writes of a vault. A Protocol, not the store's class: the scope is a
    leaf every layer uses, and it never imports the store."""

    def get_setting(self, key: str, default: Any = None) -> Any: ...

    def set_setting(self, key: str, value: Any) -> None: ...

    def scalar(self, sql: str, params: Any = ()) -> Any: ...

    def query(self, sql: str, params: Any = ()) -> list[tuple]: ...


def scope_where(scope: Scope | None, alias: str = "records") -> tuple[str, list[Any]]:
    """SQL condition (always valid) and its parameters. Always leaves out the records of an
    unfinished import, so a reader that filters through here never sees one half-done."""
    a = alias
    parts: list[str] = [finished_where(a)]
    params: list[Any] = []
    if scope is None or scope.is_everything:
        return parts[0], params

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
        people = sorted(scope.excluded_person_ids)
        q = ",".join("?" * len(people))
        parts.append(f"({a}.author_id IS NULL OR {a}.author_id NOT IN ({q}))")
        params.extend(people)
        # A person's threads go too: a 1:1 conversation with them is about them.
        parts.append(f"({a}.thread_id IS NULL OR {a}.thread_id NOT IN (SELECT tp.thread_id FROM thread_participants tp"
                     f" JOIN threads t ON t.id = tp.thread_id WHERE t.is_group = 0 AND tp.person_id IN ({q})))")
        params.extend(people)
    if scope.date_from_ms is not None:
        parts.append(f"({a}.ts IS NULL OR {a}.ts >= ?)")
        params.append(scope.date_from_ms)
    if scope.date_to_ms is not None:
        parts.append(f"({a}.ts IS NULL OR {a}.ts < ?)")
        params.append(scope.date_to_ms)
    return " AND ".join(parts), params


def load_scope(vault: VaultReader) -> Scope:
    return Scope.from_dict(vault.get_setting(SETTING_KEY))


def save_scope(vault: VaultReader, scope: Scope) -> None:
    vault.set_setting(SETTING_KEY, scope.to_dict())


# -- changes the CLI and the GUI make (validated here so both refuse the same input) ------------

_SET_FIELDS = {
    "platform": "excluded_platforms",
    "category": "excluded_categories",
    "thread": "excluded_thread_ids",
    "person": "excluded_person_ids",
}


def _check_value(kind: str, value: Any) -> Any:
    from desktop_app.core.domain import CATEGORIES, PLATFORMS
    from desktop_app.core.errors import KnownError

    if kind == "platform":
        value = str(value).strip().lower()
        if value not in PLATFORMS:
            raise KnownError(f"Unknown platform {value!r}; choose one of: {', '.join(PLATFORMS)}.")
        return value
    if kind == "category":
        value = str(value).strip().lower()
        if value not in CATEGORIES and value != "other":
            raise KnownError(f"Unknown category {value!r}; choose one of: {', '.join(CATEGORIES)}.")
        return value
    if kind == "topic":
        value = str(value).strip().lower()
        if value not in SENSITIVE_TOPICS:
            raise KnownError(f"Unknown sensitive topic {value!r}; choose one of: {', '.join(SENSITIVE_TOPICS)}.")
        return value
    try:
        return int(value)
    except (TypeError, ValueError):
        raise KnownError(f"A {kind} is given by its number (see 'hearth stats' or the GUI).") from None


def exclude(scope: Scope, kind: str, value: Any) -> Scope:
    """Return a copy of ``scope`` that also excludes ``value`` (kind: platform|category|thread|person)."""
    new = Scope.from_dict(scope.to_dict())
    getattr(new, _SET_FIELDS[kind]).add(_check_value(kind, value))
    return new


def include(scope: Scope, kind: str, value: Any) -> Scope:
    """Return a copy of ``scope`` that lets ``value`` back in."""
    new = Scope.from_dict(scope.to_dict())
    getattr(new, _SET_FIELDS[kind]).discard(_check_value(kind, value))
    return new


def set_dates(scope: Scope, date_from_ms: int | None, date_to_ms: int | None) -> Scope:
    from desktop_app.core.errors import KnownError

    if date_from_ms is not None and date_to_ms is not None and date_from_ms >= date_to_ms:
        raise KnownError("The start date must be before the end date.")
    new = Scope.from_dict(scope.to_dict())
    new.date_from_ms, new.date_to_ms = date_from_ms, date_to_ms
    return new


def allow_topic(scope: Scope, topic: str, allowed: bool = True) -> Scope:
    new = Scope.from_dict(scope.to_dict())
    t = _check_value("topic", topic)
    (new.allowed_sensitive_topics.add if allowed else new.allowed_sensitive_topics.discard)(t)
    return new


def parse_date_ms(text: str | None, zone: tzinfo | None = None) -> int | None:
    """``YYYY-MM-DD`` to epoch milliseconds at local midnight (``zone``, default this computer's: the
    one time-zone policy, so "2020-03-31" means that day where the user lives); empty means no bound."""
    import datetime as dt

    from desktop_app.core.errors import KnownError
    from desktop_app.core.timezone import day_range, local_zone

    if not text:
        return None
    try:
        d = dt.datetime.strptime(text.strip(), "%Y-%m-%d").date()
    except ValueError:
        raise KnownError(f"Dates are written YYYY-MM-DD (got {text!r}).") from None
    return day_range(d, zone or local_zone())[0]


def describe(scope: Scope) -> str:
    """One line for the UI and CLI: what the assistant may not use."""
    import datetime as dt

    def day(ms: int) -> str:
        from desktop_app.core.timezone import local_zone

        return dt.datetime.fromtimestamp(ms / 1000, dt.timezone.utc).astimezone(local_zone()).strftime("%Y-%m-%d")

    parts: list[str] = []
    if scope.excluded_platforms:
        parts.append("platforms " + ", ".join(sorted(scope.excluded_platforms)))
    if scope.excluded_categories:
        parts.append("categories " + ", ".join(sorted(scope.excluded_categories)))
    if scope.excluded_thread_ids:
        parts.append(f"{len(scope.excluded_thread_ids)} conversation(s)")
    if scope.excluded_person_ids:
        parts.append(f"{len(scope.excluded_person_ids)} person(s)")
    if scope.date_from_ms is not None:
        parts.append(f"anything before {day(scope.date_from_ms)}")
    if scope.date_to_ms is not None:
        parts.append(f"anything from {day(scope.date_to_ms)} on")
    hidden = [t for t in SENSITIVE_TOPICS if t not in scope.allowed_sensitive_topics]
    head = "Everything" if not parts else "Everything except " + "; ".join(parts)
    tail = f" (sensitive topics kept out of the profile: {', '.join(hidden)})" if hidden else ""
    return head + tail


def counts(vault: VaultReader, scope: Scope | None) -> dict[str, int]:
    """How many records the scope lets through, out of all."""
    where, params = scope_where(scope, "r")
    total = int(vault.scalar(f"SELECT count(*) FROM records r WHERE {finished_where('r')}"))
    inside = int(vault.scalar(f"SELECT count(*) FROM records r WHERE {where}", params))
    return {"records_total": total, "records_in_scope": inside}


def filter_record_ids(vault: VaultReader, record_ids: list[int], scope: Scope | None) -> list[int]:
    """The subset of ``record_ids`` the scope allows, in the given order."""
    if not record_ids:
        return []
    where, params = scope_where(scope, "r")
    allowed: set[int] = set()
    ids = list(dict.fromkeys(int(i) for i in record_ids))
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        q = ",".join("?" * len(chunk))
        allowed.update(r for (r,) in vault.query(
            f"SELECT r.id FROM records r WHERE r.id IN ({q}) AND {where}", [*chunk, *params]))
    return [i for i in ids if i in allowed]
