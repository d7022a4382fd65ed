"""End to end with the real default GGUF: import a real fixture archive, ask, check the citation."""

from __future__ import annotations

import pytest

from desktop_app.core import models
from desktop_app.core.assistant import conversations
from desktop_app.core.assistant.ask import ask_collect
from desktop_app.core.llm.catalog import default_model_sha256, open_engine

pytestmark = pytest.mark.slow


@pytest.fixture
def imported(vault, fixtures_real):
    if models.default_llm_path() is None:
        pytest.skip("default model not installed")
    from desktop_app.core.ingest.service import run_import

    run_import(vault, [fixtures_real / "facebook-data-miner" / "tests" / "test_data"])
    return vault


def test_grounded_answer_cites_the_right_record(imported):
    vault = imported
    rid = vault.scalar("SELECT id FROM records WHERE text = 'we could go but running is free'")
    assert rid is not None
    engine = open_engine(vault, n_ctx=1024)
    try:
        a = ask_collect(vault, "Who said running is free?", engine=engine, max_tokens=24)
        assert rid in [c.record_id for c in a.citations if c.cited], a.text
        assert a.model_sha256 == default_model_sha256() and a.timings["ttft_s"] is not None
        # analytic: exact figures from SQL, whatever the small model writes
        top = vault.query(
            "SELECT p.display_name, count(*) AS n FROM records r JOIN threads t ON t.id = r.thread_id "
            "JOIN thread_participants tp ON tp.thread_id = t.id JOIN people p ON p.id = tp.person_id "
            "WHERE r.kind = 'message' AND t.is_group = 0 AND p.is_me = 0 GROUP BY p.id ORDER BY n DESC LIMIT 1")[0]
        b = ask_collect(vault, "Who do I talk to most?", engine=engine, max_tokens=40, analytic_budget_s=20)
        assert top[0] in b.text and str(top[1]) in b.text
    finally:
        engine.close()
    saved = conversations.get_answer(vault, a.id)
    assert saved["model_sha256"] == a.model_sha256 and saved["citations"]
