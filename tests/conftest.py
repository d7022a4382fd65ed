"""Shared fixtures: every test gets its own profile folder, the egress guard, and no real keychain.

Under ``CI=true`` a skipped test is a failed test unless its reason is in ``ALLOWED_SKIPS`` (another
platform, an opt-in build): a missing model, tool or fixture must never turn a check into a pass.
"""

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
# Real export samples (or same-layout stand-ins where the licence forbids a copy) live in the
# project, so a clone without ../shared runs every test. tests/fixtures/real/SOURCES.md says which.
FIXTURES_REAL = REPO / "tests" / "fixtures" / "real"

# Skip reasons that stay skips under CI=true: they name another platform or an opt-in build,
# never a part of Hearth that should have been installed.
ALLOWED_SKIPS = (
    "needs /proc",
    "Linux process state",
    "not on this platform",
    # The LoCoMo split (CC BY-NC) may never be copied into the project: a clone without
    # ../shared/eval cannot have it. CI gets a copy of shared/ beside the clone, so it runs there.
    "never copied into the project",
)

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
    assert FIXTURES_REAL.is_dir(), f"{FIXTURES_REAL} is part of the project and must exist"
    return FIXTURES_REAL


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def skip_is_allowed(reason: str) -> bool:
    return any(a in reason for a in ALLOWED_SKIPS)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Under CI=true a skip for a missing part is a failure, reported with the skip's reason."""
    outcome = yield
    rep = outcome.get_result()
    if not (in_ci() and rep.skipped) or hasattr(rep, "wasxfail"):
        return
    reason = str(rep.longrepr[2] if isinstance(rep.longrepr, tuple) else rep.longrepr)
    if skip_is_allowed(reason):
        return
    rep.outcome = "failed"
    rep.longrepr = f"CI=true: this test would have skipped ({reason}); install what it needs instead"


def pytest_sessionfinish(session, exitstatus):
    blocked = egress.blocked_attempts()
    if blocked:
        sys.stderr.write(f"\nEGRESS ATTEMPTS BLOCKED DURING TESTS: {blocked}\n")
        session.exitstatus = 1
