"""What parsers get (a context over one export) and what the planner hands the ingest layer (tasks)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Iterator, Union

from desktop_app.core.domain import OwnerHint, Record, Thread
from desktop_app.core.importers.detect import Export
from desktop_app.core.importers.jsonio import fix_meta, no_fix
from desktop_app.core.importers.vfs import Entry



@dataclass(frozen=True, slots=True)
class BadItem:
    """One item of a file left out because a value in it cannot be read; the rest of the file is
    imported. ``reason`` is content-free (an exception type)."""

    reason: str


Item = Union[Record, Thread, OwnerHint, BadItem]
# What a value Hearth cannot read raises inside a converter (a list where a dict was, a string
# where a number was ...). Only that item is left out.
ITEM_ERRORS = (TypeError, ValueError, AttributeError, KeyError, IndexError, OverflowError)


@dataclass
class Task:
    """One unit of parsing: a file, or all pages of one message thread. ``key`` is stable across runs."""

    key: str
    export: Export
    handler: str
    category: str
    entries: list[Entry]
    hint: str = ""                 # record kind for shape-ambiguous files (bare lists, label_values)

    @property
    def size(self) -> int:
        return sum(e.size for e in self.entries)

    @property
    def path(self) -> str:
        return self.entries[0].path if self.entries else ""


@dataclass
class Ctx:
    """Per-task parsing context: platform, the mojibake fixer for this export, media resolution."""

    export: Export
    platform: str
    source: str
    fix: Callable[[str], str] = no_fix
    notes: list[str] = field(default_factory=list)
    unreadable: int = 0            # values the JSON parser could not read in this file (jsonio.Unreadable)

    @classmethod
    def for_task(cls, task: Task, platform: str | None = None) -> "Ctx":
        exp = task.export
        plat = platform or (exp.platform if exp.platform in ("facebook", "instagram", "whatsapp") else "facebook")
        return cls(export=exp, platform=plat, source=task.path, fix=fix_meta if exp.mojibake else no_fix)

    def s(self, v: Any) -> str:
        """A string field, mojibake-repaired; non-strings become ""."""
        if isinstance(v, str):
            return self.fix(v)
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            return str(v)
        return ""

    def media(self, uri: Any, kind: str = "media", **extra: Any) -> dict[str, Any]:
        """An attachment reference: the archive uri and where the bytes are (None when missing or remote)."""
        u = self.s(uri)
        ref: dict[str, Any] = {"type": kind, "uri": u}
        if u and "://" in u:
            ref["path"] = None
            ref["remote"] = True
        else:
            e = self.export.fs.resolve(u)
            ref["path"] = e.location if e is not None else None
        ref.update({k: v for k, v in extra.items() if v not in (None, "", [], {})})
        return ref


HandlerFn = Callable[[Ctx, Task], Iterator[Item]]
