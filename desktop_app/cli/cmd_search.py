"""``hearth search QUERY``: keyword + semantic search with filters."""

from __future__ import annotations

import argparse

from desktop_app.cli._output import add_common, emit, fmt_ts
from desktop_app.cli._vault import open_from_args


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("search", help="search the vault by words or meaning")
    add_common(p)
    p.add_argument("query", nargs="+", help='words, "a phrase", prefix*, dates like "in 2019" or "last summer"')
    p.add_argument("--limit", type=int, default=10)
    p.add_argument("--platform", action="append", default=[], help="facebook, instagram, messenger, ... (repeatable)")
    p.add_argument("--kind", action="append", default=[], help="message, post, comment, ... (repeatable)")
    p.add_argument("--person", help="a name or a person number")
    p.add_argument("--thread", type=int, help="a conversation number")
    p.add_argument("--since", help="YYYY-MM-DD")
    p.add_argument("--until", help="YYYY-MM-DD (exclusive)")
    g = p.add_mutually_exclusive_group()
    g.add_argument("--mine", dest="mine", action="store_const", const=True, default=None, help="only what I wrote")
    g.add_argument("--received", dest="mine", action="store_const", const=False, help="only what others wrote")
    p.add_argument("--mode", choices=("hybrid", "keyword", "semantic"), default="hybrid")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from desktop_app.core.privacy.scope import parse_date_ms
    from desktop_app.core.retrieval.filters import Filters
    from desktop_app.core.retrieval.search import search

    f = Filters(platforms=args.platform, kinds=args.kind, person=args.person, thread_id=args.thread,
                date_from_ms=parse_date_ms(args.since), date_to_ms=parse_date_ms(args.until), mine=args.mine)
    from threadpoolctl import threadpool_limits

    if args.mode != "keyword":
        from desktop_app.core.retrieval.embedder import prepare_query_encoder

        prepare_query_encoder()  # hashes and reads the model while the vault's key is derived

    # One query is a handful of small matrix products: BLAS threads only add start-up and, on a
    # busy machine, spin-waiting (measured: 2-4x the CPU time of the whole command at load 10).
    with open_from_args(args) as vault, threadpool_limits(1):
        res = search(vault, " ".join(args.query), filters=f, limit=args.limit, mode=args.mode)
    lines: list[str] = []
    if res.notice:
        lines.append(f"Note: {res.notice}")
    if res.date_phrase:
        lines.append(f"(dates from \"{res.date_phrase}\")")
    if not res.hits:
        lines.append("No results.")
    for i, h in enumerate(res.hits, 1):
        where = f" in \"{h.thread_title}\" (thread {h.thread_id})" if h.thread_id else ""
        ids = ",".join(str(r) for r in h.record_ids)
        lines.append(f"{i:>2}. [{ids}] {h.platform} {h.kind}{' window' if h.unit == 'window' else ''} "
                     f"{fmt_ts(h.ts_ms)} {h.author or '—'}{where}")
        for ln in h.snippet.splitlines()[:6]:
            lines.append(f"      {ln}")
    emit(args, {"ok": True, **res.to_dict()}, "\n".join(lines))
    return 0
