"""Delete everything: key first, then every file; interrupted deletes never leave a readable vault."""

from __future__ import annotations

import io
import json
import shutil
from contextlib import redirect_stdout

import pytest

from desktop_app.core import paths
from desktop_app.core.errors import KnownError
from desktop_app.core.privacy import delete as dl, export as ex
from desktop_app.core.store.vault import create_vault, open_vault
from tests.conftest import PASSPHRASE
from tests.helpers import forensics
from tests.privacy import data

STEPS = ["keychain", "shred", "marker", "vault files", "profile files", "vault description", "app folders",
         "profile folder"]


def _app_files(canary: str):
    """Files Hearth's other parts may leave in the user's cache/log/config/state folders."""
    for kind, folder in dl.app_dirs().items():
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{kind}.txt").write_text(f"{kind} {canary}")


def _scan_home(home, needle: bytes) -> list[str]:
    return [str(p) for p in home.rglob("*") if p.is_file() and needle in p.read_bytes()]


def test_delete_keychain_vault_removes_key_first_and_every_file(profile, memory_keyring, tmp_path, monkeypatch):
    import os

    home = tmp_path.parent / os.environ["HOME"].rsplit("/", 1)[-1]
    v = create_vault(profile)
    data.plant(v)
    (profile / "staging").mkdir()
    (profile / "staging" / "part.bin").write_bytes(b"x" * 10)
    _app_files("appcanary")
    exports_dir = tmp_path / "exports"
    exports_dir.mkdir()
    exp = ex.export_vault(v, exports_dir / "keep.hearth", passphrase="e")
    v.checkpoint()
    backup = tmp_path / "copy-before"
    shutil.copytree(profile, backup)  # what an attacker or a backup had before the delete
    before = dl.inventory(profile)
    assert before["profile"] and before["cache"] and before["log"] and before["config"]

    order = []
    real_delete_key = dl.keychain.delete_key
    monkeypatch.setattr(dl.keychain, "delete_key", lambda a: (order.append("keychain"), real_delete_key(a))[1])
    real_unlink = dl._Deleter.unlink
    monkeypatch.setattr(dl._Deleter, "unlink", lambda self, p, k: (order.append(k), real_unlink(self, p, k))[1])
    receipt = dl.delete_everything(profile, vault=v)

    assert order[0] == "keychain" and order[1] == "vault"  # the key goes before any file
    assert receipt["ok"] and receipt["keychain"]["removed"] and receipt["salt_overwritten"]
    assert memory_keyring.store == {}
    assert not profile.exists()
    assert receipt["after"] == {k: [] for k in receipt["after"]}
    import pathlib

    assert not [f for f in sum(before.values(), []) if pathlib.Path(f).exists()]
    assert {str(paths.vault_file(profile)), str(paths.meta_file(profile))} <= {r["path"] for r in receipt["removed"]}
    assert [e["path"] for e in receipt["exports_kept"]] == [exp["path"]]
    assert (exports_dir / "keep.hearth").exists()  # user-chosen exports are not touched
    assert _scan_home(home, b"appcanary") == []
    # a copy taken before the delete cannot be opened any more: its key is gone
    with pytest.raises(KnownError):
        open_vault(backup)


def test_passphrase_vault_salt_is_shredded(profile, tmp_path):
    v = create_vault(profile, passphrase=PASSPHRASE)
    data.plant(v)
    v.lock()
    db = paths.vault_file(profile)
    key = forensics.key_from_passphrase(PASSPHRASE, forensics.salt_of(db))
    assert data.KEEP.encode() in forensics.decrypt_db(db, key)

    def stop(name):
        if name == "marker":
            raise RuntimeError("crash")

    import desktop_app.core.privacy.delete as mod

    orig = mod._before_step
    mod._before_step = stop
    try:
        with pytest.raises(RuntimeError):
            dl.delete_everything(profile)
    finally:
        mod._before_step = orig
    # the file is still there, but the passphrase no longer derives its key
    assert db.exists()
    new_key = forensics.key_from_passphrase(PASSPHRASE, forensics.salt_of(db))
    assert data.KEEP.encode() not in forensics.decrypt_db(db, new_key)
    with pytest.raises(KnownError):
        open_vault(profile, passphrase=PASSPHRASE)
    assert dl.delete_everything(profile)["ok"] and not profile.exists()


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["keychain", "passphrase"])
def test_interrupted_delete_is_never_readable_and_a_rerun_finishes(profile, memory_keyring, mode, monkeypatch):
    for i, step in enumerate(STEPS):
        v = create_vault(profile, passphrase=PASSPHRASE if mode == "passphrase" else None)
        data.plant(v, n_thread=4)
        v.lock()
        _app_files("x")

        def crash(name, _step=step):
            if name == _step:
                raise RuntimeError(f"killed before {name}")

        monkeypatch.setattr(dl, "_before_step", crash)
        with pytest.raises(RuntimeError):
            dl.delete_everything(profile)
        monkeypatch.setattr(dl, "_before_step", lambda name: None)
        first_destructive = 1 if mode == "keychain" else 2  # a passphrase vault has no keychain entry to remove
        if i >= first_destructive:  # from then on nobody with the old secret can open the vault
            with pytest.raises(KnownError):
                open_vault(profile, passphrase=PASSPHRASE)
            with pytest.raises(KnownError):
                create_vault(profile, passphrase="new")  # never a new key over leftovers
            assert memory_keyring.store == {}
        r = dl.delete_everything(profile)
        assert r["ok"], r["errors"]
        assert not profile.exists() and r["after"] == {k: [] for k in r["after"]}
        assert memory_keyring.store == {}


def test_cli_delete_asks_and_prints_a_receipt(vault, profile, monkeypatch):
    from desktop_app.cli import main

    data.plant(vault)
    vault.lock()
    monkeypatch.setenv("HEARTH_HOME", str(profile))
    monkeypatch.setenv("HEARTH_PASSPHRASE", PASSPHRASE)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # no terminal: --yes is required
    out = io.StringIO()
    with redirect_stdout(out):
        assert main(["delete", "--json"]) == 2
    assert paths.vault_file(profile).exists()
    out = io.StringIO()
    with redirect_stdout(out):
        assert main(["delete", "--yes", "--json"]) == 0
    receipt = json.loads(out.getvalue())
    assert receipt["ok"] and receipt["removed_files"] >= 2 and not profile.exists()
    out = io.StringIO()
    with redirect_stdout(out):
        assert main(["delete", "--yes", "--json"]) == 0
    assert json.loads(out.getvalue())["removed_files"] == 0


def test_app_folders_stay_while_another_profile_exists(tmp_path):
    other = paths.default_profile_dir().parent / "demo"
    o = create_vault(other, passphrase="demo")
    o.lock()
    mine = tmp_path / "mine"
    create_vault(mine, passphrase=PASSPHRASE).lock()
    _app_files("shared")
    r = dl.delete_everything(mine)
    assert r["ok"] and not mine.exists() and r["other_profiles"] == [str(other)]
    assert all(folder.exists() for folder in dl.app_dirs().values())
    assert paths.vault_file(other).exists()
    r = dl.delete_everything(other)  # the last profile takes the shared folders with it
    assert r["other_profiles"] == [] and not any(f.exists() for f in dl.app_dirs().values())
