"""``hearth passphrase``: change the vault passphrase, or move the key to the OS keychain."""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from desktop_app.cli._output import add_common, emit
from desktop_app.cli._vault import open_from_args
from desktop_app.core.errors import KnownError


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("passphrase", help="change the vault passphrase, or move the key to the OS keychain",
                       description="Re-keys the vault. The new passphrase comes from HEARTH_NEW_PASSPHRASE or a "
                                   "prompt; with --keychain a fresh random key is kept by the OS keychain instead.")
    add_common(p)
    p.add_argument("--keychain", action="store_true", help="move to a random key held by the OS keychain")
    p.set_defaults(func=run)


def _new_passphrase() -> str:
    env = os.environ.get("HEARTH_NEW_PASSPHRASE")
    if env:
        return env
    if not sys.stdin or not sys.stdin.isatty():
        raise KnownError("Set HEARTH_NEW_PASSPHRASE when running without a terminal.")
    first = getpass.getpass("New vault passphrase: ")
    if not first:
        raise KnownError("The passphrase must not be empty.")
    if getpass.getpass("Repeat new passphrase: ") != first:
        raise KnownError("The two passphrases differ.")
    return first


def run(args: argparse.Namespace) -> int:
    new = None if args.keychain else _new_passphrase()
    with open_from_args(args) as vault:
        if args.keychain:
            backend = vault.use_keychain()
            data = {"ok": True, "key_mode": "keychain", "keychain_backend": backend}
            text = f"The vault key is now a random key held by the OS keychain ({backend})."
        else:
            vault.change_passphrase(new)
            data = {"ok": True, "key_mode": "passphrase"}
            text = "The vault passphrase was changed; the old one no longer opens it."
        vault.checkpoint()
    emit(args, data, text)
    return 0
