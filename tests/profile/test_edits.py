"""User edits survive re-derivation and re-imports; forgetting records drops facts left without evidence."""

from __future__ import annotations

import pytest

from desktop_app.core.domain import Record
from desktop_app.core.profile import facts
from desktop_app.core.profile.derive import derive_profile
from desktop_app.core.profile.store import on_records_forgotten
from tests.profile import persona
from tests.profile.conftest import assert_evidence_exists, fact


def _forget(vault, record_ids):
    """What privacy.forget does: hooks inside the transaction, then the rows go."""
    with vault.transaction():
        removed = on_records_forgotten(vault, record_ids)
        q = ",".join("?" * len(record_ids))
        vault.execute(f"DELETE FROM records WHERE id IN ({q})", record_ids)
    return removed


def test_edits_survive_reimport_and_rederive(pvault):
    hiking = fact(pvault, "interest", "hiking")
    crypto = fact(pvault, "interest", "cryptocurrency")
    yoga = fact(pvault, "interest", "yoga")
    name = fact(pvault, "identity", "name")
    photo = fact(pvault, "interest", "photography")
    facts.confirm(pvault, hiking.id)
    facts.hide(pvault, crypto.id)
    facts.delete(pvault, yoga.id)
    facts.edit(pvault, name.id, "Alexandra Rivera")
    facts.no_answers(pvault, photo.id)

    persona.build(pvault)            # a re-import: every record is a duplicate
    derive_profile(pvault)
    persona.build(pvault, extra_records=[Record("facebook", "ad_interest", None, "", "Yoga", is_mine=False,
                                                extra={"dedup_key": "second-export"})])
    derive_profile(pvault)

    assert fact(pvault, "interest", "hiking").status == "confirmed"
    assert fact(pvault, "interest", "cryptocurrency").status == "hidden"
    y = fact(pvault, "interest", "yoga")
    assert y.status == "deleted" and y.value is None and y.label == ""
    assert y.id not in {f.id for f in facts.list_(pvault)}
    n = fact(pvault, "identity", "name")
    assert n.value == "Alexandra Rivera" and n.derived_value["name"] == "Alex Rivera" and n.edited
    assert n.label == "Name: Alexandra Rivera"
    assert fact(pvault, "interest", "photography").use_for_answers is False
    assert_evidence_exists(pvault)


def test_unknown_and_deleted_facts_refuse_changes(pvault):
    from desktop_app.core.errors import KnownError

    f = fact(pvault, "interest", "yoga")
    facts.delete(pvault, f.id)
    with pytest.raises(KnownError):
        facts.confirm(pvault, f.id)
    with pytest.raises(KnownError):
        facts.hide(pvault, 999_999)
    with pytest.raises(KnownError):
        facts.edit(pvault, fact(pvault, "interest", "hiking").id, "  ")


def test_forget_drops_facts_without_evidence(pvault):
    from desktop_app.core.profile.store import needs_derive

    crypto = fact(pvault, "interest", "cryptocurrency")
    hiking = fact(pvault, "interest", "hiking")
    facts.confirm(pvault, hiking.id)
    user_fact = facts.add(pvault, "interest", "bouldering", {"name": "Bouldering"}, label="Bouldering")
    post = hiking.evidence[0]
    touched = {fid for (fid,) in pvault.query("SELECT fact_id FROM profile_fact_evidence WHERE record_id IN (?, ?)",
                                              (crypto.evidence[0], post))}
    removed = _forget(pvault, crypto.evidence + [post])
    assert fact(pvault, "interest", "cryptocurrency") is None
    h = fact(pvault, "interest", "hiking")     # confirmed by the user: kept, minus the forgotten record
    assert h is not None and h.status == "confirmed" and post not in h.evidence
    assert removed == len(touched) - 1          # every other derived fact built on them goes until re-derived
    assert fact(pvault, "interest", "bouldering").id == user_fact.id
    assert needs_derive(pvault)
    derive_profile(pvault)
    assert not needs_derive(pvault)
    assert fact(pvault, "interest", "cryptocurrency") is None   # its record is gone
    assert fact(pvault, "activity", "hours") is not None        # rebuilt from what is left
    assert fact(pvault, "interest", "bouldering").status == "confirmed"
    assert_evidence_exists(pvault)


def test_privacy_forget_person_leaves_no_trace_in_profile(pvault):
    from desktop_app.core.privacy import forget
    casey = pvault.scalar("SELECT person_id FROM identities WHERE name = 'Casey Morgan'")
    forget.forget(pvault, person_id=casey)
    derive_profile(pvault)
    for table in ("profile_facts", "profile_fact_evidence", "profile_person_decisions"):
        rows = pvault.query(f"SELECT * FROM {table}")
        assert "Casey" not in repr(rows), table
    assert_evidence_exists(pvault)


def test_forget_drops_deleted_tombstones_with_their_evidence(pvault):
    yoga = fact(pvault, "interest", "yoga")
    facts.delete(pvault, yoga.id)
    assert fact(pvault, "interest", "yoga").evidence == yoga.evidence   # kept so forgetting can find it
    _forget(pvault, yoga.evidence)
    assert fact(pvault, "interest", "yoga") is None
    # Nothing of the forgotten interest stays in the profile tables.
    assert not pvault.query("SELECT id FROM profile_facts WHERE key LIKE '%yoga%' OR value LIKE '%Yoga%'")


def test_record_delete_cascades_evidence(pvault):
    hours = fact(pvault, "activity", "hours")
    rid = hours.evidence[0]
    with pvault.transaction():
        pvault.execute("DELETE FROM records WHERE id = ?", (rid,))
    assert rid not in fact(pvault, "activity", "hours").evidence


def test_stale_user_touched_fact_is_kept(pvault):
    from desktop_app.core.privacy.scope import Scope

    cafe = fact(pvault, "place", "cafe luna")
    facts.confirm(pvault, cafe.id)
    derive_profile(pvault, Scope(excluded_categories={"locations"}))
    kept = fact(pvault, "place", "cafe luna")
    assert kept.status == "confirmed" and kept.stale
    derive_profile(pvault)
    assert not fact(pvault, "place", "cafe luna").stale
