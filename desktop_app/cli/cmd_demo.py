"""``hearth demo``: build (first time) and open the demo profile made from the shipped synthetic archive."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desktop_app.cli._output import add_common, emit
from desktop_app.core import paths
from desktop_app.core.progress import Progress


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("demo", help="open Hearth on a demo profile built from a synthetic archive")
    add_common(p)
    p.add_argument("--no-gui", action="store_true", help="only build the demo profile and print what it holds")
    p.add_argument("--no-embed", action="store_true", help="skip semantic indexing (keyword search only)")
    p.set_defaults(func=run)


def _progress(p: Progress) -> None:
    frac = p.fraction
    pct = f"{frac * 100:5.1f}%" if frac is not None else "     "
    sys.stderr.write(f"\r{p.stage:<12} {pct} {p.done}/{p.total or '?'}   ")
    sys.stderr.flush()


def run(args: argparse.Namespace) -> int:
    from desktop_app.core import demo

    profile = Path(args.profile) if getattr(args, "profile", None) else (
        paths.resolve_profile_dir() if __import__("os").environ.get("HEARTH_HOME") else paths.demo_profile_dir())
    if not args.no_gui:
        # The window comes first: it builds the demo (import, then indexing) behind itself with progress.
        from desktop_app.ui.app import run_gui

        if not getattr(args, "json", False):
            sys.stderr.write(f"Opening Hearth on the demo profile in {profile}\n")
        return run_gui(profile, passphrase=demo.demo_passphrase(), demo=True, demo_embed=not args.no_embed)
    quiet = getattr(args, "json", False)
    vault, built = demo.open_or_build(profile, progress=(lambda p: None) if quiet else _progress,
                                      embed=not args.no_embed)
    if not quiet:
        sys.stderr.write("\n")
    stats = vault.stats()
    vault.lock()
    emit(args, {"ok": True, **built, "stats": stats},
         f"Demo profile in {profile}: {stats['records']} records, {stats['people']} people, "
         f"{stats['threads']} threads (vault passphrase: {built['passphrase']}).")
    return 0
