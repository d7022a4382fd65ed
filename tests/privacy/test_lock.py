"""Idle lock and lock on demand (policy in the core), and passphrase changes from the CLI."""

from __future__ import annotations

import io
import json
import time
from contextlib import redirect_stdout

import pytest

from desktop_app.core.errors import VaultLocked, WrongKey
from desktop_app.core.privacy import lock as lk
from desktop_app.core.store.vault import open_vault
from tests.conftest import PASSPHRASE


class Clock:
    def __init__(self):
        self.t = 1000.0

    def __call__(self):
        return self.t


def test_idle_lock_policy(vault):
    clock = Clock()
    locks = []

    def on_lock(reason):
        locks.append(reason)
        vault.lock()  # the key goes with the connection

    il = lk.IdleLock(on_lock, idle_s=60, clock=clock)
    clock.t += 59
    assert not il.poll() and il.remaining() == pytest.approx(1)
    il.touch()
    clock.t += 59
    assert not il.poll()
    clock.t += 1
    assert il.poll() and locks == ["idle"] and il.locked
    assert not il.poll() and il.remaining() is None  # locks once
    with pytest.raises(VaultLocked):
        vault.scalar("SELECT 1")
    il.unlocked()
    clock.t += 30
    assert not il.poll()
    assert il.lock_now() and locks == ["idle", "manual"]
    never = lk.IdleLock(on_lock, idle_s=0, clock=clock)
    clock.t += 10**6
    assert not never.poll()


def test_lock_on_request_from_another_process(profile, vault, monkeypatch):
    from desktop_app.cli import main

    locks = []
    il = lk.IdleLock(locks.append, idle_s=None, profile=profile)
    assert not il.poll()
    time.sleep(0.01)
    monkeypatch.setenv("HEARTH_HOME", str(profile))
    monkeypatch.setenv("HEARTH_PASSPHRASE", PASSPHRASE)
    out = io.StringIO()
    with redirect_stdout(out):
        assert main(["lock", "--idle-minutes", "5", "--json"]) == 0
    d = json.loads(out.getvalue())
    assert d["lock_requested"] and d["idle_minutes"] == 5
    assert lk.idle_minutes(vault) == 5
    assert il.poll() and locks == ["requested"]
    il.unlocked()
    assert not il.poll()  # an old request does not lock again after unlocking
    assert (profile / lk.REQUEST_FILE).stat().st_mode & 0o777 == 0o600
    with pytest.raises(Exception):
        lk.set_idle_minutes(vault, -1)


def _cli(argv, monkeypatch, **env):
    from desktop_app.cli import main

    for k, v in env.items():
        monkeypatch.setenv(k, v)
    out = io.StringIO()
    with redirect_stdout(out):
        code = main(argv)
    return code, json.loads(out.getvalue())


def test_passphrase_change_and_move_to_keychain(profile, vault, memory_keyring, monkeypatch):
    vault.lock()
    code, d = _cli(["passphrase", "--json"], monkeypatch, HEARTH_HOME=str(profile), HEARTH_PASSPHRASE=PASSPHRASE,
                   HEARTH_NEW_PASSPHRASE="second passphrase")
    assert code == 0 and d["key_mode"] == "passphrase"
    with pytest.raises(WrongKey):
        open_vault(profile, passphrase=PASSPHRASE)
    code, d = _cli(["passphrase", "--keychain", "--json"], monkeypatch, HEARTH_PASSPHRASE="second passphrase")
    assert code == 0 and d["key_mode"] == "keychain" and len(memory_keyring.store) == 1
    monkeypatch.delenv("HEARTH_PASSPHRASE")
    v = open_vault(profile)
    assert v.info.key_mode == "keychain"
    v.lock()
    # and back to a passphrase: the keychain entry goes
    code, d = _cli(["passphrase", "--json"], monkeypatch, HEARTH_NEW_PASSPHRASE="third one")
    assert code == 0 and memory_keyring.store == {}
    open_vault(profile, passphrase="third one").lock()
