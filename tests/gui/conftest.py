"""GUI fixtures: a real SQLCipher vault with synthetic records, the main window on it, no dialogs."""

from __future__ import annotations

import time

import desktop_app.ui  # noqa: F401 - the PySide6/Python 3.11 None-refcount workaround must run first
import pytest

from tests.conftest import PASSPHRASE

CANARY = "zqxcanary7731"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/gui/" in str(item.fspath):
            item.add_marker(pytest.mark.gui)


@pytest.fixture(autouse=True)
def _no_dialogs_and_no_bugs(monkeypatch):
    from desktop_app.ui import errors

    monkeypatch.setenv("HEARTH_NO_ERROR_DIALOGS", "1")
    errors.RECENT_BUGS.clear()
    errors.RECENT_KNOWN.clear()
    yield
    bugs = list(errors.RECENT_BUGS)
    errors.RECENT_BUGS.clear()
    assert not bugs, f"the GUI hit bugs: {[type(b).__name__ for b in bugs]}"


@pytest.fixture
def filled_profile(profile):
    from desktop_app.core.store.vault import create_vault
    from tests.gui.synth_vault import fill

    v = create_vault(profile, passphrase=PASSPHRASE)
    fill(v, canary=CANARY)
    v.lock()
    return profile


def wait_until(qtbot, pred, timeout=60000):
    """Wait for ``pred``. The limit only catches a hang, so it is generous: on a busy 2-core machine
    (the suite must pass at load 8) a step can take many times what it takes on a quiet one."""
    qtbot.waitUntil(lambda: bool(pred()), timeout=timeout)


def open_window(qtbot, profile, *, passphrase=PASSPHRASE, unlock=True):
    from desktop_app.ui import app as app_mod

    win = app_mod.create_window(profile, passphrase=passphrase if unlock else None)
    win.settings.setValue("model/path", "stub")
    qtbot.addWidget(win)
    win.show()
    win.start()
    if unlock:
        wait_until(qtbot, lambda: win.session.is_open and win.stack.currentWidget() is win.shell)
        wait_until(qtbot, lambda: "records" in win.state_label.text())
    return win


@pytest.fixture
def window(qtbot, filled_profile):
    win = open_window(qtbot, filled_profile)
    yield win
    close_window(win)


def close_window(win):
    from desktop_app.ui import workers

    win.close()
    workers.shutdown(10000)


def idle(qtbot, win, ms: int = 50):
    """Let queued results arrive and wait for the worker pools to drain."""
    end = time.monotonic() + 15
    while time.monotonic() < end:
        qtbot.wait(ms)
        if win.session.wait_idle(10) and all(True for _ in ()):
            qtbot.wait(ms)
            if win.session.wait_idle(10):
                return
