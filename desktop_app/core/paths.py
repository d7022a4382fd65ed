"""Where a profile lives: ``--profile DIR`` > ``HEARTH_HOME`` > the platform's user data dir."""

from __future__ import annotations

import os
from pathlib import Path

from desktop_app import APP_NAME

VAULT_FILE = "vault.db"
META_FILE = "vault.json"


def _user_data_dir() -> Path:
    import platformdirs  # here, not at import: the window imports this module before its first frame

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_profile_dir() -> Path:
    return _user_data_dir() / "default"


def demo_profile_dir() -> Path:
    return _user_data_dir() / "demo"


def resolve_profile_dir(override: str | os.PathLike[str] | None = None) -> Path:
    if override:
        return Path(override).expanduser().absolute()
    env = os.environ.get("HEARTH_HOME")
    if env:
        return Path(env).expanduser().absolute()
    return default_profile_dir()


def ensure_private_dir(path: Path) -> Path:
    """Create ``path`` (and parents) and make the leaf readable by the owner only."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(path, 0o700)
    return path


def vault_file(profile: Path) -> Path:
    return profile / VAULT_FILE


def meta_file(profile: Path) -> Path:
    return profile / META_FILE


def vault_side_files(profile: Path) -> list[Path]:
    db = vault_file(profile)
    return [db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm"), db.with_name(db.name + "-journal")]


def resources_dir() -> Path:
    """The shipped ``resources/`` folder, in a source tree, an installed wheel or a frozen build."""
    import sys

    frozen = getattr(sys, "_MEIPASS", None)
    candidates = []
    if frozen:
        candidates.append(Path(frozen) / "resources")
    here = Path(__file__).resolve()
    candidates.append(here.parents[2] / "resources")
    candidates.append(here.parents[1] / "resources")
    for c in candidates:
        if c.is_dir():
            return c
    return candidates[-1]
