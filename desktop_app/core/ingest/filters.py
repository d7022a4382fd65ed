"""Choose-before-storing: drops excluded categories, dates, threads and people before any write."""

from __future__ import annotations

from desktop_app.core.domain import Record, Thread
from desktop_app.core.ingest.options import ImportOptions, fold


class ItemFilter:
    def __init__(self, options: ImportOptions) -> None:
        self.o = options
        self.people = options.people
        self.thread_names = options.threads
        self.excluded_threads: set[str] = set()
        # Nothing chosen out (the usual import): callers skip ``allows`` per record.
        self.active = bool(options.exclude_categories or options.since_ms is not None or options.until_ms is not None
                           or self.people or self.thread_names)

    def _thread_excluded(self, t: Thread) -> bool:
        names = {fold(t.title), fold(t.key), fold(t.key.split(":", 1)[-1]), fold(str(t.extra.get("dir", "")))}
        if self.thread_names & names:
            return True
        if self.people and not t.is_group:
            # A 1:1 conversation with an excluded person is about them: leave it out entirely.
            if any(fold(p) in self.people for p in t.participants) or fold(t.title) in self.people:
                return True
        return False

    def see_thread(self, t: Thread) -> None:
        if self._thread_excluded(t):
            self.excluded_threads.add(t.key)

    def thread_allowed(self, t: Thread) -> bool:
        if self._thread_excluded(t):
            self.excluded_threads.add(t.key)
            return False
        if self.people:
            t.participants = [p for p in t.participants if fold(p) not in self.people]
        return True

    def allows(self, r: Record, category: str | None = None) -> bool:
        o = self.o
        if o.exclude_categories and (category or r.category) in o.exclude_categories:
            return False
        if (o.since_ms is not None or o.until_ms is not None) and not o.date_ok(r.ts_ms):
            return False
        if r.thread_key and r.thread_key in self.excluded_threads:
            return False
        if self.people and r.author and fold(r.author) in self.people:
            return False
        return True
