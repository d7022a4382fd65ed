"""Write a file so that its final name either does not exist or is complete (temp, fsync, rename)."""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path
from typing import Iterator

TMP_MARK = ".hearth-tmp-"


def fsync_path(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):  # some file systems refuse fsync on directories
        fsync_path(path)


def temp_name(dest: Path) -> Path:
    return dest.with_name(f".{dest.name}{TMP_MARK}{secrets.token_hex(6)}")


def stale_temps(dest: Path) -> list[Path]:
    """Leftovers of interrupted writes to ``dest`` (a kill -9 cannot clean up after itself)."""
    prefix = f".{dest.name}{TMP_MARK}"
    try:
        return sorted(p for p in dest.parent.iterdir() if p.name.startswith(prefix))
    except FileNotFoundError:
        return []


def remove_quietly(*paths: Path) -> None:
    for p in paths:
        with contextlib.suppress(FileNotFoundError):
            p.unlink()


# A list of temp files being written outside the profile (an export beside its destination), kept
# in the profile: a kill -9 cannot remove its temp file, so the next start (``sweep_pending``,
# called when the vault opens) and ``hearth delete`` find them there.
PENDING_NOTE = "pending-writes.json"
SIDE_SUFFIXES = ("-journal", "-wal", "-shm")


def _side_files(tmp: Path) -> list[Path]:
    return [tmp.with_name(tmp.name + s) for s in SIDE_SUFFIXES]


def _read_note(note_dir: Path) -> list[str]:
    import json

    try:
        data = json.loads((Path(note_dir) / PENDING_NOTE).read_text("utf-8"))
    except (OSError, ValueError):
        return []
    return [str(p) for p in data if isinstance(p, str)] if isinstance(data, list) else []


def _write_note(note_dir: Path, items: list[str]) -> None:
    import json

    note = Path(note_dir) / PENDING_NOTE
    if not items:
        remove_quietly(note)
        return
    tmp = note.with_name(note.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(sorted(set(items)), fh)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, note)


def pending_temps(note_dir: Path) -> list[Path]:
    """Temp files (and their journals) that interrupted writes noted in ``note_dir`` left behind."""
    out: list[Path] = []
    for raw in _read_note(note_dir):
        tmp = Path(raw)
        if TMP_MARK not in tmp.name:
            continue  # only ever our own temp names
        out.extend(p for p in [tmp, *_side_files(tmp)] if p.exists())
    return out


def sweep_pending(note_dir: Path) -> list[Path]:
    """Remove what interrupted writes noted in ``note_dir`` left behind; return what was removed."""
    found = pending_temps(note_dir)
    remove_quietly(*found)
    if _read_note(note_dir):
        _write_note(note_dir, [])
    return found


@contextlib.contextmanager
def atomic_file(dest: Path, *, overwrite: bool = False, note_dir: Path | None = None) -> Iterator[Path]:
    """Yield a temp path beside ``dest``; on success it becomes ``dest`` in one rename.

    ``note_dir``: a folder (the profile) where the temp path is noted while it exists, so that
    leftovers of a killed process are found and removed later (``sweep_pending``)."""
    dest = Path(dest)
    if dest.exists() and not overwrite:
        from desktop_app.core.errors import KnownError

        raise KnownError(f"{dest} already exists; choose another name.")
    for stale in stale_temps(dest):
        remove_quietly(stale, *_side_files(stale))
    tmp = temp_name(dest)
    side = _side_files(tmp)
    old_umask = os.umask(0o077)
    if note_dir is not None:
        _write_note(note_dir, [*_read_note(note_dir), str(tmp)])
    try:
        yield tmp
        fsync_path(tmp)
        os.replace(tmp, dest)
        fsync_dir(dest.parent)
    except BaseException:
        remove_quietly(tmp, *side)
        raise
    finally:
        os.umask(old_umask)
        remove_quietly(*side)
        if note_dir is not None:
            _write_note(note_dir, [p for p in _read_note(note_dir) if p != str(tmp)])
