"""Opening the profile's vault from the CLI: keychain, HEARTH_PASSPHRASE or a getpass prompt."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from desktop_app.core import paths
from desktop_app.core.store.vault import PassphraseRequired, Vault, open_vault, passphrase_from_env


def profile_dir(args: argparse.Namespace) -> Path:
    return paths.resolve_profile_dir(getattr(args, "profile", None))


def ask_passphrase(prompt: str = "Vault passphrase: ", *, confirm: bool = False) -> str:
    env = passphrase_from_env()
    if env:
        return env
    if not sys.stdin or not sys.stdin.isatty():
        raise PassphraseRequired("A passphrase is needed; set HEARTH_PASSPHRASE when running without a terminal.")
    first = getpass.getpass(prompt)
    if confirm:
        if getpass.getpass("Repeat passphrase: ") != first:
            raise PassphraseRequired("The two passphrases differ.")
    return first


def open_from_args(args: argparse.Namespace) -> Vault:
    profile = profile_dir(args)
    try:
        return open_vault(profile, passphrase=passphrase_from_env())
    except PassphraseRequired:
        return open_vault(profile, passphrase=ask_passphrase())
