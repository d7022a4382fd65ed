"""Export everything in one step: an encrypted SQLCipher file by default, open JSON Lines on request.

The encrypted export is ``sqlcipher_export`` of the whole vault into an ATTACHed database keyed by
the export passphrase (bound as a parameter, never spliced into SQL); Hearth imports it back with
``import_export``. The open export is a zip of JSON Lines per table plus a README of the schema; it
is plaintext and only made on explicit request. Both are written atomically (``atomic.py``).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import os
import time
import zipfile
from pathlib import Path
from typing import Any, Callable, TYPE_CHECKING

from desktop_app import __version__
from desktop_app.core.errors import KnownError
from desktop_app.core.privacy import tables as tb
from desktop_app.core.privacy.atomic import atomic_file
from desktop_app.core.progress import CancelToken, Progress, no_progress

if TYPE_CHECKING:
    from desktop_app.core.store.vault import Vault

EXPORT_SUFFIX = ".hearth"
OPEN_SUFFIX = ".zip"
FORMAT = 1
META_TABLE = "hearth_export"
PLAINTEXT_WARNING = ("An open export is NOT encrypted: anyone who gets the file can read every message in it. "
                     "Keep it somewhere safe and delete it when you are done.")


def default_name(open_format: bool = False) -> str:
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%d-%H%M%S")
    return f"hearth-export-{stamp}" + (OPEN_SUFFIX if open_format else EXPORT_SUFFIX)


def resolve_dest(dest: Path | str, open_format: bool = False) -> Path:
    dest = Path(dest).expanduser()
    if dest.is_dir():
        return dest / default_name(open_format)
    if not dest.parent.is_dir():
        raise KnownError(f"The folder {dest.parent} does not exist.")
    return dest


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _meta(vault: Vault) -> dict[str, Any]:
    return {"format": FORMAT, "app_version": __version__, "created_at": int(time.time()),
            "schema_version": vault.schema_version(), "source_vault_id": vault.info.vault_id}


def export_vault(vault: Vault, dest: Path | str, *, passphrase: str | None = None, open_format: bool = False,
                 overwrite: bool = False, progress: Callable[[Progress], None] = no_progress,
                 cancel: CancelToken | None = None) -> dict[str, Any]:
    """Export the whole vault to ``dest`` (a file, or a folder to put a dated file in); return a receipt."""
    dest = resolve_dest(dest, open_format)
    if Path(vault.profile).resolve() in dest.resolve().parents:
        raise KnownError("Choose a folder outside the profile for the export (deleting the profile would take it).")
    if not open_format and not passphrase:
        raise KnownError("An export passphrase is needed (set HEARTH_EXPORT_PASSPHRASE or answer the prompt).")
    started = time.monotonic()
    counts = {t: int(vault.scalar(f'SELECT count(*) FROM "{t}"')) for t in tb.data_tables(vault.conn)}
    with atomic_file(dest, overwrite=overwrite, note_dir=Path(vault.profile)) as tmp:
        if open_format:
            _write_open(vault, tmp, counts, progress, cancel)
        else:
            assert passphrase  # refused above when missing
            _write_encrypted(vault, tmp, passphrase, counts, progress, cancel)
        if cancel:
            cancel.check()
    receipt = {"ok": True, "path": str(dest), "encrypted": not open_format, "bytes": dest.stat().st_size,
               "sha256": _sha256(dest), "tables": counts, "seconds": round(time.monotonic() - started, 3)}
    if open_format:
        receipt["warning"] = PLAINTEXT_WARNING
    with vault.transaction():
        vault.execute("INSERT INTO privacy_exports(at, path, encrypted, bytes, sha256) VALUES (?, ?, ?, ?, ?)",
                      (int(time.time() * 1000), str(dest), int(not open_format), receipt["bytes"], receipt["sha256"]))
    progress(Progress("export: done", 1, 1))
    return receipt


def _write_encrypted(vault: Vault, tmp: Path, passphrase: str, counts: dict[str, int],
                     progress: Callable[[Progress], None], cancel: CancelToken | None) -> None:
    progress(Progress("export: encrypting", 0, None))
    conn = vault.conn
    with vault.lock_:
        conn.execute("ATTACH DATABASE ? AS hearth_exp KEY ?", (str(tmp), passphrase))
        try:
            conn.execute("SELECT sqlcipher_export('hearth_exp')")
            conn.execute(f"PRAGMA hearth_exp.user_version = {int(vault.schema_version())}")
            conn.execute(f"CREATE TABLE hearth_exp.{META_TABLE}(key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            conn.executemany(f"INSERT INTO hearth_exp.{META_TABLE}(key, value) VALUES (?, ?)",
                             [(k, json.dumps(v)) for k, v in _meta(vault).items()])
            # check the copy before it gets its final name
            got = {t: int(conn.execute(f'SELECT count(*) FROM hearth_exp."{t}"').fetchone()[0]) for t in counts}
            if got != counts:
                raise KnownError("The export did not match the vault; nothing was written.")
        finally:
            conn.execute("DETACH DATABASE hearth_exp")
    if cancel:
        cancel.check()


def _jsonable(v: Any) -> Any:
    if isinstance(v, (bytes, memoryview)):
        return {"$base64": base64.b64encode(bytes(v)).decode("ascii")}
    return v


def _readme(vault: Vault, counts: dict[str, int]) -> str:
    lines = ["# Hearth open export", "", PLAINTEXT_WARNING, "",
             "One JSON Lines file per table in `tables/`: one JSON object per row, keys are column names.",
             "Binary values are written as `{\"$base64\": \"...\"}`. Times ending in `_ms` or named `ts` are UTC "
             "milliseconds since 1970. Search indexes are left out: they are rebuilt from `records`.", "",
             "## Tables", ""]
    for t, n in counts.items():
        sql = vault.scalar("SELECT sql FROM sqlite_master WHERE name = ?", (t,))
        lines += [f"### {t} ({n} rows)", "", "```sql", sql.strip(), "```", ""]
    return "\n".join(lines)


def _write_open(vault: Vault, tmp: Path, counts: dict[str, int], progress: Callable[[Progress], None],
                cancel: CancelToken | None) -> None:
    total = sum(counts.values())
    done = 0
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("README.md", _readme(vault, counts))
        zf.writestr("manifest.json", json.dumps({**_meta(vault), "tables": counts}, indent=2))
        for t in counts:
            cols = [c[0] for c in tb.columns(vault.conn, t)]
            with zf.open(f"tables/{t}.jsonl", "w") as fh:
                for row in vault.execute(f'SELECT * FROM "{t}"'):
                    fh.write((json.dumps(dict(zip(cols, map(_jsonable, row))), ensure_ascii=False) + "\n")
                             .encode("utf-8"))
                    done += 1
                    if done % 2000 == 0:
                        if cancel:
                            cancel.check()
                        progress(Progress("export: writing", done, total))
    os.chmod(tmp, 0o600)


def list_exports(vault: Vault) -> list[dict[str, Any]]:
    """Exports made from this vault (so 'delete everything' can say which files it does not touch)."""
    return [{"at_ms": at, "path": p, "encrypted": bool(e), "bytes": b, "exists": Path(p).exists()}
            for at, p, e, b in vault.query("SELECT at, path, encrypted, bytes FROM privacy_exports ORDER BY id")]


def import_export(vault: Vault, path: Path | str, passphrase: str, **kw: Any) -> dict[str, Any]:
    """Merge an encrypted Hearth export into ``vault`` without duplicates (see ``merge.py``)."""
    from desktop_app.core.privacy.merge import merge_export

    return merge_export(vault, Path(path), passphrase, **kw)
