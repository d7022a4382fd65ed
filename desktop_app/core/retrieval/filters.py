"""Search filters (who, where, when, mine) and their SQL, resolved against the vault's people."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Iterable

if TYPE_CHECKING:
    from desktop_app.core.store.vault import Vault


@dataclass
class Filters:
    """What the user narrowed the search to; empty means everything (the scope still applies).

    ``person`` is a person id or a name (display name or any identity name, first name allowed);
    merged people count as one. Dates are UTC milliseconds, ``date_to_ms`` exclusive.
    ``mine`` True keeps what the user wrote, False what they received, None both.
    """

    platforms: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    person: int | str | list[int] | None = None
    thread_id: int | None = None
    date_from_ms: int | None = None
    date_to_ms: int | None = None
    mine: bool | None = None
    authors: list[int] | None = None   # person ids: only records they wrote (no 1:1-thread widening)
    # the date range also lets in records that *talk about* that time ("last month" said in June
    # for "in May 2023"): set for dates found in the question's words
    date_refs: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"platforms": list(self.platforms), "kinds": list(self.kinds), "person": self.person,
                "thread_id": self.thread_id, "date_from_ms": self.date_from_ms, "date_to_ms": self.date_to_ms,
                "mine": self.mine, "authors": self.authors, "date_refs": self.date_refs}

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> "Filters":
        d = d or {}
        return cls(platforms=list(d.get("platforms") or []), kinds=list(d.get("kinds") or []),
                   person=d.get("person"), thread_id=d.get("thread_id"), date_from_ms=d.get("date_from_ms"),
                   date_to_ms=d.get("date_to_ms"), mine=d.get("mine"),
                   authors=d.get("authors"), date_refs=bool(d.get("date_refs")))

    def narrowed(self, date_from_ms: int | None, date_to_ms: int | None) -> "Filters":
        """Intersect the date range with another one (dates found in the query text)."""
        lo = max((x for x in (self.date_from_ms, date_from_ms) if x is not None), default=None)
        hi = min((x for x in (self.date_to_ms, date_to_ms) if x is not None), default=None)
        return replace(self, date_from_ms=lo, date_to_ms=hi)

    @property
    def empty(self) -> bool:
        return not (self.platforms or self.kinds or self.person is not None or self.thread_id is not None
                    or self.date_from_ms is not None or self.date_to_ms is not None or self.mine is not None
                    or self.authors is not None)


def canonical_person(vault: Vault, person_id: int) -> int:
    """Follow ``people.merged_into`` to the person the user sees."""
    seen: set[int] = set()
    pid = int(person_id)
    while pid not in seen:
        seen.add(pid)
        nxt = vault.scalar("SELECT merged_into FROM people WHERE id = ?", (pid,))
        if nxt is None:
            return pid
        pid = int(nxt)
    return pid


def person_family(vault: Vault, person_id: int) -> list[int]:
    """The canonical person and everyone merged into them (transitively)."""
    root = canonical_person(vault, person_id)
    fam = {root}
    frontier = [root]
    while frontier:
        q = ",".join("?" * len(frontier))
        rows = [r for (r,) in vault.query(f"SELECT id FROM people WHERE merged_into IN ({q})", frontier)]
        frontier = [r for r in rows if r not in fam]
        fam.update(frontier)
    return sorted(fam)


def resolve_person(vault: Vault, person: int | str | list[int]) -> list[int]:
    """Person ids (merge family) for an id, a list of ids or a name; [] when nobody matches."""
    if isinstance(person, (list, tuple)):
        fams: set[int] = set()
        for pid in person:
            fams.update(resolve_person(vault, int(pid)))
        return sorted(fams)
    if isinstance(person, int) or (isinstance(person, str) and person.strip().isdigit()):
        pid = int(person)
        if vault.scalar("SELECT 1 FROM people WHERE id = ?", (pid,)) is None:
            return []
        return person_family(vault, pid)
    name = str(person).strip().casefold()
    if not name:
        return []
    ids: set[int] = set()
    rows = vault.query("SELECT id, display_name FROM people UNION ALL SELECT person_id, name FROM identities")
    for pid, n in rows:
        if (n or "").casefold() == name:
            ids.add(pid)
    if not ids:  # a first name, or a name's leading words ("Sam" for "Sam Carter")
        for pid, n in rows:
            if (n or "").casefold().startswith(name + " "):
                ids.add(pid)
    out: set[int] = set()
    for pid in ids:
        out.update(person_family(vault, pid))
    return sorted(out)


def _in(col: str, values: Iterable[Any], params: list[Any]) -> str:
    vals = list(values)
    params.extend(vals)
    return f"{col} IN ({','.join('?' * len(vals))})"


def filters_where(vault: Vault, f: Filters | None, alias: str = "r") -> tuple[str, list[Any], bool]:
    """SQL condition for ``f`` on records ``alias``, its params, and False when it can match nothing."""
    if f is None or f.empty:
        return "1", [], True
    a = alias
    parts: list[str] = []
    params: list[Any] = []
    if f.platforms:
        parts.append(_in(f"{a}.platform", [p.lower() for p in f.platforms], params))
    if f.kinds:
        parts.append(_in(f"{a}.kind", [k.lower() for k in f.kinds], params))
    if f.thread_id is not None:
        parts.append(f"{a}.thread_id = ?")
        params.append(int(f.thread_id))
    dparts: list[str] = []
    dparams: list[Any] = []
    if f.date_from_ms is not None:
        dparts.append(f"{a}.ts >= ?")
        dparams.append(int(f.date_from_ms))
    if f.date_to_ms is not None:
        dparts.append(f"{a}.ts < ?")
        dparams.append(int(f.date_to_ms))
    if dparts and f.date_refs:
        lo = int(f.date_from_ms) if f.date_from_ms is not None else -(2 ** 62)
        hi = int(f.date_to_ms) if f.date_to_ms is not None else 2 ** 62
        parts.append(f"(({' AND '.join(dparts)}) OR {a}.id IN (SELECT record_id FROM retrieval_timerefs"
                     " WHERE from_ms < ? AND to_ms > ?))")
        params.extend([*dparams, hi, lo])
    else:
        parts.extend(dparts)
        params.extend(dparams)
    if f.mine is not None:
        parts.append(f"{a}.is_mine = ?" if f.mine else f"coalesce({a}.is_mine, 0) = 0")
        if f.mine:
            params.append(1)
    if f.authors is not None:
        if not f.authors:
            return "0", [], False
        parts.append(_in(f"{a}.author_id", [int(x) for x in f.authors], params))
    if f.person is not None:
        fam = resolve_person(vault, f.person)
        if not fam:
            return "0", [], False
        # Their own words, and one-to-one conversations with them (both sides).
        p1: list[Any] = []
        c1 = _in(f"{a}.author_id", fam, p1)
        c2 = _in("tp.person_id", fam, p1)
        parts.append(f"({c1} OR {a}.thread_id IN (SELECT tp.thread_id FROM thread_participants tp"
                     f" JOIN threads t ON t.id = tp.thread_id WHERE t.is_group = 0 AND {c2}))")
        params.extend(p1)
    return " AND ".join(parts) or "1", params, True
