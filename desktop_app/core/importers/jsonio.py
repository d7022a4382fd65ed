"""Safe JSON decoding for untrusted export files, and the Meta mojibake repair.

Every failure becomes a ``FileError`` whose reason never quotes file content.
"""

from __future__ import annotations

import json
from typing import Any, Callable

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


def loads(raw: bytes) -> Any:
    """Parse untrusted JSON bytes: BOM ok, invalid UTF-8 / deep nesting / huge numbers refused."""
    text = decode_text(raw)
    try:
        # Integers use the C parser; Python's int digit limit (4300) already refuses hostile literals.
        return json.loads(text, parse_float=_parse_float, parse_constant=_parse_constant)
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
