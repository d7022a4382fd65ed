"""Safe JSON decoding for untrusted export files, and the Meta mojibake repair.

Every failure becomes a ``FileError`` whose reason never quotes file content.
"""

from __future__ import annotations

import json
import re
from types import ModuleType
from typing import Any, Callable

_orjson: ModuleType | None
try:  # 3-4x faster than the stdlib on export files; every failure falls back to the stdlib path
    import orjson as _orjson
except ImportError:  # pragma: no cover - a dependency, but the stdlib path alone is correct
    _orjson = None

MAX_DEPTH_ERROR = "JSON nested too deeply"


class FileError(Exception):
    """A file Hearth could not read; ``reason`` is a short, content-free explanation."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class NotImported(FileError):
    """A file Hearth recognises (settings, logs ...) but does not import: listed, not an error."""


def decode_text(raw: bytes) -> str:
    """UTF-8 (BOM tolerated) or a FileError; NULs are refused (they are never in real exports)."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileError(f"not valid UTF-8 (byte {exc.start})") from None
    return text


def _parse_float(s: str) -> float:
    if len(s) > 64:
        raise FileError("number too large")
    v = float(s)
    if v != v or v in (float("inf"), float("-inf")):
        raise FileError("number out of range")
    return v


def _parse_constant(s: str) -> Any:
    raise FileError("non-standard JSON constant")


class Unreadable:
    """Stands where a value could not be read (a number too large or out of range, NaN): the item
    holding it is left out, the rest of the file is read (``loads_items``)."""

    __slots__ = ("reason",)

    def __init__(self, reason: str) -> None:
        self.reason = reason

    def __repr__(self) -> str:
        return f"Unreadable({self.reason!r})"


class _Tolerant:
    """Parse hooks that put an ``Unreadable`` where the strict ones raise, and count them."""

    def __init__(self) -> None:
        self.bad = 0

    def float_(self, s: str) -> Any:
        try:
            return _parse_float(s)
        except FileError as exc:
            self.bad += 1
            return Unreadable(exc.reason)

    def int_(self, s: str) -> Any:
        if len(s) > 64:  # beyond any timestamp or id; also below Python's 4300-digit limit
            self.bad += 1
            return Unreadable("number too large")
        return int(s)

    def constant(self, s: str) -> Any:
        self.bad += 1
        return Unreadable("non-standard JSON constant")


def loads_items(raw: bytes) -> tuple[Any, int]:
    """Like ``loads``, but a value that cannot be read becomes an ``Unreadable`` instead of
    failing the file; returns (document, how many such values). Structural errors (invalid JSON,
    invalid UTF-8, nesting) still fail the whole file: nothing after them can be trusted."""
    try:
        return loads(raw), 0
    except FileError as exc:
        if not exc.reason.startswith(("number", "non-standard")):
            raise
    hooks = _Tolerant()
    text = decode_text(raw)
    try:
        value = json.loads(text, parse_float=hooks.float_, parse_int=hooks.int_, parse_constant=hooks.constant)
    except RecursionError:
        raise FileError(MAX_DEPTH_ERROR) from None
    except json.JSONDecodeError as exc:
        raise FileError(f"invalid JSON (line {exc.lineno}, column {exc.colno})") from None
    except (ValueError, MemoryError) as exc:
        raise FileError(f"invalid JSON ({type(exc).__name__})") from None
    if _SURROGATE_ESCAPE.search(text) is not None:
        value = fix_deep(value, _fix_surrogates)
    return value, hooks.bad


def unreadable_in(o: Any) -> Unreadable | None:
    """The first ``Unreadable`` inside a JSON subtree, or None."""
    if isinstance(o, Unreadable):
        return o
    if isinstance(o, dict):
        o = o.values()
    elif not isinstance(o, list):
        return None
    for x in o:
        found = unreadable_in(x)
        if found is not None:
            return found
    return None


# Where orjson and the stdlib path below disagree: orjson turns integers beyond 64 bits into
# floats and accepts number literals longer than 64 characters. Both need a run of 19+ digits (a
# JSON number has at most three digit runs and four other characters), so files with such a run
# take the stdlib path. Mapping digits to '9' and searching for nineteen of them is ~10x faster
# than a regex over the file.
_DIGITS_TO_9 = bytes.maketrans(b"012345678", b"999999999")
_LONG_RUN = b"9" * 19


def loads(raw: bytes) -> Any:
    """Parse untrusted JSON bytes: BOM ok, invalid UTF-8 / deep nesting / huge numbers refused."""
    if _orjson is not None:
        body = raw[3:] if raw[:3] == b"\xef\xbb\xbf" else raw
        if _LONG_RUN not in body.translate(_DIGITS_TO_9):
            try:
                return _orjson.loads(body)
            except _orjson.JSONDecodeError:
                pass  # invalid, too deep, lone surrogate escapes ...: the stdlib decides, with its reason
    return _loads_stdlib(raw)


def _loads_stdlib(raw: bytes) -> Any:
    text = decode_text(raw)
    try:
        # Integers use the C parser; Python's int digit limit (4300) already refuses hostile literals.
        value = json.loads(text, parse_float=_parse_float, parse_constant=_parse_constant)
    except FileError:
        raise
    except ValueError as exc:
        if "digits" in str(exc) or "int" in str(exc):
            raise FileError("number too large") from None
        if isinstance(exc, json.JSONDecodeError):
            raise FileError(f"invalid JSON (line {exc.lineno}, column {exc.colno})") from None
        raise FileError(f"invalid JSON ({type(exc).__name__})") from None
    except RecursionError:
        raise FileError(MAX_DEPTH_ERROR) from None
    except json.JSONDecodeError as exc:
        raise FileError(f"invalid JSON (line {exc.lineno}, column {exc.colno})") from None
    except (ValueError, MemoryError) as exc:
        raise FileError(f"invalid JSON ({type(exc).__name__})") from None
    if _SURROGATE_ESCAPE.search(text) is None:
        return value
    # json.loads combines valid \uD8xx\uDCxx pairs; lone halves stay as str that cannot be encoded
    # (content hash, SQLite binding), so they become U+FFFD here, at the source.
    return fix_deep(value, _fix_surrogates)


# Only a \u escape can produce a surrogate: a literal one in the bytes is already invalid UTF-8.
# (A false hit, e.g. an escaped backslash before "ud800", only costs the walk.)
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _fix_surrogates(s: str) -> str:
    if _SURROGATE.search(s) is None:
        return s
    return s.encode("utf-16", "surrogatepass").decode("utf-16", "replace")



# -- mojibake -----------------------------------------------------------------------------------
def fix_meta(s: str) -> str:
    """Undo Meta's UTF-8-as-Latin-1 escaping; strict, idempotent, leaves real Unicode alone."""
    if not s or s.isascii():
        return s
    try:
        return s.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return s


def no_fix(s: str) -> str:
    return s


def fix_deep(o: Any, fix: Callable[[str], str] = fix_meta) -> Any:
    """Apply ``fix`` to every string value and key of a JSON subtree."""
    if fix is no_fix:
        return o
    if isinstance(o, str):
        return fix(o)
    if isinstance(o, list):
        return [fix_deep(x, fix) for x in o]
    if isinstance(o, dict):
        return {fix(k): fix_deep(v, fix) for k, v in o.items()}
    return o
