"""Benchmark of privacy operations on a 20k-record vault: forget, export, import of an export, delete.

Each figure is compared with the bare SQL it is built on, measured in the same process, so the
ratio shows what the guarantees cost (FTS optimize, WAL truncate, tombstones, hooks, id remapping).
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

N = 20_000
THREADS = 40


def _vault(root: Path, name: str):
    import keyring
    from keyring.backends import fail

    from desktop_app.core.domain import Record
    from desktop_app.core.ingest.writer import RecordWriter
    from desktop_app.core.store.vault import create_vault

    keyring.set_keyring(fail.Keyring())
    v = create_vault(root / name, passphrase="bench passphrase")
    recs = [Record("facebook" if i % 4 else "instagram", "message", 1_500_000_000_000 + i * 60_000,
                   f"Person {i % 97}", f"message {i} about the cabin, the lake and dinner plans number {i % 13}",
                   thread_key=f"facebook:inbox/t{i % THREADS}") for i in range(N)]
    with v.transaction():
        RecordWriter(v, owner_names=["Person 0"]).write(recs)
    v.checkpoint()
    return v


def _t(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def run() -> str:
    from desktop_app.core.privacy import delete as dl, export as ex, forget as fg

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        a = _vault(root, "a")
        b = _vault(root, "b")
        per_thread = N // THREADS
        tid_a = a.scalar("SELECT id FROM threads ORDER BY id LIMIT 1")
        tid_b = b.scalar("SELECT id FROM threads ORDER BY id LIMIT 1")

        def bare_delete():
            with b.transaction():
                b.execute("DELETE FROM records WHERE thread_id = ?", (tid_b,))

        t_bare = _t(bare_delete)
        t_forget = _t(lambda: fg.forget(a, thread_id=tid_a))
        t_platform = _t(lambda: fg.forget(a, platform="instagram"))
        n_platform = N // 4

        size = a.path.stat().st_size
        t_vacuum = _t(lambda: a.execute("VACUUM INTO ?", (str(root / "vacuum.db"),)))
        t_export = _t(lambda: ex.export_vault(a, root / "x.hearth", passphrase="export"))
        t_open = _t(lambda: ex.export_vault(a, root / "x.zip", open_format=True))
        n_left = a.scalar("SELECT count(*) FROM records")

        c = _vault(root, "c")
        with c.transaction():
            c.execute("DELETE FROM records")
        c.checkpoint()

        def bare_copy():
            c.conn.execute("ATTACH DATABASE ? AS src KEY ?", (str(root / "x.hearth"), "export"))
            try:
                with c.transaction():
                    c.execute("INSERT INTO records SELECT * FROM src.records")
            finally:
                c.conn.execute("DETACH DATABASE src")

        t_bare_copy = _t(bare_copy)
        with c.transaction():
            c.execute("DELETE FROM records")
        d = _vault(root, "d")
        with d.transaction():
            d.execute("DELETE FROM records")
        t_import = _t(lambda: ex.import_export(d, root / "x.hearth", "export"))
        t_reimport = _t(lambda: ex.import_export(d, root / "x.hearth", "export"))
        for v in (a, b, c, d):
            v.lock()
        t_delete = _t(lambda: dl.delete_everything(root / "a"))

    lines = [
        "## privacy", "",
        f"Vault of {N:,} messages in {THREADS} threads (SQLCipher, passphrase key), {size / 1e6:.1f} MB.", "",
        "| operation | time | baseline (bare SQL) | ratio |",
        "|---|---|---|---|",
        f"| forget one thread ({per_thread} records): hooks, tombstones, FTS optimize, WAL truncate "
        f"| {t_forget * 1000:.0f} ms | DELETE only {t_bare * 1000:.0f} ms | {t_forget / max(t_bare, 1e-6):.1f}x |",
        f"| forget a platform ({n_platform:,} records) | {t_platform * 1000:.0f} ms | | |",
        f"| encrypted export ({n_left:,} records, sqlcipher_export + verify + fsync) | {t_export * 1000:.0f} ms "
        f"| VACUUM INTO {t_vacuum * 1000:.0f} ms | {t_export / max(t_vacuum, 1e-6):.1f}x |",
        f"| open export (zip of JSON Lines) | {t_open * 1000:.0f} ms | | |",
        f"| import an export into an empty vault (merge, id remap, dedup) | {t_import * 1000:.0f} ms "
        f"| INSERT…SELECT {t_bare_copy * 1000:.0f} ms | {t_import / max(t_bare_copy, 1e-6):.1f}x |",
        f"| import the same export again (all duplicates) | {t_reimport * 1000:.0f} ms | | |",
        f"| delete everything | {t_delete * 1000:.0f} ms | | |",
    ]
    return "\n".join(lines) + "\n"
