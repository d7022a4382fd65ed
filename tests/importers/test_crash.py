"""kill -9 at random moments during an import: the vault stays intact, and resuming (or
re-running) ends with exactly the records of a clean import and a consistent report."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop_app.core.ingest import service
from desktop_app.core.privacy import scope as sc
from desktop_app.core.retrieval.search import search
from desktop_app.core.store.vault import create_vault, open_vault
from tests.conftest import PASSPHRASE, REPO
from tests.synth.archive import build_fb

# HEARTH_CRASH_TRIALS=30 for the figures in the report (the campaign size).
TRIALS = int(os.environ.get("HEARTH_CRASH_TRIALS", "10"))


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    return build_fb(tmp_path_factory.mktemp("crash") / "facebook-alex-01_01_2025-crash.zip", era="FB-4",
                    n_messages=3000, n_threads=30, n_other=300, seed=11, per_page=200)


@pytest.mark.slow
def test_kill9_campaign(archive, tmp_path):
    ref = create_vault(tmp_path / "ref", passphrase=PASSPHRASE)
    expected = service.run_import(ref, [archive]).imported
    indexes = ref.query("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'records' ORDER BY name")
    ref.lock()
    rng = random.Random(1234)
    env = dict(os.environ, CRASH_PASSPHRASE=PASSPHRASE, PYTHONPATH=str(REPO))
    outcomes = []
    unfinished_seen: list[tuple] = []
    for trial in range(TRIALS):
        prof = tmp_path / f"p{trial}"
        create_vault(prof, passphrase=PASSPHRASE).lock()
        child = subprocess.Popen([sys.executable, str(Path(__file__).with_name("_crash_child.py")), str(prof),
                                  str(archive), "150"], stdout=subprocess.PIPE, env=env, cwd=str(REPO))
        assert child.stdout.readline().strip() == b"ready"
        time.sleep(rng.uniform(0.0, 0.35))
        child.send_signal(signal.SIGKILL)
        child.wait()
        v = open_vault(prof, passphrase=PASSPHRASE)
        try:
            assert v.scalar("PRAGMA integrity_check") == "ok"
            assert v.scalar("PRAGMA foreign_key_check") is None
            before = v.scalar("SELECT count(*) FROM records")
            job = service.pending_import(v)
            # Until the import finishes, nothing of it is seen: not in stats, scope counts or search.
            visible = (v.stats()["records"], v.stats()["archives"], sc.counts(v, None)["records_total"],
                       len(search(v, "cabin", limit=5, mode="keyword").hits))
            if job is not None:
                assert visible == (0, 0, 0, 0), visible
                unfinished_seen.append(visible)
            else:  # killed before the job began, or after it ended: nothing, or all of it
                assert visible[:2] in ((0, 0), (expected, 1)), visible
            rep = service.resume_import(v) if job else service.run_import(v, [archive])
            outcomes.append((before, bool(job)))
            assert rep.state == "done"
            assert v.scalar("SELECT count(*) FROM records") == expected
            assert v.scalar("SELECT count(*) FROM records_fts WHERE records_fts MATCH 'cabin'") == \
                v.scalar("SELECT count(*) FROM records WHERE text LIKE '%cabin%' OR author LIKE '%cabin%'")
            if job and job["task"]:
                # the report resumes from the checkpoint: it counts every record exactly once
                assert rep.imported == expected
            assert service.pending_import(v) is None
            # a bulk load interrupted without its secondary indexes gets them back
            assert v.query("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'records' "
                           "ORDER BY name") == indexes
            again = service.run_import(v, [archive])
            assert again.imported == 0
        finally:
            v.lock()
    # the campaign must have hit both "killed mid-import" and a resumable job at least once
    assert any(b > 0 and j for b, j in outcomes), outcomes
    print(f"kill -9: {TRIALS} runs, {sum(1 for b, j in outcomes if j)} left an unfinished import "
          f"({sum(1 for b, j in outcomes if j and b)} with records stored), 0 of them visible")
