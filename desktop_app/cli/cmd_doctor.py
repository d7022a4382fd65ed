"""``hearth doctor``: a truthful report on keychain, vault, models, CPU and versions."""

from __future__ import annotations

import argparse

from desktop_app.cli._output import add_common, emit
from desktop_app.cli._vault import profile_dir
from desktop_app.core import doctor


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("doctor", help="check the keychain, the vault, models and this machine")
    add_common(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    report = doctor.run(profile_dir(args))
    emit(args, report, doctor.format_text(report))
    return 0 if report["ok"] else 1
