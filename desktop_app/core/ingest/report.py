"""Import and inspect reports: per category found / imported / duplicates / excluded / skipped files."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class CategoryStats:
    found: int = 0
    imported: int = 0
    duplicates: int = 0
    excluded: int = 0
    forgotten: int = 0
    files: int = 0
    skipped: list[dict[str, str]] = field(default_factory=list)     # {"path", "reason"}
    # Files imported without some items: {"path", "items", "reason"} (a value that cannot be read).
    partial: list[dict[str, Any]] = field(default_factory=list)
    new: int | None = None          # inspect: what an import would store (after de-duplication)
    first_ts: int | None = None
    last_ts: int | None = None

    def see_ts(self, ts: int | None) -> None:
        if ts is None:
            return
        if self.first_ts is None or ts < self.first_ts:
            self.first_ts = ts
        if self.last_ts is None or ts > self.last_ts:
            self.last_ts = ts

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "CategoryStats":
        c = cls()
        c.__dict__.update({k: v for k, v in d.items() if k in c.__dict__})
        return c


@dataclass
class ImportReport:
    job_id: int | None = None
    state: str = "running"                       # running | done | cancelled | failed
    inputs: list[str] = field(default_factory=list)
    exports: list[dict[str, Any]] = field(default_factory=list)
    categories: dict[str, CategoryStats] = field(default_factory=dict)
    input_errors: list[dict[str, str]] = field(default_factory=list)   # whole inputs or members refused
    known_not_imported: list[str] = field(default_factory=list)
    unknown_files: list[str] = field(default_factory=list)
    media_files: int = 0
    owners: list[dict[str, str]] = field(default_factory=list)
    elapsed_s: float = 0.0
    resumed: bool = False
    excluded_files: list[str] = field(default_factory=list)    # files of categories the user left out

    def cat(self, name: str) -> CategoryStats:
        c = self.categories.get(name)
        if c is None:
            c = self.categories[name] = CategoryStats()
        return c

    def skip(self, category: str, path: str, reason: str) -> None:
        self.cat(category).skipped.append({"path": path, "reason": reason})

    def left_out(self, category: str, path: str, items: int, reason: str) -> None:
        self.cat(category).partial.append({"path": path, "items": items, "reason": reason})

    @property
    def imported(self) -> int:
        return sum(c.imported for c in self.categories.values())

    @property
    def duplicates(self) -> int:
        return sum(c.duplicates for c in self.categories.values())

    @property
    def skipped_files(self) -> int:
        return sum(len(c.skipped) for c in self.categories.values()) + len(self.input_errors)

    def to_dict(self) -> dict[str, Any]:
        return {
            "job_id": self.job_id, "state": self.state, "inputs": self.inputs, "exports": self.exports,
            "categories": {k: v.to_dict() for k, v in sorted(self.categories.items())},
            "totals": {"found": sum(c.found for c in self.categories.values()), "imported": self.imported,
                       "duplicates": self.duplicates, "excluded": sum(c.excluded for c in self.categories.values()),
                       "forgotten": sum(c.forgotten for c in self.categories.values()),
                       "skipped_files": self.skipped_files, "known_not_imported": len(self.known_not_imported),
                       "unknown_files": len(self.unknown_files), "media_files": self.media_files},
            "input_errors": self.input_errors, "known_not_imported": self.known_not_imported,
            "unknown_files": self.unknown_files, "owners": self.owners, "elapsed_s": round(self.elapsed_s, 3),
            "resumed": self.resumed, "excluded_files": self.excluded_files,
        } | {"not_imported": files_not_imported(self)}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "ImportReport":
        r = cls(job_id=d.get("job_id"), state=d.get("state", "running"), inputs=d.get("inputs", []),
                exports=d.get("exports", []), input_errors=d.get("input_errors", []),
                known_not_imported=d.get("known_not_imported", []), unknown_files=d.get("unknown_files", []),
                owners=d.get("owners", []), elapsed_s=d.get("elapsed_s", 0.0), resumed=d.get("resumed", False),
                excluded_files=d.get("excluded_files", []))
        r.media_files = d.get("totals", {}).get("media_files", 0)
        r.categories = {k: CategoryStats.from_dict(v) for k, v in d.get("categories", {}).items()}
        return r


@dataclass
class InspectReport:
    """What an import would bring in, computed without writing anything."""

    inputs: list[str] = field(default_factory=list)
    exports: list[dict[str, Any]] = field(default_factory=list)
    categories: dict[str, CategoryStats] = field(default_factory=dict)
    threads: list[dict[str, Any]] = field(default_factory=list)     # title, key, messages, first/last ts
    people: list[dict[str, Any]] = field(default_factory=list)      # name, records
    owners: list[dict[str, str]] = field(default_factory=list)
    input_errors: list[dict[str, str]] = field(default_factory=list)
    known_not_imported: list[str] = field(default_factory=list)
    unknown_files: list[str] = field(default_factory=list)
    media_files: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"inputs": self.inputs, "exports": self.exports,
                "categories": {k: v.to_dict() for k, v in sorted(self.categories.items())},
                "threads": self.threads, "people": self.people, "owners": self.owners,
                "input_errors": self.input_errors, "known_not_imported": self.known_not_imported,
                "unknown_files": self.unknown_files, "media_files": self.media_files,
                "not_imported": files_not_imported(self)}


KNOWN_REASON = "known file; Hearth does not import this kind of data (settings, logs, device data)"
UNKNOWN_REASON = "not a file Hearth recognises"
EXCLUDED_REASON = "its category was left out (your choice)"


def files_not_imported(rep: "ImportReport | InspectReport") -> list[dict[str, Any]]:
    """One line per file (or input) not imported, or imported without some items, with the reason:
    ``{"path", "reason", "kind"}``, kind one of refused | skipped | partial | excluded | known | unknown.
    The CLI prints these; the window lists them under the import summary."""
    out: list[dict[str, Any]] = []
    for e in rep.input_errors:
        where = e.get("path") or e.get("input", "")
        if e.get("path") and e.get("input") and not e["path"].startswith(e["input"]):
            where = f"{e['input']}: {e['path']}"
        out.append({"path": where, "reason": e["reason"], "kind": "refused"})
    for name, c in sorted(rep.categories.items()):
        out += [{"path": s["path"], "reason": s["reason"], "kind": "skipped"} for s in c.skipped]
        out += [{"path": p["path"], "reason": f"{p['items']} item(s) left out: {p['reason']}", "kind": "partial"}
                for p in c.partial]
    out += [{"path": p, "reason": EXCLUDED_REASON, "kind": "excluded"} for p in getattr(rep, "excluded_files", [])]
    out += [{"path": p, "reason": KNOWN_REASON, "kind": "known"} for p in rep.known_not_imported]
    out += [{"path": p, "reason": UNKNOWN_REASON, "kind": "unknown"} for p in rep.unknown_files]
    return out
