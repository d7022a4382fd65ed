"""Open the user's inputs, group them into exports and plan the parsing work (no vault access)."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

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


def resolve_paths(paths: list[str | Path]) -> list[Path]:
    out = []
    for p in paths:
        pp = Path(p).expanduser()
        if not pp.exists():
            raise KnownError(f"No such file or folder: {pp}")
        out.append(pp.resolve())
    if not out:
        raise KnownError("Give at least one archive (ZIP, folder or WhatsApp .txt) to import.")
    return out


def prepare(paths: list[str | Path], limits: Limits) -> Prepared:
    resolved = resolve_paths(paths)
    sources = [s for p in resolved for s in open_sources(p, limits)]
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
