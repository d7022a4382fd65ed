"""``hearth stats``: what the vault holds."""

from __future__ import annotations

import argparse

from desktop_app.cli._output import add_common, emit, fmt_ts
from desktop_app.cli._vault import open_from_args


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("stats", help="counts of what the vault holds")
    add_common(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    with open_from_args(args) as vault:
        s = vault.stats()
    lines = [f"Records: {s['records']}  people: {s['people']}  threads: {s['threads']}  archives: {s['archives']}",
             f"From {fmt_ts(s['first_ts'])} to {fmt_ts(s['last_ts'])}"]
    for kind, n in s["by_kind"].items():
        lines.append(f"  {kind:<14} {n}")
    lines.append(f"Vault: SQLCipher {s['cipher_version']}, schema v{s['schema_version']}, key in {s['key_mode']}")
    emit(args, {"ok": True, **s}, "\n".join(lines))
    return 0
