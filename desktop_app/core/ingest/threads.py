"""Thread identity across exports: the same conversation under a renamed folder keeps one thread.

Folder names are ``<slug>_<id>``; a rename changes the slug, a newer export may change neither.
Id parts are stored in ``ingest_thread_alias``; a new folder whose id part is known joins that thread.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop_app.core.domain import Thread
from desktop_app.core.ingest.writer import RecordWriter

if TYPE_CHECKING:
    from desktop_app.core.store.vault import Vault


class ThreadMerger:
    def __init__(self, vault: Vault, writer: RecordWriter) -> None:
        self.vault = vault
        self.writer = writer
        self.map: dict[str, str] = {}

    def canonical(self, key: str) -> str:
        return self.map.get(key, key)

    def _resolve(self, t: Thread) -> str:
        if t.key in self.map:
            return self.map[t.key]
        if self.vault.scalar("SELECT 1 FROM threads WHERE key = ?", (t.key,)):
            return t.key
        for alias in t.extra.get("ids", []) or []:
            row = self.vault.execute("SELECT t.key FROM ingest_thread_alias a JOIN threads t ON t.id = a.thread_id "
                                     "WHERE a.platform = ? AND a.alias = ?", (t.platform, alias)).fetchone()
            if row:
                return row[0]
        return t.key

    def add(self, t: Thread) -> int:
        orig = t.key
        canon = self._resolve(t)
        t.key = canon
        tid = self.writer.thread_id(t)
        self.map[orig] = canon
        for alias in t.extra.get("ids", []) or []:
            self.vault.execute("INSERT OR IGNORE INTO ingest_thread_alias(platform, alias, thread_id) VALUES (?, ?, ?)",
                               (t.platform, alias, tid))
        return tid
