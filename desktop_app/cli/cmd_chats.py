"""``hearth chats``: saved assistant conversations (list, show, rename, delete)."""

from __future__ import annotations

import argparse

from desktop_app.cli._output import add_common, emit, fmt_ts
from desktop_app.cli._vault import open_from_args


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("chats", help="saved conversations with the assistant")
    add_common(p)
    p.add_argument("action", nargs="?", default="list", choices=("list", "show", "rename", "delete"))
    p.add_argument("id", nargs="?", type=int, help="conversation id")
    p.add_argument("title", nargs="?", help="new title (rename)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from desktop_app.core.assistant import conversations as conv
    from desktop_app.core.errors import KnownError

    if args.action != "list" and args.id is None:
        raise KnownError(f"'hearth chats {args.action}' needs a conversation id.")
    with open_from_args(args) as vault:
        if args.action == "list":
            items = conv.list_conversations(vault)
            text = "\n".join(f"{c['id']:>4}  {fmt_ts(c['updated_at'])}  {c['answers']} answer(s)  {c['title']}"
                             for c in items) or "No saved conversations."
            emit(args, {"ok": True, "conversations": items}, text)
        elif args.action == "show":
            c = conv.get_conversation(vault, args.id)
            lines = [f"Conversation {c['id']}: {c['title']}"]
            for a in c["answers"]:
                lines += ["", f"Q: {a['question']}", f"A: {a['text']}"]
                for ci in a["citations"]:
                    lines.append(f"   [{ci['n']}] record {ci['record_id']} · {ci['platform']} {ci['kind']} · "
                                 f"{fmt_ts(ci['ts_ms'])} · {ci['author']}")
                lines.append(f"   model {a['model']} · {a['kind']}" + (" · redacted" if a["redacted"] else ""))
            emit(args, {"ok": True, "conversation": c}, "\n".join(lines))
        elif args.action == "rename":
            if not args.title:
                raise KnownError("'hearth chats rename ID TITLE' needs a title.")
            conv.rename(vault, args.id, args.title)
            emit(args, {"ok": True, "id": args.id, "title": args.title}, f"Renamed conversation {args.id}.")
        else:
            conv.delete(vault, args.id)
            emit(args, {"ok": True, "id": args.id, "deleted": True}, f"Deleted conversation {args.id}.")
    return 0
