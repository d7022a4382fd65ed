"""Child process behind ``embed_child.ChildEmbedder``: loads the embedder and answers encode requests."""

from __future__ import annotations

import sys


def main() -> int:
    from desktop_app.core.privacy import egress, hygiene

    egress.install()
    hygiene.harden_process()
    from desktop_app.ui.embed_child import recv, send

    out = sys.stdout.buffer
    sys.stdout = sys.stderr  # library chatter must never corrupt the frames
    embedder = None
    while True:
        try:
            op, payload = recv(sys.stdin.fileno())
        except EOFError:
            return 0
        try:
            if embedder is None:
                from desktop_app.core.retrieval.embedder import get_embedder

                embedder = get_embedder()
            if op == "encode":
                send(out, ("ok", embedder.encode(payload)))
            elif op == "query":
                enc = getattr(embedder, "encode_query", None)
                send(out, ("ok", enc(payload) if enc else embedder.encode([payload])[0]))
            else:
                send(out, ("error", f"unknown request {op!r}"))
        except Exception as exc:  # noqa: BLE001 - reported to the parent as one line, no text
            msg = getattr(exc, "user_message", None) or f"The embedding model failed ({type(exc).__name__})."
            send(out, ("error", msg))


if __name__ == "__main__":
    raise SystemExit(main())
