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


def test_progress_reports_bytes_items_and_eta(archive, vault):
    seen = []
    rep = service.run_import(vault, [archive], options=ImportOptions(batch_size=300), progress=seen.append)
    assert rep.state == "done" and seen
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

    rep = service.run_import(vault, [archive], options=ImportOptions(batch_size=300), progress=cancel_midway, cancel=tok)
    assert rep.state == "cancelled"
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
