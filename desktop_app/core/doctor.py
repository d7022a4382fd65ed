"""Checks behind ``hearth doctor``: each reports what it found, never what it hoped for."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from desktop_app.core import models, paths, sysinfo
from desktop_app.core.privacy import egress
from desktop_app.core.store import keychain
from desktop_app.core.store.vault import SQLITE_MAGIC, VaultInfo


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


def _file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


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
    lines.append("Status:     OK" if r["ok"] else "Problems:   " + "; ".join(r["problems"]))
    return "\n".join(lines)
