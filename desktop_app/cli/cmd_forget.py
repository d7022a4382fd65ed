"""``hearth forget``: remove a record, conversation, person, archive or platform everywhere."""

from __future__ import annotations

import argparse

from desktop_app.cli._confirm import confirm
from desktop_app.cli._output import add_common, emit
from desktop_app.cli._vault import open_from_args
from desktop_app.core.errors import KnownError
from desktop_app.core.privacy import forget as fg


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("forget", help="forget a record, conversation, person, archive or platform",
                       description="Removes the data, its search index entries, embeddings, profile facts and "
                                   "citations; a re-import will not bring it back unless you allow it.")
    add_common(p)
    g = p.add_mutually_exclusive_group(required=True)
    g.add_argument("--record", type=int, nargs="+", metavar="ID")
    g.add_argument("--thread", type=int, metavar="ID", help="a conversation")
    g.add_argument("--person", type=int, metavar="ID")
    g.add_argument("--archive", type=int, metavar="ID")
    g.add_argument("--platform", metavar="NAME")
    g.add_argument("--list", action="store_true", help="list past forgets")
    g.add_argument("--allow-reimport", metavar="FORGET_ID|all",
                   help="let a re-import bring back what a forget removed")
    p.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    p.set_defaults(func=run)


def _describe(args: argparse.Namespace) -> str:
    if args.record:
        return f"{len(args.record)} record(s)"
    for name, label in (("thread", "conversation"), ("person", "person"), ("archive", "archive")):
        if getattr(args, name) is not None:
            return f"{label} {getattr(args, name)} and everything in it"
    return f"everything from {args.platform}"


def run(args: argparse.Namespace) -> int:
    with open_from_args(args) as vault:
        if args.list:
            items = fg.list_forgets(vault)
            lines = [f"#{f['forget_id']} {f['target']} {f['target_ref']}: {f['counts'].get('records', 0)} records, "
                     f"{'re-import allowed' if f['reimport_allowed'] else 're-import blocked'}" for f in items]
            emit(args, {"ok": True, "forgets": items}, "\n".join(lines) or "Nothing forgotten yet.")
            return 0
        if args.allow_reimport:
            ref = args.allow_reimport
            if ref != "all" and not ref.isdigit():
                raise KnownError("--allow-reimport takes a forget number (see --list) or 'all'.")
            confirm("Allow a re-import to bring the forgotten items back?", yes=args.yes)
            n = fg.allow_reimport(vault, None if ref == "all" else int(ref))
            emit(args, {"ok": True, "tombstones_removed": n}, f"{n} item(s) may come back with a re-import.")
            return 0
        confirm(f"Forget {_describe(args)}? This cannot be undone.", yes=args.yes)
        receipt = fg.forget(vault, record_ids=args.record, thread_id=args.thread, person_id=args.person,
                            archive_id=args.archive, platform=args.platform)
    text = (f"Forgot {receipt['records']} record(s), {receipt['threads']} conversation(s), "
            f"{receipt['people']} person(s), {receipt['archives']} archive(s).\n"
            f"Search index compacted ({', '.join(receipt['fts_optimized'])}); "
            f"write-ahead log {'emptied' if receipt['wal_truncated'] else 'NOT emptied (vault busy; retry)'}.\n"
            f"A re-import will not bring it back (undo with: hearth forget --allow-reimport {receipt['forget_id']}).")
    emit(args, receipt, text)
    return 0
