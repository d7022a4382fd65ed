"""A read-only virtual union filesystem over export inputs: ZIPs, ZIP parts, folders, single files.

ZIP members are read as streams and never extracted. Hostile archives are contained here:
unsafe names, symlinks, encrypted members, duplicates and zip-bomb shapes become per-member
errors (``Source.errors``) instead of reads; a source over the caps is refused as a whole.

A ZIP inside an input (export parts zipped together, a WhatsApp chat .zip in a folder) is opened
as a source of its own, one level deep, without writing it to disk: a stored inner ZIP is read in
place through a window on the outer file, a compressed one from memory under
``Limits.max_nested_in_memory``. Inner archives pass the same checks, against the same entry and
size totals as the input that holds them (``open_sources``).
"""

from __future__ import annotations

import io
import os
import re
import stat
import struct
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Iterator, cast

from desktop_app.core.importers.jsonio import FileError
from desktop_app.core.importers.roots import ROOT_MARKERS


@dataclass(frozen=True)
class Limits:
    """Caps on what one input may hold; an input over a cap is refused as a whole, with the cap in
    the reason. ``max_entries`` is the member count of a ZIP (read from its end record before the
    central directory is parsed) or the file count of a folder, shared with the ZIPs nested in
    it; ``max_total_bytes`` the sum of declared uncompressed sizes; ``max_ratio`` the compression
    ratio a member above ``ratio_min_bytes`` may have (a larger one is skipped as a zip bomb)."""

    max_entries: int = 500_000
    max_total_bytes: int = 64 * 2**30          # sum of declared uncompressed sizes
    max_ratio: float = 200.0                  # per member, when the member is large
    ratio_min_bytes: int = 8 * 2**20
    max_member_read: int = 256 * 2**20        # a single JSON/HTML/text file we parse in memory
    max_nested_in_memory: int = 256 * 2**20   # a compressed ZIP inside a ZIP is opened from memory


DEFAULT_LIMITS = Limits()
IGNORED_PARTS = ("__MACOSX",)
_DRIVE = re.compile(r"^[A-Za-z]:")


def safe_member_name(name: str) -> str | None:
    """Normalised relative posix path, or None when the name is unsafe (absolute, traversal, NUL)."""
    if not name or "\x00" in name:
        return None
    n = name.replace("\\", "/")
    if n.startswith("/") or _DRIVE.match(n):
        return None
    parts = [p for p in n.split("/") if p not in ("", ".")]
    if any(p == ".." for p in parts):
        return None
    return "/".join(parts)


def ignorable(path: str) -> bool:
    parts = path.split("/")
    base = parts[-1]
    return any(p in IGNORED_PARTS for p in parts) or base.startswith("._") or base in (".DS_Store", "Thumbs.db")


@dataclass
class Entry:
    """One file inside an input, addressed by its archive-relative path."""

    path: str                  # relative to the export root (after root stripping)
    size: int
    source: "Source"
    member: str                # name inside the zip, or path relative to the folder
    compressed: int = 0

    @property
    def location(self) -> str:
        """Where the bytes are, for attachment references (no extraction ever happens)."""
        parent = self.source.parent
        if parent is not None:  # outer.zip!inner.zip!member
            outer = Entry(path="", size=0, source=parent, member=self.source.parent_member).location
            return f"{outer}!{self.member}"
        if self.source.kind == "zip":
            return f"{self.source.path}!{self.member}"
        if self.source.kind == "dir":
            return str(self.source.path / self.member)
        return str(self.source.path)

    def open(self) -> BinaryIO:
        return self.source.open_member(self.member)

    def read(self, limit: int | None = None) -> bytes:
        limit = self.source.limits.max_member_read if limit is None else limit
        if self.size > limit:
            raise FileError(f"file too large to parse ({self.size} bytes, limit {limit})")
        try:
            with self.open() as fh:
                data = fh.read(limit + 1)
        except FileError:
            raise
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, RuntimeError, ValueError) as exc:
            raise FileError(f"unreadable ({type(exc).__name__})") from None
        if len(data) > limit:
            raise FileError("file larger than declared")
        return data

    def head(self, n: int = 4096) -> bytes:
        try:
            with self.open() as fh:
                return fh.read(n)
        except Exception:  # noqa: BLE001 - sniffing never fails the import
            return b""


@dataclass
class Source:
    """One input given by the user."""

    path: Path
    kind: str                              # zip | dir | file
    limits: Limits = DEFAULT_LIMITS
    entries: list[Entry] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)   # (member, reason)
    fatal: str | None = None               # whole input refused
    _zip: zipfile.ZipFile | None = None
    # The first ZipInfo of each name: zipfile.open(name) would pick the *last* duplicate.
    _infos: dict[str, zipfile.ZipInfo] = field(default_factory=dict)
    parent: "Source | None" = None         # the input holding this nested ZIP
    in_parent: str = ""                    # its path there (normalised)
    parent_member: str = ""                # its raw member name there
    _fh: BinaryIO | None = None            # what a nested ZIP is read from (closed with it)

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def display(self) -> str:
        """``outer.zip/inner.zip`` for a nested ZIP, else the input's name (reports)."""
        return f"{self.parent.display}/{self.in_parent}" if self.parent is not None else self.name

    def open_member(self, member: str) -> BinaryIO:
        if self.kind == "zip":
            assert self._zip is not None
            return cast(BinaryIO, self._zip.open(self._infos[member]))  # a ZipExtFile reads as one
        if self.kind == "dir":
            p = self.path / member
            # Never follow a link out of the folder, even if it appeared after listing.
            fd = os.open(p, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
            return os.fdopen(fd, "rb")
        return open(self.path, "rb")

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()
            self._zip = None
        if self._fh is not None:
            self._fh.close()
            self._fh = None

    def total_size(self) -> int:
        return sum(e.size for e in self.entries)


def _eocd_entry_count(path: Path, fileobj: BinaryIO | None = None) -> int | None:
    """Entry count from the end-of-central-directory record, read before zipfile parses the
    whole central directory (a central-directory bomb would otherwise eat memory)."""
    try:
        if fileobj is not None:
            tail = _tail(fileobj)
        else:
            with open(path, "rb") as fh:
                tail = _tail(fh)
    except OSError:
        return None
    i = tail.rfind(b"PK\x05\x06")
    if i < 0 or i + 22 > len(tail):
        return None
    total = struct.unpack("<H", tail[i + 10:i + 12])[0]
    if total == 0xFFFF:
        j = tail.rfind(b"PK\x06\x06")
        if j >= 0 and j + 40 <= len(tail):
            total = struct.unpack("<Q", tail[j + 32:j + 40])[0]
    return total


def _tail(fh: BinaryIO) -> bytes:
    fh.seek(0, 2)
    size = fh.tell()
    back = min(size, 65536 + 22)
    fh.seek(size - back)
    return fh.read(back)


@dataclass
class _Budget:
    """Entry and size totals left for one input and the archives nested in it."""

    entries: int
    bytes: int


def open_source(path: Path, limits: Limits = DEFAULT_LIMITS) -> Source:
    path = Path(path)
    if path.is_dir():
        return _open_dir(path, limits)
    if zipfile.is_zipfile(path):
        return _open_zip(path, limits)
    src = Source(path=path, kind="file", limits=limits)
    broken = _broken_zip(path)
    if broken:
        src.kind, src.fatal = "zip", broken
        return src
    try:
        size = path.stat().st_size
    except OSError as exc:
        src.fatal = f"cannot read input ({type(exc).__name__})"
        return src
    src.entries.append(Entry(path=path.name, size=size, source=src, member=path.name))
    return src


BROKEN_ZIP = "ZIP is damaged or incomplete (a download cut short?); download it again"
FAKE_ZIP = "named .zip but is not a ZIP archive"


def _broken_zip(path: Path) -> str | None:
    """Why a file zipfile cannot open is still meant as a ZIP: a local-header signature at the
    start (a download cut short, even by a few bytes, loses the end record), or a .zip name."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(4)
    except OSError:
        return None
    if head == b"PK\x03\x04":
        return BROKEN_ZIP
    if path.suffix.lower() == ".zip":
        return FAKE_ZIP
    return None


def _open_zip(path: Path, limits: Limits, *, fileobj: BinaryIO | None = None, budget: _Budget | None = None,
              parent: Source | None = None, in_parent: str = "", parent_member: str = "") -> Source:
    src = Source(path=path, kind="zip", limits=limits, parent=parent, in_parent=in_parent,
                 parent_member=parent_member, _fh=fileobj)
    budget = budget or _Budget(limits.max_entries, limits.max_total_bytes)
    whole = " for the whole input" if parent is not None else ""
    max_entries = max(0, budget.entries)
    count = _eocd_entry_count(path, fileobj)
    if count is not None and count > max_entries:
        src.fatal = f"too many entries in ZIP ({count} > {max_entries}{whole})"
        return src
    try:
        zf = zipfile.ZipFile(fileobj if fileobj is not None else path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        src.fatal = f"not a readable ZIP ({type(exc).__name__})"
        return src
    infos = zf.infolist()
    if len(infos) > max_entries:
        zf.close()
        src.fatal = f"too many entries in ZIP ({len(infos)} > {max_entries}{whole})"
        return src
    total = sum(i.file_size for i in infos)
    if total > budget.bytes:
        zf.close()
        cap = limits.max_total_bytes if parent is not None else budget.bytes
        src.fatal = f"ZIP expands to {total} bytes, over the {cap} byte cap{whole} (zip bomb?)"
        return src
    budget.entries -= len(infos)
    budget.bytes -= total
    src._zip = zf
    seen: set[str] = set()
    for info in infos:
        raw = info.filename
        if raw.endswith("/"):
            continue
        name = safe_member_name(raw)
        if name is None:
            src.errors.append((_printable(raw), "unsafe path (absolute or '..'); ignored"))
            continue
        if ignorable(name):
            continue
        mode = info.external_attr >> 16
        if info.create_system == 3 and stat.S_ISLNK(mode):
            src.errors.append((name, "symbolic link entry; ignored"))
            continue
        if info.flag_bits & 0x1:
            src.errors.append((name, "encrypted member; cannot be read"))
            continue
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA):
            src.errors.append((name, "unsupported compression method"))
            continue
        if info.file_size >= limits.ratio_min_bytes and info.file_size > limits.max_ratio * max(1, info.compress_size):
            src.errors.append((name, "compression ratio too high (zip bomb?); ignored"))
            continue
        if name in seen:
            src.errors.append((name, "duplicate member name; only the first copy is used"))
            continue
        seen.add(name)
        src._infos[info.filename] = info
        src.entries.append(Entry(path=name, size=info.file_size, source=src, member=info.filename,
                                 compressed=info.compress_size))
    return src


# -- nested ZIPs ------------------------------------------------------------------------------------
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
NESTED_TOO_LARGE = "nested archive too large to open in place; extract it and import the inner file"
NESTED_TOO_DEEP = "archive nested two levels deep; not opened (extract it and import the inner file)"


def open_sources(path: Path, limits: Limits = DEFAULT_LIMITS) -> list[Source]:
    """The input at ``path`` and the ZIPs inside it, each as a ``Source`` (the outer first).

    ZIPs in a folder are read from disk like top-level inputs; a ZIP inside a ZIP is nested and
    opened in place; a ZIP inside that is reported, not opened. A ``.zip`` member becomes a
    source of its own instead of an entry of its holder. Entry and size caps are shared."""
    src = open_source(path, limits)
    if src.fatal or src.kind == "file":
        return [src]
    budget = _Budget(limits.max_entries, limits.max_total_bytes)
    if src.kind == "dir":
        budget.entries -= len(src.entries)
        budget.bytes -= src.total_size()
        out = [src]
        for e in _take_zips(src):
            full = src.path / e.member
            try:
                fd = os.open(full, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
            except OSError as exc:
                src.errors.append((e.path, f"cannot open ZIP ({type(exc).__name__})"))
                continue
            budget.entries += 1      # the ZIP file is replaced by its content
            budget.bytes += e.size
            inner = _open_zip(full, limits, fileobj=os.fdopen(fd, "rb"), budget=budget)
            out.append(inner)
            if not inner.fatal:
                out.extend(_open_nested(inner, limits, budget))
        return out
    budget.entries -= len(src._zip.infolist()) if src._zip is not None else 0
    budget.bytes -= sum(e.size for e in src.entries)
    return [src] + _open_nested(src, limits, budget)


# Folders where a .zip is a file someone sent or posted (an attachment), never an export to open.
_ATTACHMENT_DIRS = {"files", "photos", "videos", "audio", "gifs", "media"}


def _take_zips(src: Source) -> list[Entry]:
    """Remove the entries that are ZIP archives to open (by name and signature) from ``src``, return
    them. A .zip inside an export tree (under an export folder or an attachment folder, or beside
    a WhatsApp chat inside a ZIP) is an attachment: it stays an entry, so references to it still
    resolve. (In a folder, a .zip beside a chat .txt is opened: users keep their chat exports so.)"""
    cands = [e for e in src.entries if e.path.lower().endswith(".zip")]
    if not cands:
        return []
    chat_dirs = {e.path.rsplit("/", 1)[0] if "/" in e.path else "" for e in src.entries
                 if src.kind == "zip" and e.path.lower().endswith(".txt")
                 and _is_chat_name(e.path.rsplit("/", 1)[-1].lower())}
    zips = []
    for e in cands:
        dirs = e.path.split("/")[:-1]
        if any(d in ROOT_MARKERS or d.lower() in _ATTACHMENT_DIRS for d in dirs):
            continue
        if ("/".join(dirs)) in chat_dirs:
            continue
        if e.head(4) in _ZIP_MAGIC:
            zips.append(e)
    if zips:
        ids = {id(e) for e in zips}
        src.entries = [e for e in src.entries if id(e) not in ids]
    return zips


def _is_chat_name(base: str) -> bool:
    return base == "_chat.txt" or base.startswith("whatsapp chat")


def _open_nested(src: Source, limits: Limits, budget: _Budget) -> list[Source]:
    """The ZIPs inside ``src``, an input (top-level or in a folder), opened as its nested sources."""
    out: list[Source] = []
    for e in _take_zips(src):
        info = src._infos[e.member]
        fileobj: BinaryIO
        try:
            if info.compress_type == zipfile.ZIP_STORED:
                fileobj = _stored_window(src.path, info)
            elif info.file_size > limits.max_nested_in_memory:
                src.errors.append((e.path, NESTED_TOO_LARGE))
                continue
            else:
                fileobj = io.BytesIO(e.read(limits.max_nested_in_memory))
        except (FileError, OSError, ValueError) as exc:
            reason = exc.reason if isinstance(exc, FileError) else type(exc).__name__
            src.errors.append((e.path, f"nested archive unreadable ({reason})"))
            continue
        inner = _open_zip(Path(f"{src.path}/{e.member}"), limits, fileobj=fileobj, budget=budget,
                          parent=src, in_parent=e.path, parent_member=e.member)
        if inner.fatal:
            inner.close()
        else:
            _report_deeper(inner)
        out.append(inner)  # a refused inner ZIP is listed with its reason
    return out


def _report_deeper(inner: Source) -> None:
    for e in _take_zips(inner):
        inner.errors.append((e.path, NESTED_TOO_DEEP))


def _stored_window(path: Path, info: zipfile.ZipInfo) -> BinaryIO:
    """A stored member's bytes read in place from the outer file (seekable, nothing copied).
    zipfile's own stream seeks backwards by re-reading from the member's start (Python 3.11)."""
    if info.flag_bits & 0x1 or info.compress_size != info.file_size:
        raise ValueError("stored member sizes differ")
    fh = open(path, "rb")
    try:
        fh.seek(info.header_offset)
        head = fh.read(30)
        if len(head) != 30 or head[:4] != b"PK\x03\x04":
            raise ValueError("bad local header")
        n, m = struct.unpack("<HH", head[26:30])
        return cast(BinaryIO, _Window(fh, info.header_offset + 30 + n + m, info.file_size))  # a raw stream reads as one
    except BaseException:
        fh.close()
        raise


class _Window(io.RawIOBase):
    """Read-only, seekable view of ``length`` bytes of ``fh`` from ``start``."""

    def __init__(self, fh: BinaryIO, start: int, length: int) -> None:
        self._f, self._start, self._len, self._pos = fh, start, length, 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def seek(self, offset: int, whence: int = 0) -> int:
        base = {0: 0, 1: self._pos, 2: self._len}[whence]
        self._pos = max(0, base + offset)
        return self._pos

    def readinto(self, b: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self.read(len(b))
        b[:len(data)] = data
        return len(data)

    def read(self, size: int = -1) -> bytes:
        n = self._len - self._pos if size is None or size < 0 else min(size, self._len - self._pos)
        if n <= 0:
            return b""
        self._f.seek(self._start + self._pos)
        data = self._f.read(n)
        self._pos += len(data)
        return data

    def close(self) -> None:
        if not self.closed:
            self._f.close()
        super().close()


def _open_dir(path: Path, limits: Limits) -> Source:
    src = Source(path=path, kind="dir", limits=limits)
    total = 0
    for root, dirs, files in os.walk(path, followlinks=False):
        rel_root = os.path.relpath(root, path)
        # os.walk lists symlinked dirs in ``dirs`` but does not descend; report them.
        for d in list(dirs):
            if os.path.islink(os.path.join(root, d)):
                src.errors.append((_rel(rel_root, d), "symbolic link; ignored"))
                dirs.remove(d)
        for f in files:
            full = os.path.join(root, f)
            rel = _rel(rel_root, f)
            if ignorable(rel):
                continue
            try:
                st = os.lstat(full)
            except OSError:
                src.errors.append((rel, "cannot stat file"))
                continue
            if stat.S_ISLNK(st.st_mode):
                src.errors.append((rel, "symbolic link; ignored"))
                continue
            if not stat.S_ISREG(st.st_mode):
                continue
            total += st.st_size
            src.entries.append(Entry(path=rel, size=st.st_size, source=src, member=rel))
            if len(src.entries) > limits.max_entries:
                src.fatal = f"too many files in folder (> {limits.max_entries})"
                src.entries.clear()
                return src
    src.entries.sort(key=lambda e: e.path)
    return src


def _rel(rel_root: str, name: str) -> str:
    return name if rel_root in (".", "") else f"{rel_root}/{name}".replace(os.sep, "/")


def _printable(name: str) -> str:
    return "".join(c if c.isprintable() else "?" for c in name)[:200]


# -- union ----------------------------------------------------------------------------------------
class UnionFS:
    """Archive-relative path → Entry over several parts of one export."""

    def __init__(self) -> None:
        self.entries: dict[str, Entry] = {}
        self._lower: dict[str, str] = {}
        self.conflicts: list[tuple[str, str]] = []

    def add(self, entry: Entry) -> None:
        if entry.path in self.entries:
            prev = self.entries[entry.path]
            if prev.size != entry.size:
                self.conflicts.append((entry.path, "same path in two parts with different sizes; first kept"))
            return
        self.entries[entry.path] = entry
        self._lower.setdefault(entry.path.lower(), entry.path)

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries.values())

    def __len__(self) -> int:
        return len(self.entries)

    def get(self, path: str) -> Entry | None:
        return self.entries.get(path)

    def resolve(self, uri: str) -> Entry | None:
        """A media ``uri`` → the entry holding it: exact, case-insensitive, then by suffix
        (E2EE exports prefix uris with a folder that is not in the download)."""
        if not uri or "://" in uri:
            return None
        p = safe_member_name(uri.split("?")[0])
        if p is None:
            return None
        e = self.entries.get(p)
        if e is not None:
            return e
        low = self._lower.get(p.lower())
        if low is not None:
            return self.entries[low]
        parts = p.split("/")  # p is normalised (safe_member_name): no empty, "." or ".." parts
        for i in range(1, min(len(parts), 6)):
            tail = "/".join(parts[i:])
            e = self.entries.get(tail)
            if e is None:
                low = self._lower.get(tail.lower())
                e = self.entries.get(low) if low else None
            if e is not None:
                return e
        return None
