"""Asking the user before something irreversible; scripts pass --yes."""

from __future__ import annotations

import sys

from desktop_app.core.errors import Cancelled, KnownError


def confirm(question: str, *, yes: bool) -> None:
    """Return if confirmed; raise Cancelled on 'no', KnownError when nobody can be asked."""
    if yes:
        return
    if not sys.stdin or not sys.stdin.isatty():
        raise KnownError("This cannot be undone; add --yes to confirm when running without a terminal.")
    sys.stderr.write(question + " [y/N] ")
    sys.stderr.flush()
    if sys.stdin.readline().strip().lower() not in ("y", "yes"):
        raise Cancelled("not confirmed")
