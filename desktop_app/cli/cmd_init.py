"""``hearth init``: create the profile's encrypted vault."""

from __future__ import annotations

import argparse

from desktop_app.cli._output import add_common, emit
from desktop_app.cli._vault import ask_passphrase, profile_dir
from desktop_app.core.errors import KnownError
from desktop_app.core.store import keychain
from desktop_app.core.store.vault import create_vault, passphrase_from_env


MIN_PASSPHRASE = 8


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("init", help="create an encrypted vault in the profile folder")
    add_common(p)
    p.add_argument("--passphrase", action="store_true",
                   help="protect the vault with a passphrase instead of the OS keychain")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    profile = profile_dir(args)
    use_keychain = not args.passphrase and passphrase_from_env() is None and keychain.secure_backend() is not None
    passphrase = None if use_keychain else ask_passphrase("Choose a vault passphrase: ", confirm=True)
    if passphrase is not None and len(passphrase) < MIN_PASSPHRASE:
        # The same rule as the window's first-run wizard.
        raise KnownError(f"Choose a passphrase of at least {MIN_PASSPHRASE} characters.")
    vault = create_vault(profile, passphrase=passphrase, use_keychain=use_keychain)
    info = {"ok": True, "profile": str(profile), "vault": str(vault.path), "key_mode": vault.info.key_mode,
            "keychain_backend": vault.info.keychain_backend, "schema_version": vault.schema_version(),
            "cipher_version": vault.cipher_version()}
    vault.lock()
    where = f"the OS keychain ({info['keychain_backend']})" if use_keychain else "your passphrase"
    emit(args, info, f"Created an encrypted vault in {profile}\nKey held by {where}.")
    return 0
