"""An import that has not finished is seen by no reader: stats, search, scope counts, answers'
SQL and the profile. Resume makes it whole, discard makes it gone."""

from __future__ import annotations

import pytest

from desktop_app.core.errors import KnownError
from desktop_app.core.ingest import service
from desktop_app.core.ingest.options import ImportOptions
from desktop_app.core.privacy import scope as sc
from desktop_app.core.progress import CancelToken
from desktop_app.core.retrieval.search import search
from tests.synth.archive import build_fb


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    return build_fb(tmp_path_factory.mktemp("unfinished") / "facebook-alex-01_01_2025-u.zip", era="FB-4",
                    n_messages=1200, n_threads=12, n_other=100, seed=5, per_page=100)


def _cancel_after_first_batch(vault, archive) -> None:
    token = CancelToken()

    def progress(p) -> None:
        if p.stage == "import" and p.done > 0:
            token.cancel()

    rep = service.run_import(vault, [archive], options=ImportOptions(batch_size=100), progress=progress, cancel=token)
    assert rep.state == "cancelled"
    assert vault.scalar("SELECT count(*) FROM records") > 0  # committed batches are there, unseen


def _visible(vault) -> dict:
    where, params = sc.scope_where(sc.load_scope(vault), "r")
    return {"stats": vault.stats()["records"], "archives": vault.stats()["archives"],
            "scope": sc.counts(vault, None)["records_total"],
            "where": vault.scalar(f"SELECT count(*) FROM records r WHERE {where}", params),
            "search": len(search(vault, "the", limit=5, mode="keyword").hits)}


def test_cancelled_import_is_invisible_then_resumed_whole(vault, archive):
    _cancel_after_first_batch(vault, archive)
    assert _visible(vault) == {"stats": 0, "archives": 0, "scope": 0, "where": 0, "search": 0}
    rep = service.resume_import(vault)
    assert rep.state == "done"
    seen = _visible(vault)
    assert seen["stats"] == seen["scope"] == seen["where"] == vault.scalar("SELECT count(*) FROM records") > 0
    assert seen["archives"] == 1 and seen["search"] > 0


def test_discard_makes_an_unfinished_import_gone(vault, archive, tmp_path):
    first = build_fb(tmp_path / "facebook-alex-01_01_2024-a.zip", era="FB-4", n_messages=200, n_threads=4,
                     n_other=20, seed=9)
    kept = service.run_import(vault, [first]).imported
    _cancel_after_first_batch(vault, archive)
    gone = service.discard_import(vault)
    assert gone["archives"] == 1 and gone["records"] > 0 and gone["jobs"] == 1
    assert vault.scalar("SELECT count(*) FROM records") == kept == vault.stats()["records"]
    assert vault.scalar("SELECT count(*) FROM archives WHERE complete = 0") == 0
    assert service.pending_import(vault) is None
    assert vault.scalar("SELECT count(*) FROM records_fts") == kept
    with pytest.raises(KnownError, match="no unfinished import"):
        service.discard_import(vault)
    # nothing was tombstoned: importing it again brings everything
    assert service.run_import(vault, [archive]).state == "done"
    assert vault.stats()["archives"] == 2


def test_vault_opened_while_an_import_runs_sees_nothing_of_it(vault, profile, archive):
    from desktop_app.core.store.vault import open_vault
    from tests.conftest import PASSPHRASE

    other = open_vault(profile, passphrase=PASSPHRASE)
    seen: list[int] = []

    def progress(p) -> None:
        if p.stage == "import" and p.done > 0 and p.message != "done":  # "done": after the last commit
            seen.append(other.stats()["records"])

    try:
        service.run_import(vault, [archive], options=ImportOptions(batch_size=100), progress=progress)
        assert seen and set(seen) == {0}
        assert other.stats()["records"] == vault.scalar("SELECT count(*) FROM records")
    finally:
        other.lock()


def test_cli_discard(vault, profile, archive):
    import json

    from tests.importers.test_refused_cli import hearth

    _cancel_after_first_batch(vault, archive)
    vault.lock()
    r = hearth(profile, "import", "--discard", "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["ok"] and out["archives"] == 1 and out["records"] > 0
    r = hearth(profile, "import", "--discard")
    assert r.returncode == 2 and r.stderr.strip() == "hearth: error: There is no unfinished import to discard."
