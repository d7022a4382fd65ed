"""The demo profile: a vault built from the synthetic archive shipped in ``resources/demo``.

The demo holds only invented data, so when no OS keychain exists it is protected by a
published passphrase rather than asking a newcomer to invent one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from desktop_app.core import paths
from desktop_app.core.progress import CancelToken, Progress, no_progress
from desktop_app.core.store import keychain
from desktop_app.core.store.vault import Vault, create_vault, open_vault, passphrase_from_env, vault_exists

DEMO_PASSPHRASE = "hearth-demo"


def demo_archives() -> list[Path]:
    folder = paths.resources_dir() / "demo"
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in (".zip", ".txt") or p.is_dir())


def demo_passphrase() -> str | None:
    """The passphrase the demo vault uses, or None when it lives in the keychain."""
    return passphrase_from_env() or (None if keychain.secure_backend() else DEMO_PASSPHRASE)


def open_or_import(profile: Path | None = None, *, progress: Callable[[Progress], None] = no_progress,
                   cancel: CancelToken | None = None) -> tuple[Vault, dict]:
    """Open the demo vault, creating it and importing the demo archive the first time (no embeddings).

    The window calls this on a worker behind its first frame, then indexes in the background.
    """
    profile = profile or paths.demo_profile_dir()
    passphrase = demo_passphrase()
    built: dict = {"profile": str(profile), "created": False}
    if vault_exists(profile):
        vault = open_vault(profile, passphrase=passphrase)
    else:
        vault = create_vault(profile, passphrase=passphrase, use_keychain=passphrase is None)
        built["created"] = True
    if vault.scalar("SELECT count(*) FROM records") == 0:
        from desktop_app.core.ingest import service

        report = service.run_import(vault, demo_archives(), progress=progress, cancel=cancel)
        built["import"] = report.to_dict()
    built["passphrase"] = _passphrase_source(passphrase)
    return vault, built


def _passphrase_source(passphrase: str | None) -> str:
    return "keychain" if passphrase is None else ("HEARTH_PASSPHRASE" if passphrase_from_env() else DEMO_PASSPHRASE)


def open_or_build(profile: Path | None = None, *, progress: Callable[[Progress], None] = no_progress,
                  embed: bool = True) -> tuple[Vault, dict]:
    """Open the demo vault, building it (import + embeddings) the first time (``hearth demo --no-gui``)."""
    vault, built = open_or_import(profile, progress=progress)
    if embed:
        from desktop_app.core.retrieval import indexer

        if indexer.pending_count(vault):
            built["embedded"] = indexer.embed_pending(vault, progress=progress)
    return vault, built
