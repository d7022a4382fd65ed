"""``hearth lock``: lock every running Hearth on this profile now; set the idle lock time."""

from __future__ import annotations

import argparse

from desktop_app.cli._output import add_common, emit
from desktop_app.cli._vault import open_from_args, profile_dir
from desktop_app.core.privacy import lock as lk


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("lock", help="lock Hearth now (and set the idle lock time)")
    add_common(p)
    p.add_argument("--idle-minutes", type=int, metavar="N", help="lock after N idle minutes (0: never)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    profile = profile_dir(args)
    data = {"ok": True, "profile": str(profile)}
    if args.idle_minutes is not None:
        with open_from_args(args) as vault:
            lk.set_idle_minutes(vault, args.idle_minutes)
            data["idle_minutes"] = lk.idle_minutes(vault)
    if profile.is_dir():
        lk.request_lock(profile)
        data["lock_requested"] = True
    else:
        data["lock_requested"] = False
    text = "Asked every running Hearth on this profile to lock (its key is dropped from memory)."
    if "idle_minutes" in data:
        m = data["idle_minutes"]
        text += f"\nIdle lock: {'never' if m == 0 else f'after {m} minute(s)'}."
    emit(args, data, text)
    return 0
