"""Tamper and corruption check of an open vault: SQLCipher's page HMACs, then SQLite's own check.

Every read already verifies the HMAC of the pages it touches; this walks every page, so flips in
pages no query touches (free pages, old index pages) are found too. It reports, it never repairs.
"""

from __future__ import annotations

from typing import Any, TYPE_CHECKING

if TYPE_CHECKING:
    from desktop_app.core.store.vault import Vault


def check_vault(vault: Vault, *, quick: bool = False) -> dict[str, Any]:
    """``{"ok", "cipher_errors": [...], "integrity": [...]}``; page numbers only, never content."""
    import sqlcipher3

    out: dict[str, Any] = {"ok": True, "cipher_errors": [], "integrity": []}
    try:
        out["cipher_errors"] = [r[0] for r in vault.conn.execute("PRAGMA cipher_integrity_check").fetchall()]
    except sqlcipher3.DatabaseError as exc:
        out["cipher_errors"] = [f"check failed ({type(exc).__name__})"]
    try:
        rows = vault.conn.execute("PRAGMA quick_check" if quick else "PRAGMA integrity_check").fetchall()
        out["integrity"] = [r[0] for r in rows]
    except sqlcipher3.DatabaseError as exc:
        out["integrity"] = [f"check failed ({type(exc).__name__})"]
    out["ok"] = not out["cipher_errors"] and out["integrity"] == ["ok"]
    return out
