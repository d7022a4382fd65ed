"""``hearth models``: language models found on this machine, and choosing one."""

from __future__ import annotations

import argparse

from desktop_app.cli._output import add_common, emit


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("models", help="list usable GGUF models (never downloads) or choose one")
    add_common(p)
    p.add_argument("action", nargs="?", default="list", choices=("list", "info", "choose"))
    p.add_argument("path", nargs="?", help="a .gguf file (for info/choose)")
    p.add_argument("--n-ctx", type=int, default=4096, help="context window used for the memory estimate")
    p.set_defaults(func=run)


def _gib(n: int | None) -> str:
    return "?" if not n else f"{n / 2**30:.2f} GiB"


def _line(m) -> str:
    if m.error:
        return f"- {m.name} [{m.source}] {m.path}\n    unreadable: {m.error}"
    ctx = m.context_length or "?"
    tmpl = "chat template" if m.chat_template else "NO chat template"
    s = (f"- {m.name} [{m.source}]\n    {m.path}\n    {m.arch} {m.parameters_label or '?'} params, {m.quantization}, "
         f"context {ctx}, {tmpl}, file {_gib(m.size_bytes)}, needs ~{_gib(m.memory_bytes)} at n_ctx={m.n_ctx}")
    for w in m.warnings or []:
        s += f"\n    warning: {w}"
    return s


def run(args: argparse.Namespace) -> int:
    from desktop_app.core.errors import KnownError
    from desktop_app.core.llm import catalog

    if args.action in ("info", "choose") and not args.path:
        raise KnownError(f"'hearth models {args.action}' needs a .gguf path.")
    if args.action == "choose":
        from desktop_app.cli._vault import open_from_args

        with open_from_args(args) as vault:
            choice = catalog.choose_model(vault, args.path)
        emit(args, {"ok": True, "chosen": choice}, f"Chosen: {choice['path']}\nsha256 {choice['sha256']}")
        return 0
    if args.action == "info":
        m = catalog.model_info(args.path, n_ctx=args.n_ctx, with_hash=True)
        emit(args, {"ok": m.error is None, "model": m.to_dict()}, _line(m) + f"\n    sha256 {m.sha256}")
        return 0
    found = catalog.discover_models(n_ctx=args.n_ctx)
    text = "\n".join(_line(m) for m in found) if found else "No GGUF models found (the default model is not installed)."
    emit(args, {"ok": True, "models": [m.to_dict() for m in found]}, text)
    return 0
