"""``hearth embed``: embed what is not yet embedded (resumable; Ctrl-C keeps the work done)."""

from __future__ import annotations

import argparse
import sys

from desktop_app.cli._output import add_common, emit
from desktop_app.cli._vault import open_from_args


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("embed", help="prepare semantic search (embeds new records)")
    add_common(p)
    p.add_argument("--status", action="store_true", help="only report how much is left")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from desktop_app.core.progress import Progress, throttled
    from desktop_app.core.retrieval import indexer

    def show(p: Progress) -> None:
        if not getattr(args, "json", False) and sys.stderr.isatty() and p.total:
            sys.stderr.write(f"\r{p.stage}: {p.done}/{p.total}")
            sys.stderr.flush()

    with open_from_args(args) as vault:
        if args.status:
            st = indexer.status(vault)
            emit(args, {"ok": True, **st}, f"{st['units_embedded']} of {st['units_total']} items embedded"
                                           f" ({st['pending']} pending, model {st['model']}).")
            return 0
        report = indexer.embed_pending(vault, progress=throttled(show, 0.5))
    if not getattr(args, "json", False) and sys.stderr.isatty():
        sys.stderr.write("\n")
    emit(args, report, f"Embedded {report['embedded']} items in {report['seconds']} s"
                       f" ({report['pending']} left, model {report['model']}).")
    return 0
