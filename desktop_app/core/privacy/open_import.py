"""Import an open (JSON Lines) Hearth export back into a vault, through the same merge as the encrypted one.

The zip's rows are loaded into a throwaway SQLCipher vault (random key, private temp folder,
the current schema) which is then merged with ``merge.merge_export``: duplicates, tombstones and
id remapping behave exactly as for an encrypted export. The plaintext never touches the disk
outside the zip the user chose.
"""

from __future__ import annotations

import base64
import json
import secrets
import shutil
import tempfile
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from desktop_app.core.errors import KnownError
from desktop_app.core.privacy import tables as tb
from desktop_app.core.progress import CancelToken, Progress, no_progress

if TYPE_CHECKING:
    from desktop_app.core.store.vault import Vault

NOT_OURS = "This file is not an open Hearth export (it has no manifest.json and tables/ folder)."


def is_open_export(path: Path | str) -> bool:
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
    except (OSError, zipfile.BadZipFile):
        return False
    return "manifest.json" in names and any(n.startswith("tables/") for n in names)


def _value(v: Any) -> Any:
    if isinstance(v, dict) and set(v) == {"$base64"}:
        return base64.b64decode(v["$base64"])
    return v


def import_open_export(vault: Vault, path: Path | str, *, progress: Callable[[Progress], None] = no_progress,
                       cancel: CancelToken | None = None) -> dict[str, Any]:
    """Merge the open export at ``path`` into ``vault``; returns the merge report (+ skipped tables)."""
    from desktop_app.core import paths
    from desktop_app.core.privacy.export import META_TABLE
    from desktop_app.core.privacy.merge import merge_export
    from desktop_app.core.store.vault import create_vault

    path = Path(path)
    if not path.is_file() or not is_open_export(path):
        raise KnownError(NOT_OURS)
    tmp = Path(tempfile.mkdtemp(prefix="hearth-open-import-"))
    key = secrets.token_urlsafe(32)
    skipped: list[str] = []
    try:
        stage = create_vault(tmp / "stage", passphrase=key, use_keychain=False)
        try:
            with zipfile.ZipFile(path) as zf:
                manifest = json.loads(zf.read("manifest.json"))
                members = set(zf.namelist())
                ours = set(tb.data_tables(stage.conn))
                names = list((manifest.get("tables") or {}).keys())
                stage.execute("PRAGMA foreign_keys = OFF")  # rows arrive table by table, parents not first
                with stage.transaction():
                    # the stage's own bookkeeping rows would be merged as if they were the user's
                    if "settings" in ours:
                        stage.execute("DELETE FROM settings")
                    for i, t in enumerate(names):
                        if cancel:
                            cancel.check()
                        progress(Progress("import export: reading", i, len(names)))
                        if t not in ours or t == "_migrations" or f"tables/{t}.jsonl" not in members:
                            skipped.append(t)
                            continue
                        cols = {c[0] for c in tb.columns(stage.conn, t)}
                        with zf.open(f"tables/{t}.jsonl") as fh:
                            for line in fh:
                                row = {k: _value(v) for k, v in json.loads(line).items() if k in cols}
                                if row:
                                    keys = list(row)
                                    col_sql = ", ".join('"' + k + '"' for k in keys)
                                    stage.execute(f'INSERT OR REPLACE INTO "{t}" ({col_sql}) '
                                                  f'VALUES ({", ".join("?" * len(keys))})', [row[k] for k in keys])
                    stage.execute(f"CREATE TABLE {META_TABLE}(key TEXT PRIMARY KEY, value TEXT NOT NULL)")
                    stage.conn.executemany(f"INSERT INTO {META_TABLE}(key, value) VALUES (?, ?)",
                                           [(k, json.dumps(v)) for k, v in manifest.items() if k != "tables"])
        except (KeyError, ValueError, zipfile.BadZipFile):
            raise KnownError(NOT_OURS) from None
        finally:
            stage.lock()
        report = merge_export(vault, paths.vault_file(tmp / "stage"), key, progress=progress, cancel=cancel)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    report["path"] = str(path)
    report["open_format"] = True
    report["skipped_tables"] = skipped
    return report
