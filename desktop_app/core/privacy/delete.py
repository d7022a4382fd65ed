"""Delete everything: the key first (crypto-shredding), then the vault files, caches, logs, settings.

Steps, each safe to repeat, so an interrupted delete is finished by running it again:
1. remove the keychain entry (a keychain vault is unreadable from here on);
2. overwrite the vault's 16-byte salt (a passphrase vault is unreadable from here on: its key is
   derived from passphrase + salt, and WAL frames use the same key);
3. leave a marker so Hearth reports "interrupted delete" instead of opening or re-creating;
4. unlink the database, WAL, SHM, journal, then everything else in the profile, then vault.json;
5. remove Hearth's cache, log, config and state folders; finally the marker and the profile folder.
No step ever creates a key. Exports the user saved elsewhere are listed, not touched.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
from pathlib import Path
from typing import Any

import platformdirs

from desktop_app import APP_NAME
from desktop_app.core import paths
from desktop_app.core.errors import KnownError
from desktop_app.core.store import keychain
from desktop_app.core.store.vault import DELETE_MARKER, Vault, VaultInfo

MARKER = DELETE_MARKER  # one name for the marker, shared with open_vault/create_vault


def app_dirs() -> dict[str, Path]:
    """Hearth's per-user folders outside the profile (caches, logs, GUI settings, state)."""
    return _platform_app_dirs()


def _platform_app_dirs() -> dict[str, Path]:
    return {"cache": Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)),
            "log": Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)),
            "config": Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
            "state": Path(platformdirs.user_state_dir(APP_NAME, appauthor=False))}


def other_profiles(profile: Path) -> list[Path]:
    """Other Hearth vaults in the user data folder (the default and demo profiles live there)."""
    root = paths.default_profile_dir().parent
    if not root.is_dir():
        return []
    me = Path(profile).resolve()
    return sorted(p for p in root.iterdir() if p.is_dir() and p.resolve() != me
                  and (paths.meta_file(p).exists() or paths.vault_file(p).exists()))


def interrupted(profile: Path) -> bool:
    return (Path(profile) / MARKER).exists()


def inventory(profile: Path) -> dict[str, list[str]]:
    """Every file under the profile and the app folders (for receipts and tests)."""
    out: dict[str, list[str]] = {}
    for name, folder in {"profile": Path(profile), **app_dirs()}.items():
        out[name] = sorted(str(p) for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []
    return out


def _before_step(name: str) -> None:
    """Fault-injection point for tests (a crash between steps)."""


def _size(p: Path) -> int:
    try:
        return p.stat().st_size
    except OSError:
        return 0


class _Deleter:
    def __init__(self, profile: Path) -> None:
        self.profile = Path(profile)
        self.removed: list[dict[str, Any]] = []
        self.errors: list[str] = []

    def unlink(self, p: Path, kind: str) -> None:
        if p.is_symlink() or p.is_file():
            n = _size(p)
            with contextlib.suppress(FileNotFoundError):
                p.unlink()
            self.removed.append({"path": str(p), "kind": kind, "bytes": n})

    def rmtree(self, folder: Path, kind: str) -> None:
        if not folder.exists():
            return
        for p in sorted(folder.rglob("*"), key=lambda x: len(x.parts), reverse=True):
            if p.is_dir() and not p.is_symlink():
                with contextlib.suppress(OSError):
                    p.rmdir()
            else:
                self.unlink(p, kind)
        with contextlib.suppress(OSError):
            folder.rmdir()
        if folder.exists():
            shutil.rmtree(folder, ignore_errors=True)
        if folder.exists():
            self.errors.append(f"could not remove {folder}")


def _load_info(profile: Path) -> VaultInfo | None:
    try:
        return VaultInfo.load(profile)
    except KnownError:
        return None  # damaged description: nothing to learn from it, the files still go


def _shred_salt(db: Path) -> bool:
    if not db.is_file() or _size(db) < 16:
        return False
    fd = os.open(db, os.O_WRONLY)
    try:
        os.pwrite(fd, secrets.token_bytes(16), 0)
        os.fsync(fd)
    finally:
        os.close(fd)
    return True


def delete_everything(profile: Path, *, vault: Vault | None = None) -> dict[str, Any]:
    """Remove the profile's key, vault and every Hearth file; return a receipt of what was removed.

    ``vault``: the open vault of this profile, if any; it is locked first (and its list of exports
    is put on the receipt).
    """
    profile = Path(profile)
    exports: list[dict[str, Any]] = []
    if vault is not None:
        with contextlib.suppress(Exception):
            from desktop_app.core.privacy.export import list_exports

            exports = [e for e in list_exports(vault) if e["exists"]]
        vault.lock()
    d = _Deleter(profile)
    before = inventory(profile)
    # Temp files of a killed export beside its destination, outside the profile (noted in it).
    from desktop_app.core.privacy.atomic import pending_temps

    for tmp in pending_temps(profile):
        d.unlink(tmp, "interrupted export")
    info = _load_info(profile)

    _before_step("keychain")
    key_report: dict[str, Any] = {"mode": info.key_mode if info else None, "removed": False}
    if info is not None:
        backend = keychain.secure_backend()
        key_report["backend"] = keychain.backend_name(backend) if backend is not None else None
        key_report["removed"] = keychain.delete_key(info.vault_id)
        if info.key_mode == "keychain" and backend is None:
            key_report["warning"] = "the OS keychain is not reachable; its entry for this vault may remain"
            d.errors.append("keychain entry not confirmed removed")
        elif backend is not None and keychain.load_key(info.vault_id) is not None:
            d.errors.append("keychain entry still present")

    _before_step("shred")
    db = paths.vault_file(profile)
    shredded = _shred_salt(db)

    _before_step("marker")
    if profile.is_dir():
        fd = os.open(profile / MARKER, os.O_WRONLY | os.O_CREAT, 0o600)
        os.close(fd)

    _before_step("vault files")
    for p in paths.vault_side_files(profile):
        d.unlink(p, "vault")

    _before_step("profile files")
    if profile.is_dir():
        for p in sorted(profile.iterdir()):
            if p.name in (paths.META_FILE, MARKER):
                continue
            if p.is_dir() and not p.is_symlink():
                d.rmtree(p, "profile data")
            else:
                d.unlink(p, "profile data")

    _before_step("vault description")
    d.unlink(paths.meta_file(profile), "vault description")

    _before_step("app folders")
    folders = app_dirs()
    # the real per-user folders are shared with the other profiles; redirected ones (a self-test
    # sandbox) belong to the caller
    others = other_profiles(profile) if folders == _platform_app_dirs() else []
    kept_dirs: list[str] = []
    for kind, folder in folders.items():
        if folder.resolve() == profile.resolve() or profile.resolve() in folder.resolve().parents:
            continue
        if others:  # shared by the other profiles' Hearth: removed with the last profile
            if folder.exists():
                kept_dirs.append(str(folder))
            continue
        d.rmtree(folder, kind)

    _before_step("profile folder")
    with contextlib.suppress(FileNotFoundError):
        (profile / MARKER).unlink()
    with contextlib.suppress(OSError):
        profile.rmdir()
    if profile.exists():
        d.errors.append(f"could not remove {profile}")
    return {"ok": not d.errors, "profile": str(profile), "other_profiles": [str(o) for o in others],
            "app_dirs_kept": kept_dirs, "keychain": key_report, "salt_overwritten": shredded,
            "removed": d.removed, "removed_files": len(d.removed), "removed_bytes": sum(r["bytes"] for r in d.removed),
            "errors": d.errors, "exports_kept": exports, "before": before, "after": inventory(profile)}
