"""``hearth ask``: answer a question from your records with a local model, citing them."""

from __future__ import annotations

import argparse

from desktop_app.cli._output import add_common, emit, fmt_ts
from desktop_app.cli._vault import open_from_args


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("ask", help="ask a question about your history (local model, with citations)")
    add_common(p)
    p.add_argument("question", help="the question, e.g. \"who did I talk to most in 2020?\"")
    p.add_argument("--model", metavar="PATH", help="a .gguf file to use instead of the chosen/default model")
    p.add_argument("--conversation", type=int, metavar="ID", help="continue a saved conversation")
    p.add_argument("--show-prompt", action="store_true", help="print (and store) the full prompt")
    p.add_argument("--limit", type=int, default=8, help="records to retrieve (default 8)")
    p.add_argument("--max-tokens", type=int, default=200, help="longest answer in tokens (default 200)")
    p.add_argument("--n-ctx", type=int, default=4096, help="model context window (default 4096)")
    p.set_defaults(func=run)


def _citation_lines(answer) -> list[str]:
    lines = []
    for c in answer.citations:
        mark = "*" if c.cited else " "
        who = f" · {c.author}" if c.author else ""   # a profile field, a group, a page: no author to name
        lines.append(f" {mark}[{c.n}] record {c.record_id} · {c.platform} {c.kind} · {fmt_ts(c.ts_ms)}{who}")
        if c.snippet:
            lines.append(f"      {c.snippet}")
    return lines


def run(args: argparse.Namespace) -> int:
    from desktop_app.core.assistant.ask import Done, ask
    from desktop_app.core.llm.catalog import open_engine

    json_mode = getattr(args, "json", False)
    with open_from_args(args) as vault:
        engine = open_engine(vault, args.model, n_ctx=args.n_ctx)   # not started: only open questions load it
        try:
            answer = None
            # Only the checked answer is printed: exact and extractive answers come at once, and an
            # open answer is shown after its sentences were checked against the records, never streamed.
            for ev in ask(vault, args.question, engine=engine, conversation_id=args.conversation,
                          show_prompt=args.show_prompt, limit=args.limit, max_tokens=args.max_tokens):
                if isinstance(ev, Done):
                    answer = ev.answer
        finally:
            engine.close()
    assert answer is not None
    if json_mode:
        emit(args, {"ok": True, **answer.to_dict()})
        return 0
    print(answer.text)
    lines = []
    if answer.basis:
        lines.append(f"({answer.basis})")
    looking = (answer.plan or {}).get("looking_for")
    if looking:
        lines.append(f"Looked for: {looking}")
    if answer.prompt:
        lines += ["", "--- prompt ---", answer.prompt, "--- end of prompt ---"]
    if answer.citations:
        related = all(c.related for c in answer.citations)
        head = "Related records (near the question, but none answers it):" if related else \
            "Sources (* = cited in the answer):"
        lines += ["", head, *_citation_lines(answer)]
    for w in answer.warnings:
        lines.append(f"note: {w}")
    t = answer.timings
    if answer.model:
        sha = (answer.model_sha256 or "")[:16]
        speed = f", {t['tokens_per_s']:.1f} tok/s" if t.get("tokens_per_s") else ""
        lines += ["", f"Model: {answer.model} (sha256 {sha}…){speed}"]
    lines.append(f"Time: {t.get('total_s', 0):.2f} s; conversation {answer.conversation_id}, answer {answer.id}")
    print("\n".join(lines))
    return 0
