"""One owner: an export of someone else is told apart from the user's own accounts on other platforms."""

from __future__ import annotations

from desktop_app.core.profile.owner import (ExportIdentity, identity_from_profile_records, other_owner,
                                            same_person, vault_owner)
from tests.profile import persona


def test_another_persons_export_is_named(vault):
    persona.build(vault)
    msg = other_owner(vault, {"platform": "facebook", "name": "Gustav Johansen", "username": "gustav.j"})
    assert msg == ("This Facebook export belongs to Gustav Johansen (@gustav.j), not to Alex Rivera,"
                   " the owner of this vault.")
    assert other_owner(vault, {"name": "Alex Smith"}) is not None        # same first name is not the same person


def test_own_accounts_elsewhere_are_the_owner(vault):
    persona.build(vault)
    assert other_owner(vault, {"platform": "instagram", "name": "A. R.", "username": "alex.rivera"}) is None
    assert other_owner(vault, {"platform": "whatsapp", "name": "Alex"}) is None       # phones keep first names
    assert other_owner(vault, {"platform": "threads", "username": "alexrivera"}) is None


def test_nothing_to_compare_is_no_warning(vault):
    assert other_owner(vault, {"name": "Gustav Johansen"}) is None          # empty vault: first import
    persona.build(vault)
    assert other_owner(vault, {}) is None                                    # export without a profile file


def test_names_in_other_scripts_match_their_latin_spelling():
    assert same_person(ExportIdentity(names=["Дмитрий Иванов"]), ExportIdentity(names=["Dmitry Ivanov"]))
    assert same_person(ExportIdentity(names=["Γιώργος Παπαδόπουλος"]), ExportIdentity(names=["Giorgos Papadopoulos"]))
    assert same_person(ExportIdentity(names=["王小明"]), ExportIdentity(names=["王小明"]))
    assert same_person(ExportIdentity(names=["José Núñez"]), ExportIdentity(names=["Jose Nunez"]))
    assert not same_person(ExportIdentity(names=["Дмитрий Иванов"]), ExportIdentity(names=["Дмитрий Петров"]))


def test_second_owner_archive_from_real_import(tmp_path, vault):
    """Two real FB-4 exports through the importer: the second one's profile file names another person."""
    from desktop_app.core.ingest.service import run_import
    from desktop_app.core.store.vault import create_vault
    from tests.synth.archive import build_fb

    mine = build_fb(tmp_path / "facebook-alex.zip", n_messages=20, n_threads=2, n_other=12, seed=3)
    theirs = build_fb(tmp_path / "facebook-gustav.zip", n_messages=20, n_threads=2, n_other=12, seed=4,
                      profile={"name": {"full_name": "Gustav Johansen"}, "username": "gustav.johansen"})
    again = build_fb(tmp_path / "facebook-alex-2.zip", n_messages=20, n_threads=2, n_other=12, seed=5)
    run_import(vault, [mine])
    scratch = create_vault(tmp_path / "scratch", passphrase="x")
    try:
        run_import(scratch, [theirs])
        gustav = vault_owner(scratch)
    finally:
        scratch.lock()
    assert "Gustav Johansen" in (other_owner(vault, ExportIdentity("facebook", gustav.names, gustav.usernames)) or "")
    scratch2 = create_vault(tmp_path / "scratch2", passphrase="x")
    try:
        run_import(scratch2, [again])
        alex = vault_owner(scratch2)
    finally:
        scratch2.lock()
    assert other_owner(vault, alex) is None


def test_identity_from_profile_records():
    from desktop_app.core.domain import Record

    recs = [Record("instagram", "profile", None, "", "Username: gus", is_mine=True,
                   extra={"field": "username", "value": "gus"}),
            Record("instagram", "profile", None, "", "Name: Gustav Johansen", is_mine=True,
                   extra={"field": "name", "value": "Gustav Johansen"}),
            Record("instagram", "message", 1, "x", "hi")]
    ident = identity_from_profile_records("instagram", recs)
    assert ident.names == ["Gustav Johansen"] and ident.usernames == ["gus"] and ident.platform == "instagram"


def test_owner_hints_of_an_inspect_report(tmp_path, vault):
    """The import's own owner hints (inspect report) checked against the vault, and against each other."""
    from desktop_app.core.ingest.service import inspect, run_import
    from desktop_app.core.profile.owner import other_owners
    from tests.synth.archive import build_fb, build_ig

    fb = build_fb(tmp_path / "facebook-alex.zip", n_messages=20, n_threads=2, n_other=12, seed=3)
    ig = build_ig(tmp_path / "instagram-alex.zip", era="IG-4", n_messages=20, n_threads=2, n_other=12, seed=3)
    gustav = build_fb(tmp_path / "facebook-gustav.zip", n_messages=20, n_threads=2, n_other=12, seed=4,
                      profile={"name": {"full_name": "Gustav Johansen"}, "username": "gustav.johansen"})
    assert other_owners(vault, inspect([fb, ig]).owners) == []               # one person, two platforms
    mixed = other_owners(vault, inspect([fb, gustav]).owners)                  # empty vault, two people at once
    assert len(mixed) == 1 and "Gustav Johansen" in mixed[0] and "Alex Rivera" in mixed[0]
    run_import(vault, [fb])
    assert other_owners(vault, inspect([ig]).owners) == []
    [warning] = other_owners(vault, inspect([gustav]).owners)
    assert warning.startswith("This Facebook export belongs to Gustav Johansen")
