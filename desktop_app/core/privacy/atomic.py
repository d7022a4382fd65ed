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


@contextlib.contextmanager
def atomic_file(dest: Path, *, overwrite: bool = False) -> Iterator[Path]:
    """Yield a temp path beside ``dest``; on success it becomes ``dest`` in one rename."""
    dest = Path(dest)
    if dest.exists() and not overwrite:
        from desktop_app.core.errors import KnownError

        raise KnownError(f"{dest} already exists; choose another name.")
    remove_quietly(*stale_temps(dest))
    tmp = temp_name(dest)
    side = [tmp.with_name(tmp.name + s) for s in ("-journal", "-wal", "-shm")]
    old_umask = os.umask(0o077)
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
