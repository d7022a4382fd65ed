"""``hearth export``: everything in one file, encrypted unless --open is chosen explicitly."""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from desktop_app.cli._confirm import confirm
from desktop_app.cli._output import add_common, emit
from desktop_app.cli._vault import open_from_args
from desktop_app.core.errors import KnownError
from desktop_app.core.privacy import export as ex


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export", help="export everything (encrypted by default)",
                       description="Exports records, profile and edits, chats, the data-use log and settings.")
    add_common(p)
    p.add_argument("dest", nargs="?", help="file or folder to write the export to")
    p.add_argument("--open", action="store_true", help="write a plain, UNENCRYPTED zip of JSON Lines instead")
    p.add_argument("--overwrite", action="store_true", help="replace an existing file of that name")
    p.add_argument("--restore", metavar="FILE", help="merge an encrypted Hearth export into this vault")
    p.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    p.set_defaults(func=run)


def export_passphrase(*, confirm_it: bool) -> str:
    env = os.environ.get("HEARTH_EXPORT_PASSPHRASE")
    if env:
        return env
    if not sys.stdin or not sys.stdin.isatty():
        raise KnownError("An export passphrase is needed; set HEARTH_EXPORT_PASSPHRASE when running without a "
                         "terminal.")
    first = getpass.getpass("Export passphrase: ")
    if not first:
        raise KnownError("The export passphrase must not be empty.")
    if confirm_it and getpass.getpass("Repeat export passphrase: ") != first:
        raise KnownError("The two passphrases differ.")
    return first


def run(args: argparse.Namespace) -> int:
    if args.restore:
        passphrase = export_passphrase(confirm_it=False)
        with open_from_args(args) as vault:
            r = ex.import_export(vault, args.restore, passphrase)
        rec = r["tables"].get("records", {})
        emit(args, r, f"Merged {args.restore}: {rec.get('copied', 0)} new record(s), "
                      f"{rec.get('existing', 0)} already here, {rec.get('skipped', 0)} kept forgotten.")
        return 0
    if not args.dest:
        raise KnownError("Say where to write the export: hearth export DEST")
    if args.open:
        sys.stderr.write("WARNING: " + ex.PLAINTEXT_WARNING + "\n")
        confirm("Write an UNENCRYPTED export?", yes=args.yes)
        passphrase = None
    else:
        passphrase = export_passphrase(confirm_it=True)
    with open_from_args(args) as vault:
        r = ex.export_vault(vault, args.dest, passphrase=passphrase, open_format=args.open, overwrite=args.overwrite)
    kind = "UNENCRYPTED open export" if args.open else "encrypted export"
    emit(args, r, f"Wrote the {kind} to {r['path']} ({r['bytes']} bytes, {r['tables'].get('records', 0)} records)"
                  f"\nsha256 {r['sha256']}")
    return 0
