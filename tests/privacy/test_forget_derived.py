"""Forget with every area's derived data present: units, vectors, profile facts, saved answers, data-use log."""

from __future__ import annotations

import importlib



from desktop_app.core import paths
from desktop_app.core.privacy import audit, forget as fg
from tests.conftest import PASSPHRASE
from tests.helpers import forensics
from tests.privacy import data


_need = importlib.import_module   # every area exists: a missing one fails, never skips


def test_forget_thread_with_all_derived_data(vault, profile):
    indexer = _need("desktop_app.core.retrieval.indexer")
    embedder = _need("desktop_app.core.retrieval.embedder")
    ask = _need("desktop_app.core.assistant.ask")
    stub = _need("desktop_app.core.llm.stub")
    derive = _need("desktop_app.core.profile.derive")
    ids = data.plant(vault)
    indexer.embed_pending(vault, embedder=embedder.HashEmbedder())
    derive.derive_profile(vault)
    # (the question is the user's own text and stays; it does not quote the canary)
    answer = ask.ask_collect(vault, "what was secret number 3?", engine=stub.StubEngine(),
                             embedder=embedder.HashEmbedder(), show_prompt=True)
    assert answer.id is not None
    used = audit.records_for_answer(vault, answer.id)
    db = paths.vault_file(profile)
    key = forensics.key_from_passphrase(PASSPHRASE, forensics.salt_of(db))
    vault.checkpoint()
    before = forensics.plaintext_of_vault(db, key)
    assert data.THREAD_CANARY.encode() in before
    thread_records = {r for (r,) in vault.query("SELECT id FROM records WHERE thread_id = ?", (ids["sam_thread"],))}
    assert used and set(used) <= thread_records  # the answer really used the thread

    receipt = fg.forget(vault, thread_id=ids["sam_thread"])
    assert all(v == "ok" for v in receipt["hooks"].values()), receipt["hooks"]
    after = forensics.plaintext_of_vault(db, key)
    assert data.THREAD_CANARY.encode() not in after
    assert data.KEEP.encode() in after
    assert audit.records_for_answer(vault, answer.id) == []
    for table in ("retrieval_unit_records", "assistant_citations"):
        cols = [c[1] for c in vault.query(f"PRAGMA table_info({table})")]
        if "record_id" in cols:
            assert vault.scalar(f"SELECT count(*) FROM {table} WHERE record_id IN "
                                f"({','.join(map(str, thread_records))})") == 0
    assert vault.query("PRAGMA foreign_key_check") == []
    assert vault.query("PRAGMA integrity_check") == [("ok",)]
