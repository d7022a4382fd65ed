"""Import orchestration: inspect without writing, import in checkpointed batches, resume after a crash.

Crash safety: every batch of records is committed in the same transaction as the job checkpoint
(task index, items consumed in that task, running report), so after kill -9 the vault holds
either the previous state or a job ``resume_import`` completes without duplicates. Parsing is
deterministic, so a resumed job re-parses the current task and skips the items already committed.
"""

from __future__ import annotations

import contextlib
import json
import logging
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, Sequence

from desktop_app.core.domain import KINDS, OwnerHint, Record, Thread
from desktop_app.core.errors import Cancelled, KnownError
from desktop_app.core.importers.base import BadItem, Task
from desktop_app.core.importers.handlers import run_task
from desktop_app.core.importers.jsonio import FileError, NotImported
from desktop_app.core.ingest import bulk
from desktop_app.core.ingest import threads as thread_merge
from desktop_app.core.ingest.filters import ItemFilter
from desktop_app.core.ingest.options import ImportOptions
from desktop_app.core.ingest.prepare import Prepared, archive_digest, fingerprint, prepare
from desktop_app.core.ingest.report import CategoryStats, ImportReport, InspectReport
from desktop_app.core.ingest.writer import RecordWriter
from desktop_app.core.progress import CancelToken, EtaEstimator, Progress, ProgressCallback, no_progress, throttled

if TYPE_CHECKING:
    from desktop_app.core.store.vault import Vault

log = logging.getLogger(__name__)
JOB_KIND = "import"
# Page cache for the import, in KiB: a fixed cap, so peak RSS does not grow with the archive.
# 96 MB with 50k-record batches (options.py): peak RSS 125 / 271 / 372 MB at 100k / 1M / 3M messages,
# 1M at ~40 CPU s; 128 MB with 100k batches was ~10% faster at 1M but peaked at 354 MB at 1M and
# 447-500 MB at 3M (measured 2026-11-28). At 100k both run alike (the vault fits either cache).
IMPORT_CACHE_KIB = 98304
# A batch also ends at this much text, so an archive of long posts cannot make one batch (all of
# it held in memory until committed) larger than a batch of short messages.
BATCH_TEXT_CHARS = 8_000_000


def _fill_static(report: ImportReport | InspectReport, prep: Prepared) -> None:
    report.inputs = [str(p) for p in prep.paths]
    report.exports = [e.describe() for e in prep.exports]
    report.input_errors = list(prep.input_errors)
    report.known_not_imported = [p for plan in prep.plans for p, _ in plan.known]
    report.unknown_files = [p for plan in prep.plans for p in plan.unknown]
    report.media_files = sum(plan.media_files for plan in prep.plans)


def _prepared(paths: Sequence[str | Path], options: ImportOptions) -> Prepared:
    prep = prepare(paths, options.limits)
    for exp in prep.exports:
        exp.zone = options.whatsapp_zone
    return prep


def _parse_errors(task: Task, exc: BaseException) -> str:
    if isinstance(exc, FileError):
        return exc.reason
    if isinstance(exc, RecursionError):
        return "JSON nested too deeply"
    # A parser bug on odd data must not stop the import; the type is enough to find it.
    log.warning("parser %s failed on a file [%s]", task.handler, type(exc).__name__)
    return f"could not be parsed ({type(exc).__name__})"


def _bad_value(reasons: set[str]) -> str:
    why = ", ".join(sorted(r for r in reasons if r))
    return f"a value Hearth cannot read ({why})" if why else "a value Hearth cannot read"


# -- inspect -------------------------------------------------------------------------------------------
class _NewCounter:
    """Counts, per category, the records an import would store: each content hash once, and not
    when the vault already holds it or the user forgot it (the writer's dedup rule)."""

    CHUNK = 5000

    def __init__(self, vault: Vault | None = None) -> None:
        self.vault = vault
        self.seen: set[str] = set()
        self.pending: list[tuple[Record, CategoryStats]] = []

    def add(self, rec: Record, cat: CategoryStats) -> None:
        self.pending.append((rec, cat))
        if len(self.pending) >= self.CHUNK:
            self.flush()

    def flush(self) -> None:
        from desktop_app.core.ingest.writer import content_hashes

        if not self.pending:
            return
        hashes = content_hashes([r for r, _ in self.pending])
        known = self._in_vault(hashes)
        for (_, cat), h in zip(self.pending, hashes):
            if h in self.seen or h in known:
                continue
            self.seen.add(h)
            cat.new = (cat.new or 0) + 1
        self.pending = []

    def _in_vault(self, hashes: list[str]) -> set[str]:
        if self.vault is None:
            return set()
        out: set[str] = set()
        for i in range(0, len(hashes), 500):
            chunk = hashes[i:i + 500]
            q = ",".join("?" * len(chunk))
            for table in ("records", "tombstones"):
                out.update(h for (h,) in self.vault.query(
                    f"SELECT content_hash FROM {table} WHERE content_hash IN ({q})", chunk))
        return out



def inspect(paths: Sequence[str | Path], *, options: ImportOptions | None = None, progress: ProgressCallback = no_progress,
            cancel: CancelToken | None = None, vault: Vault | None = None) -> InspectReport:
    """Categories with counts and date ranges, threads and people, without writing anything.

    Each category's ``new`` is what an import would store after de-duplication: within the inputs,
    and against ``vault`` (records it holds, items the user forgot) when one is given."""
    options = options or ImportOptions()
    prep = _prepared(paths, options)
    rep = InspectReport()
    fresh = _NewCounter(vault)
    try:
        _fill_static(rep, prep)
        flt = ItemFilter(options)
        threads: dict[str, dict[str, Any]] = {}
        people: dict[str, int] = {}
        owners: dict[tuple[str, str], dict[str, str]] = {}
        done_bytes = 0
        for task in prep.tasks:
            if cancel:
                cancel.check()
            cat = _newcat(rep, task.category)
            cat.files += 1
            bad, bad_reasons = 0, set()
            try:
                for item in run_task(task):
                    if isinstance(item, Thread):
                        t = threads.setdefault(item.key, {"key": item.key, "title": item.title, "platform": item.platform,
                                                          "folder": item.folder, "is_group": item.is_group,
                                                          "participants": len(item.participants), "messages": 0,
                                                          "first_ts": None, "last_ts": None})
                        flt.see_thread(item)
                    elif isinstance(item, OwnerHint):
                        owners[(item.platform, item.name)] = {"platform": item.platform, "name": item.name,
                                                              "username": item.username}
                    elif isinstance(item, Record):
                        c = _newcat(rep, item.category)
                        c.found += 1
                        if not flt.allows(item):
                            c.excluded += 1
                            continue
                        c.see_ts(item.ts_ms)
                        fresh.add(item, c)
                        if item.author:
                            people[item.author] = people.get(item.author, 0) + 1
                        if item.thread_key and item.thread_key in threads:
                            t = threads[item.thread_key]
                            t["messages"] += 1
                            if item.ts_ms:
                                t["first_ts"] = min(t["first_ts"] or item.ts_ms, item.ts_ms)
                                t["last_ts"] = max(t["last_ts"] or 0, item.ts_ms)
                    elif type(item) is BadItem:
                        bad += 1
                        bad_reasons.add(item.reason)
            except NotImported:
                rep.known_not_imported.append(task.path)
            except Exception as exc:  # noqa: BLE001 - never abort on one bad file
                rep.categories[task.category].skipped.append({"path": task.path, "reason": _parse_errors(task, exc)})
            if bad:
                rep.categories[task.category].partial.append({"path": task.path, "items": bad,
                                                              "reason": _bad_value(bad_reasons)})
            done_bytes += task.size
            progress(Progress(stage="inspect", done=done_bytes, total=prep.bytes_total or None,
                              bytes_done=done_bytes, bytes_total=prep.bytes_total, message=task.path))
        fresh.flush()
        for c in rep.categories.values():
            c.new = c.new or 0
        rep.threads = sorted(threads.values(), key=lambda t: -t["messages"])[:500]
        rep.people = [{"name": n, "records": c} for n, c in sorted(people.items(), key=lambda x: -x[1])[:200]]
        rep.owners = list(owners.values())
        rep.categories = {k: v for k, v in rep.categories.items() if v.files or v.found or v.skipped}
    finally:
        prep.close()
    return rep


def _newcat(rep: InspectReport, name: str) -> CategoryStats:
    c = rep.categories.get(name)
    if c is None:
        c = rep.categories[name] = CategoryStats()
    return c


# -- jobs ---------------------------------------------------------------------------------------------
def pending_import(vault: Vault) -> dict[str, Any] | None:
    """The newest import job that was interrupted (crash, kill, cancel), or None."""
    row = vault.execute("SELECT id, state, params, checkpoint, started_at, updated_at FROM jobs WHERE kind = ? AND "
                        "state IN ('running', 'cancelled') ORDER BY id DESC LIMIT 1", (JOB_KIND,)).fetchone()
    if not row:
        return None
    params = json.loads(row[2] or "{}")
    cp = json.loads(row[3] or "{}")
    return {"id": row[0], "state": row[1], "inputs": [f["path"] for f in params.get("inputs", [])],
            "options": params.get("options", {}), "task": cp.get("task", 0), "offset": cp.get("offset", 0),
            "started_at": row[4], "updated_at": row[5]}


def resume_import(vault: Vault, job_id: int | None = None, *, progress: ProgressCallback = no_progress,
                  cancel: CancelToken | None = None) -> ImportReport:
    job = pending_import(vault) if job_id is None else _job_row(vault, job_id)
    if job is None:
        raise KnownError("There is no interrupted import to resume.")
    return run_import(vault, job["inputs"], options=ImportOptions.from_dict(job["options"]), progress=progress,
                      cancel=cancel, _resume_job=job["id"])


def discard_import(vault: Vault, *, progress: ProgressCallback = no_progress) -> dict[str, int]:
    """Drop every unfinished import: the records its archives brought (never seen by any reader),
    their derived data, conversations left empty, the archive rows; its jobs end 'discarded'.
    Records that were already in the vault before (duplicates) keep their older archive and stay."""
    from desktop_app.core.privacy import forget

    archives = [a for (a,) in vault.query("SELECT id FROM archives WHERE complete = 0 ORDER BY id")]
    jobs = [j for (j,) in vault.query("SELECT id FROM jobs WHERE kind = ? AND state IN ('running', 'cancelled')",
                                      (JOB_KIND,))]
    if not archives and not jobs:
        raise KnownError("There is no unfinished import to discard.")
    q = ",".join("?" * len(archives))
    ids = [r for (r,) in vault.query(f"SELECT id FROM records WHERE archive_id IN ({q})", archives)] if archives else []
    progress(Progress(stage="discard", done=0, total=len(ids)))
    with vault.transaction():
        threads: set[int] = set()
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            cq = ",".join("?" * len(chunk))
            threads.update(t for (t,) in vault.query(
                f"SELECT DISTINCT thread_id FROM records WHERE thread_id IS NOT NULL AND id IN ({cq})", chunk))
        for fn in forget.hook_functions().values():
            if fn is not None and ids:
                fn(vault, list(ids))  # embeddings, facts, citations of these records
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            vault.execute(f"DELETE FROM records WHERE id IN ({','.join('?' * len(chunk))})", chunk)
        gone_threads = 0
        for tid in sorted(threads):
            if not vault.scalar("SELECT 1 FROM records WHERE thread_id = ? LIMIT 1", (tid,)):
                vault.execute("DELETE FROM thread_participants WHERE thread_id = ?", (tid,))
                vault.execute("DELETE FROM threads WHERE id = ?", (tid,))
                gone_threads += 1
        if archives:
            vault.execute(f"DELETE FROM archives WHERE id IN ({q})", archives)
        for j in jobs:
            vault.execute("UPDATE jobs SET state = 'discarded', updated_at = ? WHERE id = ?", (int(time.time()), j))
        bulk.restore_indexes(vault)
    progress(Progress(stage="discard", done=len(ids), total=len(ids)))
    return {"records": len(ids), "threads": gone_threads, "archives": len(archives), "jobs": len(jobs)}


def _job_row(vault: Vault, job_id: int) -> dict[str, Any] | None:
    job = pending_import(vault)
    if job and job["id"] == job_id:
        return job
    row = vault.execute("SELECT params FROM jobs WHERE id = ? AND kind = ?", (job_id, JOB_KIND)).fetchone()
    if not row:
        return None
    params = json.loads(row[0] or "{}")
    return {"id": job_id, "inputs": [f["path"] for f in params.get("inputs", [])], "options": params.get("options", {})}


# -- import --------------------------------------------------------------------------------------------
def run_import(vault: Vault, paths: Sequence[str | Path], *, options: ImportOptions | None = None,
               progress: ProgressCallback = no_progress,
               cancel: CancelToken | None = None, _resume_job: int | None = None) -> ImportReport:
    """Import ``paths`` into ``vault``; returns the report (state done, or cancelled when ``cancel`` fired)."""
    options = options or ImportOptions()
    t0 = time.monotonic()
    prep = _prepared(paths, options)
    try:
        return _Importer(vault, prep, options, progress, cancel, _resume_job, t0).run()
    finally:
        prep.close()


class _Importer:
    def __init__(self, vault: Vault, prep: Prepared, options: ImportOptions, progress: ProgressCallback,
                 cancel: CancelToken | None, resume_job: int | None, t0: float) -> None:
        self.vault, self.prep, self.options = vault, prep, options
        self._batches_done = 0
        self.raw_progress = progress          # once per committed batch and at the end
        self.progress = throttled(progress, 0.2) if progress is not no_progress else progress
        self.cancel = cancel
        self.t0 = t0
        self.flt = ItemFilter(options)
        self.report = ImportReport()
        self.job_id = resume_job
        self.start_task, self.start_offset = 0, 0
        self.eta = EtaEstimator()
        self._seg_start: float  # set when the import starts
        self.bytes_done = 0
        self.items_done = 0

    # job bookkeeping ---------------------------------------------------------------------------
    def _open_job(self) -> None:
        params = {"inputs": [fingerprint(p) for p in self.prep.paths], "options": self.options.to_dict()}
        now = int(time.time())
        if self.job_id is not None:
            row = self.vault.execute("SELECT params, checkpoint FROM jobs WHERE id = ?", (self.job_id,)).fetchone()
            old = json.loads(row[0] or "{}") if row else {}
            cp = json.loads(row[1] or "{}") if row and row[1] else {}
            if old.get("inputs") == params["inputs"] and cp:
                self.start_task, self.start_offset = cp.get("task", 0), cp.get("offset", 0)
                self.report = ImportReport.from_dict(cp.get("report") or {})
            self.report.resumed = True
            with self.vault.transaction():
                self.vault.execute("UPDATE jobs SET state = 'running', params = ?, updated_at = ? WHERE id = ?",
                                   (json.dumps(params), now, self.job_id))
        else:
            with self.vault.transaction():
                cur = self.vault.execute("INSERT INTO jobs(kind, state, params, checkpoint, started_at, updated_at) "
                                         "VALUES (?, 'running', ?, NULL, ?, ?)", (JOB_KIND, json.dumps(params), now, now))
                self.job_id = cur.lastrowid
        self.report.job_id = self.job_id
        self.report.state = "running"
        _fill_static(self.report, self.prep)

    def _ensure_archives(self) -> dict[str, int]:
        ids: dict[str, int] = {}
        by_src = {}
        for exp in self.prep.exports:
            for s in exp.sources:
                by_src[str(s.path)] = exp
        with self.vault.transaction():
            for src in self.prep.sources:
                if src.fatal or not src.entries:
                    continue  # nothing of its own: e.g. a ZIP that only held other ZIPs (those get rows)
                digest = archive_digest(src)
                row = self.vault.execute("SELECT id FROM archives WHERE sha256 = ?", (digest,)).fetchone()
                if row:
                    ids[str(src.path)] = row[0]
                    continue
                of = by_src.get(str(src.path))
                cur = self.vault.execute(
                    "INSERT INTO archives(sha256, name, platform, format, era, size, imported_at, complete) "
                    "VALUES (?,?,?,?,?,?,?,0)",
                    (digest, src.name, of.platform if of else None, of.fmt if of else None,
                     of.era if of else None, src.total_size(), int(time.time())))
                ids[str(src.path)] = cur.lastrowid
        return ids

    def _checkpoint(self, task_idx: int, offset: int) -> None:
        self.report.elapsed_s += time.monotonic() - self._seg_start
        self._seg_start = time.monotonic()
        cp = {"task": task_idx, "offset": offset, "report": self.report.to_dict()}
        self.vault.execute("UPDATE jobs SET checkpoint = ?, updated_at = ? WHERE id = ?",
                           (json.dumps(cp, ensure_ascii=False), int(time.time()), self.job_id))

    # main loop ---------------------------------------------------------------------------------
    def run(self) -> ImportReport:
        # A larger page cache for the bulk insert (7 b-trees grow at once); restored afterwards.
        old_cache = self.vault.scalar("PRAGMA cache_size")
        self.vault.execute(f"PRAGMA cache_size = -{IMPORT_CACHE_KIB}")
        # Every author, thread and archive id the writer binds it has just looked up or created in
        # the same transaction, so checking three parents per row only costs time (~15% of the
        # INSERT). Outside a transaction, so the pragma takes effect; back on afterwards.
        fk = self.vault.scalar("PRAGMA foreign_keys")
        self.vault.execute("PRAGMA foreign_keys = OFF")
        try:
            with bulk.fewer_fsyncs(self.vault) as self._durable_again, bulk.gc_paused():
                return self._run()
        except BaseException:
            # A bug or a cancel: never leave the vault without its indexes (kill -9 can, and the
            # resumed job, or the next import, puts them back).
            with contextlib.suppress(Exception):
                bulk.restore_indexes(self.vault)
            raise
        finally:
            self.vault.execute(f"PRAGMA cache_size = {int(old_cache)}")
            self.vault.execute(f"PRAGMA foreign_keys = {int(fk)}")

    def _run(self) -> ImportReport:
        self._open_job()
        assert self.job_id is not None  # _open_job made or reopened it
        self._seg_start = time.monotonic()
        held_by = bulk.deferred_job(self.vault)
        if held_by is not None and held_by != self.job_id:
            bulk.restore_indexes(self.vault)  # an earlier bulk load was never resumed
            held_by = None
        # from_empty: this run (not a resume) started on an empty records table.
        self.from_empty = held_by is None and bulk.defer_indexes(self.vault, self.job_id)
        self.deferred = held_by == self.job_id or self.from_empty
        self.archives = archives = self._ensure_archives()
        owner_names = [n for (n,) in self.vault.query(
            "SELECT i.name FROM identities i JOIN people p ON p.id = i.person_id WHERE p.is_me = 1")]
        self.writer = RecordWriter(self.vault, owner_names=owner_names)
        self.merger = thread_merge.ThreadMerger(self.vault, self.writer)
        # Records are buffered as (record, archive_id); threads and owner hints as they come.
        buf: list[Any] = []
        n_records = n_chars = 0
        batch_size = self.options.batch_size
        tasks = self.prep.tasks
        self.bytes_total = self.prep.bytes_total
        self.bytes_done = sum(t.size for t in tasks[:self.start_task])
        try:
            for idx in range(self.start_task, len(tasks)):
                task = tasks[idx]
                skip = self.start_offset if idx == self.start_task else 0
                if self.cancel:
                    self.cancel.check()
                if task.category in self.options.exclude_categories:
                    self.bytes_done += task.size  # chosen out before parsing: nothing read, nothing written
                    if skip == 0 and task.path not in self.report.excluded_files:
                        self.report.excluded_files.append(task.path)
                    continue
                if skip == 0:
                    self.report.cat(task.category).files += 1
                archive_id = archives.get(str(task.entries[0].source.path))
                pos = bad = 0
                bad_reasons: set[str] = set()
                try:
                    for item in run_task(task):
                        pos += 1
                        if isinstance(item, Record):  # the hot path: one tuple, one append
                            if pos <= skip:
                                continue
                            buf.append((item, archive_id))
                            n_records += 1
                            n_chars += len(item.text)
                            if n_records >= batch_size or n_chars >= BATCH_TEXT_CHARS:
                                self._flush(buf, idx, pos)
                                buf, n_records, n_chars = [], 0, 0
                                self._tick(task, raw=True)
                        elif type(item) is BadItem:
                            if pos > skip:
                                bad += 1
                                bad_reasons.add(item.reason)
                        elif pos > skip or isinstance(item, Thread):
                            buf.append(item)  # a skipped Thread still maps keys for the records after it
                except Cancelled:
                    raise
                except NotImported:
                    if task.path not in self.report.known_not_imported:
                        self.report.known_not_imported.append(task.path)
                except Exception as exc:  # noqa: BLE001 - one bad file never aborts the import
                    if skip == 0 or pos > skip:
                        self.report.skip(task.category, task.path, _parse_errors(task, exc))
                if bad:
                    self.report.left_out(task.category, task.path, bad, _bad_value(bad_reasons))
                self.bytes_done += task.size
                self._tick(task)
            self._flush(buf, len(tasks), 0, final=True)
            self.raw_progress(Progress(stage="import", done=self.items_done, total=self.items_done,
                                       bytes_done=self.bytes_total, bytes_total=self.bytes_total, eta_s=0.0,
                                       message="done"))
        except Cancelled:
            self.report.state = "cancelled"
            with self.vault.transaction():
                self.vault.execute("UPDATE jobs SET state = 'cancelled', updated_at = ? WHERE id = ?",
                                   (int(time.time()), self.job_id))
                bulk.restore_indexes(self.vault)
            return self.report
        return self.report

    def _tick(self, task: Task, *, raw: bool = False) -> None:
        (self.raw_progress if raw else self.progress)(Progress(stage="import", done=self.items_done, total=None, bytes_done=self.bytes_done,
                               bytes_total=self.bytes_total, eta_s=self.eta.eta(self.bytes_done, self.bytes_total),
                               message=task.path))

    def _flush(self, buf: list[Any], task_idx: int, offset: int, *, final: bool = False) -> None:
        if self.cancel and not final:
            self.cancel.check()
        stop = self.options.stop_after_batches
        if not final and stop is not None:
            if self._batches_done >= stop:
                raise Cancelled("stopped after the requested number of batches")
            self._batches_done += 1
        if final:
            self._durable_again()
        with self.vault.transaction():
            recs: list[Record] = []
            aids: list[int | None] = []
            cats: dict = {}
            flt = self.flt
            filtering = flt.active
            canonical = self.merger.map.get
            for item in buf:
                if type(item) is tuple:
                    rec, archive_id = item
                    cname = KINDS.get(rec.kind, "other")
                    cat = cats.get(cname)
                    if cat is None:
                        cat = cats[cname] = self.report.cat(cname)
                    cat.found += 1
                    if filtering and not flt.allows(rec, cname):
                        cat.excluded += 1
                        continue
                    if rec.thread_key:
                        rec.thread_key = canonical(rec.thread_key, rec.thread_key)
                    cat.see_ts(rec.ts_ms)
                    recs.append(rec)
                    aids.append(archive_id)
                elif isinstance(item, Thread):
                    if self.flt.thread_allowed(item):
                        self.merger.add(item)
                    else:
                        self.flt.see_thread(item)
                elif isinstance(item, OwnerHint):
                    self.writer.mark_me(item.platform, item.name, item.username)
                    entry = {"platform": item.platform, "name": item.name, "username": item.username}
                    if entry not in self.report.owners:
                        self.report.owners.append(entry)
            if recs:
                counts = self.writer.write(recs, aids)
                for kind, n in counts.by_kind.items():
                    self.report.cat(KINDS.get(kind, "other")).imported += n
                for kind, n in counts.duplicates_by_kind.items():
                    self.report.cat(KINDS.get(kind, "other")).duplicates += n
                for kind, n in counts.forgotten_by_kind.items():
                    self.report.cat(KINDS.get(kind, "other")).forgotten += n
                self.items_done += len(recs)
            if final:
                self._finalize_owner()
                self.report.state = "done"
            if self.deferred and (final or self.vault.scalar("SELECT max(id) FROM records") > bulk.MAX_DEFERRED_ROWS):
                bulk.restore_indexes(self.vault)  # same transaction: indexes and "done" commit together
                self.deferred = False
            self._checkpoint(task_idx, offset)
            if final:
                rep = json.dumps(self.report.to_dict(), ensure_ascii=False)
                self.vault.execute("UPDATE jobs SET state = 'done', report = ? WHERE id = ?", (rep, self.job_id))
                for aid in sorted(set(self.archives.values())):
                    # complete = 1 in the transaction that ends the import: readers see it all at once.
                    self.vault.execute("UPDATE archives SET report = ?, imported_at = ?, complete = 1 WHERE id = ?",
                                       (rep, int(time.time()), aid))
                # An older interrupted job over the same inputs is now complete too.
                self.vault.execute("UPDATE jobs SET state = 'superseded' WHERE kind = ? AND state IN ('running',"
                                   " 'cancelled') AND id < ? AND params = (SELECT params FROM jobs WHERE id = ?)",
                                   (JOB_KIND, self.job_id, self.job_id))

    def _finalize_owner(self) -> None:
        """When no profile file named the owner, the person present in (nearly) every thread of a
        platform is the owner; then messages with unknown authorship get ``is_mine``."""
        v = self.vault
        for (platform,) in v.query("SELECT DISTINCT platform FROM threads"):
            has_me = v.scalar("SELECT count(*) FROM identities i JOIN people p ON p.id = i.person_id "
                              "WHERE p.is_me = 1 AND i.platform = ?", (platform,))
            if not has_me:
                n_threads = v.scalar("SELECT count(*) FROM threads WHERE platform = ?", (platform,))
                row = v.execute("SELECT tp.person_id, count(*) c FROM thread_participants tp JOIN threads t "
                                "ON t.id = tp.thread_id WHERE t.platform = ? GROUP BY tp.person_id ORDER BY c DESC "
                                "LIMIT 2", (platform,)).fetchall()
                if row and n_threads >= 2 and row[0][1] >= max(2, 0.8 * n_threads) and \
                        (len(row) < 2 or row[1][1] < row[0][1]):
                    v.execute("UPDATE people SET is_me = 1 WHERE id = ?", (row[0][0],))
                    name = v.scalar("SELECT display_name FROM people WHERE id = ?", (row[0][0],))
                    self.report.owners.append({"platform": platform, "name": name, "username": "", "inferred": "yes"})
            if self.from_empty and not self.writer.unknown_mine:
                # Every row is this run's and none is a message of unknown authorship: nothing to
                # back-fill. The UPDATE is a full scan of ``records`` (4 s at 1M records).
                continue
            v.execute("UPDATE records SET is_mine = CASE WHEN author_id IN (SELECT id FROM people WHERE is_me = 1) "
                      "THEN 1 ELSE 0 END WHERE is_mine IS NULL AND kind = 'message' AND platform = ? AND EXISTS "
                      "(SELECT 1 FROM identities i JOIN people p ON p.id = i.person_id WHERE p.is_me = 1 "
                      "AND i.platform = ?)", (platform, platform))
