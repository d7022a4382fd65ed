"""The data-use log: "this record was used in 3 answers", viewable, clearable, encrypted."""

from __future__ import annotations

from desktop_app.core import paths
from desktop_app.core.privacy import audit
from tests.helpers import forensics
from tests.privacy import data


def test_record_use_counts_and_log(vault):
    data.plant(vault)
    a, b, c = [r for (r,) in vault.query("SELECT id FROM records ORDER BY id LIMIT 3")]
    assert audit.record_use(vault, "ans-1", [a, b]) == 2
    assert audit.record_use(vault, "ans-2", [a, c, c]) == 2
    assert audit.record_use(vault, 3, [a, 10**9]) == 1  # unknown ids skipped, int answer ids fine
    assert audit.record_use(vault, "ans-1", [a]) == 0  # idempotent
    use = audit.usage_for_record(vault, a)
    assert use["answers"] == 3 and set(use["answer_ids"]) == {"ans-1", "ans-2", "3"} and use["last_used_ms"]
    assert audit.usage_counts(vault, [a, b, c, 10**9]) == {a: 3, b: 1, c: 1, 10**9: 0}
    assert audit.records_for_answer(vault, "ans-2") == sorted([a, c])
    log = audit.usage_log(vault)
    assert {e["answer_id"]: e["record_ids"] for e in log} == {"ans-1": [a, b], "ans-2": sorted([a, c]), "3": [a]}
    assert len(audit.usage_log(vault, limit=1)) == 1
    assert audit.clear_log(vault) == 5
    assert audit.usage_log(vault) == [] and audit.usage_for_record(vault, a)["answers"] == 0


def test_log_is_inside_the_encrypted_vault(vault, profile):
    data.plant(vault)
    rid = vault.scalar("SELECT min(id) FROM records")
    audit.record_use(vault, "answer-qzxauditmarker", [rid])
    vault.checkpoint()
    assert b"qzxauditmarker" not in forensics.raw_bytes_of_dir(profile)
    assert not [p for p in profile.iterdir() if p.name not in {"vault.db", "vault.db-wal", "vault.db-shm",
                                                                  "vault.json"}]
    assert paths.vault_file(profile).exists()
