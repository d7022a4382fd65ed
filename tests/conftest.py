"""Shared fixtures: every test gets its own profile folder, the egress guard, and no real keychain."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["HEARTH_DEV"] = "1"
os.environ.pop("HEARTH_PASSPHRASE", None)
os.environ.pop("HEARTH_EXPORT_PASSPHRASE", None)

from desktop_app.core.privacy import egress  # noqa: E402

egress.install()

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("HEARTH_SHARED", REPO.parent / "shared"))
FIXTURES_REAL = SHARED / "fixtures" / "real"

PASSPHRASE = "correct horse battery staple"


@pytest.fixture(autouse=True)
def _isolated_env(tmp_path_factory, monkeypatch):
    """No test may touch the real user data dir or the real keychain."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.delenv("HEARTH_HOME", raising=False)
    monkeypatch.delenv("HEARTH_PASSPHRASE", raising=False)
    import keyring
    from keyring.backends import fail

    keyring.set_keyring(fail.Keyring())
    yield


@pytest.fixture(autouse=True)
def _restore_process_hooks():
    """In-process CLI runs install the log scrubber and excepthooks: keep them out of later tests."""
    import logging
    import threading

    saved = (logging.getLogRecordFactory(), sys.excepthook, threading.excepthook)
    yield
    logging.setLogRecordFactory(saved[0])
    sys.excepthook, threading.excepthook = saved[1], saved[2]


@pytest.fixture
def memory_keyring():
    import keyring

    from tests.helpers.keyrings import MemoryKeyring

    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    return backend


@pytest.fixture
def profile(tmp_path) -> Path:
    return tmp_path / "profile"


@pytest.fixture
def vault(profile):
    from desktop_app.core.store.vault import create_vault

    v = create_vault(profile, passphrase=PASSPHRASE)
    yield v
    v.lock()


@pytest.fixture
def fixtures_real() -> Path:
    if not FIXTURES_REAL.is_dir():
        pytest.skip("shared fixtures not available")
    return FIXTURES_REAL


def pytest_sessionfinish(session, exitstatus):
    blocked = egress.blocked_attempts()
    if blocked:
        sys.stderr.write(f"\nEGRESS ATTEMPTS BLOCKED DURING TESTS: {blocked}\n")
        session.exitstatus = 1
