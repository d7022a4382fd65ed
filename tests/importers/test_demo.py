"""The committed demo archive imports cleanly and tells Alex Rivera's story; the generator reproduces it."""

from __future__ import annotations

from pathlib import Path

from desktop_app.core.ingest import service
from tests.conftest import REPO

DEMO = REPO / "resources" / "demo"


def _files() -> list[Path]:
    return sorted(p for p in DEMO.iterdir() if p.suffix in (".zip", ".txt"))


def test_demo_is_small_and_complete():
    files = _files()
    assert {p.suffix for p in files} == {".zip", ".txt"} and len(files) == 3
    assert sum(p.stat().st_size for p in files) < 300_000


def test_demo_imports_with_story(vault):
    rep = service.run_import(vault, _files())
    assert rep.state == "done" and rep.skipped_files == 0 and not rep.unknown_files
    assert 300 <= rep.imported <= 600
    assert {e["era"] for e in rep.exports} == {"FB-4", "IG-4", "WA"}
    me = {n for (n,) in vault.query("SELECT display_name FROM people WHERE is_me = 1")}
    assert me == {"Alex Rivera"}
    for q in ("cabin", "Northwind", "sourdough", "Seattle", "climbing"):
        assert vault.scalar("SELECT count(*) FROM records_fts WHERE records_fts MATCH ?", (q,)) > 0, q
    assert vault.scalar("SELECT count(*) FROM records WHERE kind = 'checkin' AND text LIKE '%Blue Lake%'") >= 1
    assert vault.scalar("SELECT count(*) FROM records WHERE category = 'ad_data'") >= 8
    assert "Maria González" in {n for (n,) in vault.query("SELECT display_name FROM people")}
    assert vault.scalar("SELECT count(*) FROM records WHERE kind='message' AND is_mine IS NULL") == 0


def test_generator_reproduces_committed_files(tmp_path):
    from tests.synth.demo import build

    for new in build(tmp_path):
        assert new.read_bytes() == (DEMO / new.name).read_bytes(), new.name
