"""Profile test fixtures: the generated persona in a real vault, derived once per test."""

from __future__ import annotations

import pytest

from tests.profile import persona


@pytest.fixture(autouse=True)
def _utc_machine(monkeypatch):
    """Profile expectations are written in UTC: this computer's zone (the vault default) is UTC here."""
    monkeypatch.setenv("TZ", "UTC")


@pytest.fixture
def pvault(vault):
    """The persona archive written with RecordWriter, profile derived."""
    from desktop_app.core.profile.derive import derive_profile

    persona.build(vault)
    derive_profile(vault)
    return vault


def fact(vault, kind: str, key: str):
    from desktop_app.core.profile.store import list_facts

    found = [f for f in list_facts(vault, kinds=[kind], include_deleted=True, with_evidence=True) if f.key == key]
    return found[0] if found else None


def assert_evidence_exists(vault) -> None:
    """Every fact points at records that exist; derived facts have at least one."""
    from desktop_app.core.profile.store import list_facts

    existing = {r for (r,) in vault.query("SELECT id FROM records")}
    for f in list_facts(vault, include_deleted=True, with_evidence=True):
        assert set(f.evidence) <= existing, f.key
        if f.source == "derived" and f.status != "deleted":
            assert f.evidence, f"{f.kind}/{f.key} has no evidence"
