"""``hearth`` with no subcommand (or ``hearth gui``): open the desktop window."""

from __future__ import annotations

import argparse

from desktop_app.cli._output import add_common
from desktop_app.cli._vault import profile_dir
from desktop_app.core.store.vault import passphrase_from_env


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("gui", help="open the desktop window (the default with no command)")
    add_common(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from desktop_app.ui.app import run_gui

    return run_gui(profile_dir(args), passphrase=passphrase_from_env(),
                   no_error_dialogs=bool(getattr(args, "no_error_dialogs", False)))
