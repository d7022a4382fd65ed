"""``hearth doctor``: a truthful report on keychain, vault, models, CPU and versions."""

from __future__ import annotations

import argparse

from desktop_app.cli._output import add_common, emit
from desktop_app.cli._vault import profile_dir
from desktop_app.core import doctor


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("doctor", help="check the keychain, the vault, models and this machine")
    p.add_argument("--check-vault", action="store_true",
                   help="also read every page of the vault and check it for damage (needs the key; slower)")
    add_common(p)
    p.set_defaults(func=run)


def _integrity(args: argparse.Namespace) -> dict:
    from desktop_app.cli._vault import open_from_args
    from desktop_app.core.store.vault import VaultDamaged

    try:
        vault = open_from_args(args)
    except VaultDamaged as exc:
        return doctor.damaged_at_open(exc.user_message)
    with vault:
        return doctor.vault_integrity(vault)


def run(args: argparse.Namespace) -> int:
    report = doctor.run(profile_dir(args))
    if args.check_vault and report["vault"].get("exists"):
        report["integrity"] = _integrity(args)
        if not report["integrity"]["ok"]:
            report["problems"].append("the vault is damaged")
            report["ok"] = False
    emit(args, report, doctor.format_text(report))
    return 0 if report["ok"] else 1
