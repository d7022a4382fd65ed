"""Checks behind ``hearth doctor``: each reports what it found, never what it hoped for."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from desktop_app.core import models, paths, sysinfo
from desktop_app.core.privacy import egress
from desktop_app.core.store import keychain
from desktop_app.core.store.vault import SQLITE_MAGIC, Vault, VaultInfo


def _vault_check(profile: Path) -> dict[str, Any]:
    db = paths.vault_file(profile)
    out: dict[str, Any] = {"profile": str(profile), "exists": db.exists()}
    if not db.exists():
        out["status"] = "no vault yet (run 'hearth init' or 'hearth import')"
        return out
    with open(db, "rb") as fh:
        head = fh.read(16)
    out["size_bytes"] = db.stat().st_size
    out["header_plaintext_sqlite"] = head == SQLITE_MAGIC
    out["encrypted"] = head != SQLITE_MAGIC and len(head) == 16
    try:
        info = VaultInfo.load(profile)
    except Exception:  # noqa: BLE001
        info = None
    out["key_mode"] = info.key_mode if info else None
    out["keychain_backend"] = info.keychain_backend if info else None
    if info and info.key_mode == "keychain":
        out["key_in_keychain"] = keychain.load_key(info.vault_id) is not None
    modes = {p.name: oct(p.stat().st_mode & 0o777) for p in paths.vault_side_files(profile) if p.exists()}
    out["file_modes"] = modes
    out["dir_mode"] = oct(profile.stat().st_mode & 0o777)
    out["status"] = "encrypted" if out["encrypted"] else "NOT ENCRYPTED"
    return out


def _sqlcipher() -> dict[str, Any]:
    try:
        import sqlcipher3

        conn = sqlcipher3.connect(":memory:")
        version = conn.execute("PRAGMA cipher_version").fetchone()[0]
        fts5 = "ENABLE_FTS5" in {r[0] for r in conn.execute("PRAGMA compile_options")}
        conn.close()
        return {"available": True, "cipher_version": version, "fts5": fts5}
    except Exception as exc:  # noqa: BLE001
        return {"available": False, "error": type(exc).__name__}


def run(profile: Path) -> dict[str, Any]:
    llm = models.default_llm_path()
    emb = models.default_embedder_path()
    report: dict[str, Any] = {
        "keychain": keychain.describe(),
        "sqlcipher": _sqlcipher(),
        "vault": _vault_check(profile),
        "models": {
            "default_llm": {"path": str(llm) if llm else None, "found": bool(llm),
                            "size_bytes": llm.stat().st_size if llm else None},
            "embedder": {"path": str(emb) if emb else None, "found": bool(emb)},
            "llama_cpp_python": sysinfo.version_of("llama-cpp-python"),
            "sentence_transformers": sysinfo.version_of("sentence-transformers"),
        },
        "cpu": {"physical_cores": sysinfo.physical_cores(), "features": sysinfo.cpu_features(),
                "memory_total_bytes": sysinfo.memory_total_bytes()},
        "network": {"egress_guard": egress.is_offline(), "blocked_attempts": len(egress.blocked_attempts())},
        "versions": sysinfo.versions(),
    }
    problems = []
    if not report["sqlcipher"].get("available"):
        problems.append("SQLCipher is not available")
    v = report["vault"]
    if v.get("exists") and not v.get("encrypted"):
        problems.append("the vault file is not encrypted")
    if v.get("key_mode") == "keychain" and v.get("key_in_keychain") is False:
        problems.append("the vault key is missing from the keychain")
    if not llm:
        problems.append("the default language model is not installed")
    if not report["models"]["llama_cpp_python"]:
        problems.append("llama-cpp-python is not installed")
    if not emb:
        problems.append("the embedding model is not installed")
    report["problems"] = problems
    report["ok"] = not problems
    return report


def format_text(r: dict[str, Any]) -> str:
    kc = r["keychain"]
    v = r["vault"]
    m = r["models"]
    feats = ", ".join(k for k, on in r["cpu"]["features"].items() if on) or "none"
    lines = [
        f"Keychain:   {kc['backend'] or 'none'} — {'secure' if kc['secure'] else 'NOT usable: ' + str(kc.get('reason'))}",
        f"SQLCipher:  {r['sqlcipher'].get('cipher_version', 'missing')} (FTS5: {r['sqlcipher'].get('fts5')})",
        f"Vault:      {v['profile']} — {v['status']}"
        + (f", key in {v['key_mode']}" if v.get("key_mode") else ""),
        f"LLM:        {m['default_llm']['path'] or 'not found'} (llama-cpp-python {m['llama_cpp_python'] or 'missing'})",
        f"Embedder:   {m['embedder']['path'] or 'not found'} (sentence-transformers {m['sentence_transformers'] or 'missing'})",
        f"CPU:        {r['cpu']['physical_cores']} physical cores; {feats}",
        f"Network:    egress guard {'on' if r['network']['egress_guard'] else 'off'}, "
        f"{r['network']['blocked_attempts']} blocked attempts",
        "Versions:   " + ", ".join(f"{k} {val}" for k, val in r["versions"].items() if val and k != "platform"),
    ]
    if "integrity" not in r and v.get("exists"):
        lines.append("Integrity:  not checked (run 'hearth doctor --check-vault' to read every page)")
    if "integrity" in r:
        lines.append(f"Integrity:  {r['integrity']['summary']}")
        if r["integrity"].get("advice"):
            lines.append(f"What to do: {r['integrity']['advice']}")
    lines.append("Status:     OK" if r["ok"] else "Problems:   " + "; ".join(r["problems"]))
    return "\n".join(lines)


# -- vault integrity (on demand: it reads every page) ----------------------------------------------
_RESTORE_ADVICE = ("Hearth did not change the vault. Keep a copy of the profile folder, then restore your latest "
                   "backup into a new profile ('hearth init', then 'hearth export --restore FILE'), or import "
                   "your archives again into a new profile.")
_INDEX_ADVICE = ("Only search indexes are damaged; your records read correctly. Export them now "
                 "('hearth export'), then restore the export into a new profile ('hearth init', then "
                 "'hearth export --restore FILE').")


def _parts_of_pages(vault: Vault, pages: list[int]) -> list[str]:
    """Tables and indexes owning ``pages`` (SQLite's dbstat table), or [] where it is missing."""
    if not pages:
        return []
    try:
        q = ",".join("?" * len(pages))
        return sorted({n for (n,) in vault.conn.execute(f"SELECT DISTINCT name FROM dbstat WHERE pageno IN ({q})",
                                                        pages).fetchall()})
    except Exception:  # noqa: BLE001 - no dbstat, or dbstat itself met the damage
        return []


def vault_integrity(vault: Vault) -> dict[str, Any]:
    """Run SQLCipher's page check (HMAC of every page) and SQLite's integrity check; say what is
    damaged (pages, and the tables or indexes they belong to) and what the user can do."""
    import re

    from desktop_app.core.privacy.integrity import check_vault

    raw = check_vault(vault)
    pages = sorted({int(n) for line in raw["cipher_errors"] for n in re.findall(r"page (\d+)", str(line), re.I)})
    problems = [str(x) for x in raw["integrity"] if x != "ok"]
    indexes = sorted({m for line in problems for m in re.findall(r"index (\w+)", line)})
    parts = _parts_of_pages(vault, pages) or indexes
    out: dict[str, Any] = {"ok": raw["ok"], "pages_checked": int(vault.scalar("PRAGMA page_count") or 0),
                           "damaged_pages": pages, "page_errors": len(raw["cipher_errors"]),
                           "structure_errors": len(problems), "damaged_parts": parts}
    if raw["ok"]:
        out["summary"] = f"No damage found: all {out['pages_checked']} pages passed their checks."
        out["advice"] = ""
        return out
    where = f" (in {', '.join(parts)})" if parts else ""
    what = (f"{len(pages)} page(s) failed their tamper checks{where}" if pages or raw["cipher_errors"] else
            f"the database structure has {len(problems)} error(s){where}")
    out["summary"] = f"Damaged: {what}."
    only_indexes = bool(parts) and not pages and all(not p.startswith("sqlite_") and p in indexes for p in parts)
    out["advice"] = _INDEX_ADVICE if only_indexes else _RESTORE_ADVICE
    return out


def damaged_at_open(message: str) -> dict[str, Any]:
    """The integrity section when the vault could not even be opened because of damage."""
    return {"ok": False, "pages_checked": 0, "damaged_pages": [], "page_errors": 1, "structure_errors": 0,
            "damaged_parts": ["the schema (read when the vault opens)"],
            "summary": "Damaged: a page read while opening the vault failed its check.", "advice": _RESTORE_ADVICE,
            "error": message}
