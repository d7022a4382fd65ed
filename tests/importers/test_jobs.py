"""Progress, cancellation and resume of the checkpointed import job."""

from __future__ import annotations

import pytest

from desktop_app.core.errors import KnownError
from desktop_app.core.ingest import service
from desktop_app.core.ingest.options import ImportOptions
from desktop_app.core.progress import CancelToken
from tests.synth.archive import build_fb


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    return build_fb(tmp_path_factory.mktemp("jobs") / "facebook-alex-01_01_2025-jobs.zip", era="FB-4",
                    n_messages=2000, n_threads=20, n_other=200, seed=4, per_page=100)


def _record_indexes(vault) -> set[str]:
    return {n for (n,) in vault.query("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'records' "
                                      "AND sql IS NOT NULL")}


def test_progress_reports_bytes_items_and_eta(archive, vault):
    seen, during = [], []
    indexes = _record_indexes(vault)

    def watch(p):
        seen.append(p)
        during.append(_record_indexes(vault))

    rep = service.run_import(vault, [archive], options=ImportOptions(batch_size=300), progress=watch)
    assert rep.state == "done" and seen
    # A first import loads without the secondary indexes and builds them once at the end.
    assert indexes and set() in during and _record_indexes(vault) == indexes
    assert vault.get_setting("ingest.deferred_indexes") is None
    assert all(p.bytes_total and p.bytes_done <= p.bytes_total for p in seen)
    assert [p.bytes_done for p in seen] == sorted(p.bytes_done for p in seen)
    assert seen[-1].done > 0 and any(p.eta_s is not None for p in seen)


def test_cancel_keeps_committed_data_and_resume_completes(archive, vault, tmp_path):
    from desktop_app.core.store.vault import create_vault
    from tests.conftest import PASSPHRASE

    ref = create_vault(tmp_path / "ref", passphrase=PASSPHRASE)
    expected = service.run_import(ref, [archive]).imported
    ref.lock()
    tok = CancelToken()

    def cancel_midway(p):
        if p.done >= 600:
            tok.cancel()

    indexes = _record_indexes(vault)
    rep = service.run_import(vault, [archive], options=ImportOptions(batch_size=300), progress=cancel_midway, cancel=tok)
    assert rep.state == "cancelled"
    assert _record_indexes(vault) == indexes       # a cancelled bulk load puts the indexes back
    committed = vault.scalar("SELECT count(*) FROM records")
    assert 0 < committed < expected and rep.imported == committed
    job = service.pending_import(vault)
    assert job and job["state"] == "cancelled" and job["task"] > 0
    done = service.resume_import(vault)
    assert done.state == "done" and done.resumed
    assert vault.scalar("SELECT count(*) FROM records") == expected
    assert done.imported == expected and done.duplicates == 0     # the report counts each record once
    assert service.pending_import(vault) is None
    with pytest.raises(KnownError):
        service.resume_import(vault)


def test_inspect_writes_nothing(archive, vault):
    before = vault.scalar("SELECT count(*) FROM sqlite_master")
    rep = service.inspect([archive])
    assert rep.categories["messages"].found == 2000 and rep.threads and rep.people
    assert vault.scalar("SELECT count(*) FROM records") == 0 and vault.scalar("SELECT count(*) FROM jobs") == 0
    assert vault.scalar("SELECT count(*) FROM sqlite_master") == before


def test_missing_input_is_a_known_error(vault, tmp_path):
    with pytest.raises(KnownError):
        service.run_import(vault, [tmp_path / "nope.zip"])


def test_indexes_held_back_by_an_abandoned_job_come_back_on_the_next_import(archive, vault):
    from desktop_app.core.ingest import bulk

    indexes = _record_indexes(vault)
    assert bulk.defer_indexes(vault, job_id=999)            # as if job 999 was killed mid-load
    assert _record_indexes(vault) == set() and bulk.deferred_job(vault) == 999
    jobs = []
    rep = service.run_import(vault, [archive], progress=lambda p: jobs.append(bulk.deferred_job(vault)))
    assert rep.state == "done" and rep.job_id in jobs and 999 not in jobs   # the new job took over the load
    assert _record_indexes(vault) == indexes and bulk.deferred_job(vault) is None
