"""Open the user's inputs, group them into exports and plan the parsing work (no vault access)."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

from desktop_app.core.errors import KnownError
from desktop_app.core.importers.base import Task
from desktop_app.core.importers.detect import Export, group_exports
from desktop_app.core.importers.plan import Plan, plan_export
from desktop_app.core.importers.vfs import Limits, Source, open_sources


@dataclass
class Prepared:
    paths: list[Path]
    sources: list[Source]
    exports: list[Export]
    plans: list[Plan]
    tasks: list[Task] = field(default_factory=list)
    input_errors: list[dict[str, str]] = field(default_factory=list)

    def close(self) -> None:
        for s in self.sources:
            s.close()

    @property
    def bytes_total(self) -> int:
        return sum(t.size for t in self.tasks)


def resolve_paths(paths: Sequence[str | Path]) -> list[Path]:
    out = []
    for p in paths:
        pp = Path(p).expanduser()
        if not pp.exists():
            raise KnownError(f"No such file or folder: {pp}")
        out.append(pp.resolve())
    if not out:
        raise KnownError("Give at least one archive (ZIP, folder or WhatsApp .txt) to import.")
    return out


class InputRefused(KnownError):
    """An input holds nothing Hearth can import (not an export, damaged, empty, over a cap): the
    whole import is refused before anything is written, so the vault stays as it was."""


NOT_AN_EXPORT = "no Facebook, Instagram or WhatsApp export found in it"


def _refusals(resolved: list[Path], owned: dict[int, Path], sources: list[Source], exports: list[Export],
              plans: list[Plan]) -> list[str]:
    """One reason per input that would add nothing: fatal, an empty folder, or no importable file."""
    useful: set[Path] = set()
    for exp, plan in zip(exports, plans):
        if plan.tasks:
            useful.update(owned[id(s)] for s in exp.sources if id(s) in owned)
    reasons = []
    for path in resolved:
        if path in useful:
            continue
        own = [s for s in sources if owned.get(id(s)) == path]
        top = own[0] if own else None
        inner = [s for s in own[1:] if s.fatal] + [s for s in own if s.errors]
        if top is not None and top.fatal:
            why = top.fatal
        elif inner:  # what it held could not be opened or read: say why, with the inner path
            src = inner[0]
            why = f"{src.display}: {src.fatal}" if src.fatal else f"{src.display}/{src.errors[0][0]}: {src.errors[0][1]}"
        elif top is not None and top.kind == "dir" and not top.entries and len(own) == 1:
            why = "the folder is empty" if not top.errors else "the folder holds no file Hearth can read"
        else:
            why = NOT_AN_EXPORT
        reasons.append(f"{path.name}: {why}")
    return reasons


def prepare(paths: Sequence[str | Path], limits: Limits) -> Prepared:
    """Open, group and plan ``paths``; raise ``InputRefused`` when any input would add nothing."""
    resolved = resolve_paths(paths)
    owned: dict[int, Path] = {}
    sources: list[Source] = []
    for p in resolved:
        for s in open_sources(p, limits):
            owned[id(s)] = p
            sources.append(s)
    try:
        return _plan(resolved, owned, sources)
    except BaseException:
        for s in sources:
            s.close()
        raise


def _plan(resolved: list[Path], owned: dict[int, Path], sources: list[Source]) -> Prepared:
    errors: list[dict[str, str]] = []
    for s in sources:
        nested = s.parent is not None  # paths read outer.zip/inner.zip/member
        if s.fatal:
            errors.append({"input": s.display, "path": s.display if nested else "", "reason": s.fatal})
        for member, reason in s.errors:
            errors.append({"input": s.display, "path": f"{s.display}/{member}" if nested else member,
                           "reason": reason})
    exports = sorted(group_exports(sources), key=lambda e: e.key)
    plans = [plan_export(e) for e in exports]
    for e in exports:
        for path, reason in e.fs.conflicts:
            errors.append({"input": e.name, "path": path, "reason": reason})
    refused = _refusals(resolved, owned, sources, exports, plans)
    if refused:
        more = f" (and {len(refused) - 1} more)" if len(refused) > 1 else ""
        raise InputRefused(f"Nothing was imported. {refused[0]}{more}.")
    tasks = [t for p in plans for t in p.tasks]
    # Profiles of every export first, so "me" is known before any message is written.
    tasks.sort(key=lambda t: 0 if t.hint == "profile" else 1)
    return Prepared(paths=resolved, sources=sources, exports=exports, plans=plans, tasks=tasks, input_errors=errors)


def fingerprint(path: Path) -> dict:
    st = path.stat()
    return {"path": str(path), "size": st.st_size if path.is_file() else None, "mtime_ns": st.st_mtime_ns}


def archive_digest(src: Source) -> str:
    """sha256 of a file input; of the (path, size, mtime) manifest for a folder."""
    h = hashlib.sha256()
    if src.parent is not None:  # a nested ZIP: its own bytes, streamed from the outer input
        with src.parent.open_member(src.parent_member) as fh:
            while chunk := fh.read(1 << 20):
                h.update(chunk)
        return h.hexdigest()
    if src.kind == "dir":
        for e in src.entries:
            st = os.stat(src.path / e.member)
            h.update(f"{e.member}\0{st.st_size}\0{st.st_mtime_ns}\n".encode("utf-8", "surrogateescape"))
        return "dir:" + h.hexdigest()
    with open(src.path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()
