"""The llama.cpp child process: JSON lines in on stdin, JSON lines out on a private copy of stdout.

Run as ``python -m desktop_app.core.llm.worker``. A native crash here kills only this process;
the parent (``engine.LlamaEngine``) reports it and can start a new one. The Llama object lives
as long as the process, so llama-cpp-python's prompt-prefix match reuses the KV cache of the
fixed prefix (instructions + profile) between questions.

Requests: {"op": "load", "path", "n_ctx", "n_threads"} | {"op": "gen", "id", "messages" | "prompt",
"max_tokens", "temperature", "stop", "return_prompt"} | {"op": "count", "texts"} | {"op": "cancel", "id"}
| {"op": "prefill", "messages"} (no reply) | {"op": "quit"}. Replies carry "ev": loaded | tok | done | counts
| error.
"""

from __future__ import annotations

import json
import os
import queue
import sys
import threading
import time
from typing import Any, Iterable, TextIO

FALLBACK_STOP = ["\n### User:", "\n### System:"]


def _patch_model_params() -> None:
    """Turn off llama.cpp's CPU "extra buffer" (AMX repacking) path: it segfaults on these Xeons.

    ``use_extra_bufts`` is not a Llama() keyword in 0.3.36; Llama copies its model params from
    ``llama_model_default_params()`` looked up on the module it imported, so patch it there.
    """
    import llama_cpp.llama as llama_mod

    low = llama_mod.llama_cpp
    if getattr(low.llama_model_default_params, "_hearth_patched", False):
        return
    original = low.llama_model_default_params

    def patched() -> Any:
        params = original()
        if hasattr(params, "use_extra_bufts"):
            params.use_extra_bufts = False
        return params

    patched._hearth_patched = True  # type: ignore[attr-defined]
    low.llama_model_default_params = patched


def fallback_prompt(messages: list[dict[str, str]]) -> str:
    """A plain prompt format for models that carry no chat template."""
    parts = []
    for m in messages:
        role = {"system": "System", "user": "User", "assistant": "Assistant"}.get(m.get("role", "user"), "User")
        parts.append(f"### {role}:\n{m.get('content', '')}\n")
    parts.append("### Assistant:\n")
    return "\n".join(parts)


def neutralize(text: str, specials: list[str]) -> str:
    """Break control-token strings inside content so tokenizing with special=True cannot create them."""
    for s in specials:
        if len(s) > 1 and s in text:
            text = text.replace(s, s[0] + " " + s[1:])
    return text


class Worker:
    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.llm: Any = None        # llama_cpp.Llama once loaded
        self.formatter: Any = None  # its chat template, when the model has one
        self.specials: list[str] = []
        self.cancelled: set[int] = set()
        self.inbox: "queue.Queue[dict[str, Any] | None]" = queue.Queue()
        self.lock = threading.Lock()

    def send(self, obj: dict[str, Any]) -> None:
        with self.lock:
            self.out.write(json.dumps(obj, ensure_ascii=False) + "\n")
            self.out.flush()

    # -- commands ------------------------------------------------------------------------------
    def load(self, req: dict[str, Any]) -> None:
        t0 = time.perf_counter()
        _patch_model_params()
        import llama_cpp
        from llama_cpp.llama_chat_format import Jinja2ChatFormatter

        llm = llama_cpp.Llama(model_path=req["path"], n_ctx=int(req.get("n_ctx", 4096)),
                              n_threads=int(req["n_threads"]), n_threads_batch=int(req["n_threads"]),
                              n_batch=int(req.get("n_batch", 512)), verbose=False)
        model = llm._model
        specials = set()
        for tok in range(model.n_vocab()):
            if model.token_get_attr(tok) & llama_cpp.LLAMA_TOKEN_ATTR_CONTROL:
                with_text = model.token_get_text(tok)
                if with_text:
                    specials.add(with_text)
        self.specials = sorted(specials, key=len, reverse=True)
        template = llm.metadata.get("tokenizer.chat_template")
        if template:
            eos, bos = llm.token_eos(), llm.token_bos()
            self.formatter = Jinja2ChatFormatter(
                template=template, eos_token=model.token_get_text(eos) if eos != -1 else "",
                bos_token=model.token_get_text(bos) if bos != -1 else "", stop_token_ids=[eos])
        self.llm = llm
        self.send({"ev": "loaded", "info": {
            "n_ctx": llm.n_ctx(), "chat_template": bool(template),
            "n_threads": int(req["n_threads"]), "load_s": time.perf_counter() - t0}})

    def render(self, req: dict[str, Any]) -> tuple[list[int], list[str], str]:
        llm = self.llm
        if "prompt" in req:
            text = req["prompt"]
            return llm.tokenize(text.encode("utf-8"), add_bos=True, special=False), list(req.get("stop") or []), text
        messages = [{"role": m["role"], "content": neutralize(m["content"], self.specials)} for m in req["messages"]]
        stop = list(req.get("stop") or [])
        if self.formatter is not None:
            res = self.formatter(messages=messages)
            text = res.prompt
            tokens = llm.tokenize(text.encode("utf-8"), add_bos=not res.added_special, special=True)
            stop += [s for s in ([res.stop] if isinstance(res.stop, str) else (res.stop or [])) if s]
        else:
            text = fallback_prompt(messages)
            tokens = llm.tokenize(text.encode("utf-8"), add_bos=True, special=False)
            stop += FALLBACK_STOP
        return tokens, stop, text

    def generate(self, req: dict[str, Any]) -> None:
        gid = int(req["id"])
        t0 = time.perf_counter()
        tokens, stop, text = self.render(req)
        n_prompt = len(tokens)
        max_tokens = int(req.get("max_tokens", 256))
        room = self.llm.n_ctx() - n_prompt
        if room <= 8:
            self.send({"ev": "error", "id": gid, "kind": "too_long",
                       "message": f"prompt of {n_prompt} tokens does not fit the {self.llm.n_ctx()}-token window"})
            return
        max_tokens = min(max_tokens, room)
        cached = self.llm.longest_token_prefix(self.llm._input_ids.tolist(), tokens)
        first = None
        n_gen = 0
        cancelled = False
        stream = self.llm.create_completion(
            prompt=tokens, max_tokens=max_tokens, temperature=float(req.get("temperature", 0.0)),
            top_k=int(req.get("top_k", 40)), top_p=float(req.get("top_p", 0.95)),
            repeat_penalty=float(req.get("repeat_penalty", 1.1)), stop=stop or None, stream=True,
            seed=int(req.get("seed", 1234)))
        for chunk in stream:
            self._drain()
            if gid in self.cancelled:
                cancelled = True
                break
            piece = chunk["choices"][0]["text"]
            n_gen += 1
            if first is None:
                first = time.perf_counter()
            if piece:
                self.send({"ev": "tok", "id": gid, "t": piece})
        stream.close()
        end = time.perf_counter()
        stats = {"prompt_tokens": n_prompt, "cached_tokens": cached, "generated_tokens": n_gen,
                 "ttft_s": (first - t0) if first else None,
                 "gen_s": (end - first) if first else 0.0, "total_s": end - t0, "cancelled": cancelled}
        done: dict[str, Any] = {"ev": "done", "id": gid, "stats": stats}
        if req.get("return_prompt"):
            done["prompt_text"] = text
        self.send(done)

    def prefix_tokens(self, messages: list[dict[str, str]]) -> list[int]:
        """Tokens every prompt starting with ``messages`` shares, whatever its last user message holds.

        The last message's content is the start of every question's user message; rendering it with
        two different endings and keeping the common tokens gives a prefix that is byte-identical
        to the start of the real prompt, whichever chat template the model has.
        """
        a = [dict(m) for m in messages]
        b = [dict(m) for m in messages]
        a[-1]["content"] += "\nA1"
        b[-1]["content"] += "\nZ9"
        ta, _, _ = self.render({"messages": a})
        tb, _, _ = self.render({"messages": b})
        n = self.llm.longest_token_prefix(ta, tb)
        return ta[:max(0, n - 1)]  # the last shared token may merge with what follows; leave it out

    def prefill(self, req: dict[str, Any]) -> None:
        """Evaluate the fixed prefix (instructions, profile) into the KV cache before a question needs it."""
        tokens = self.prefix_tokens(req["messages"])
        llm = self.llm
        common = llm.longest_token_prefix(llm._input_ids.tolist(), tokens)
        if common >= len(tokens):
            return
        llm.n_tokens = common  # eval() drops the KV cache from here on
        llm.eval(tokens[common:])

    def count(self, req: dict[str, Any]) -> None:
        llm = self.llm
        counts = [len(llm.tokenize(t.encode("utf-8"), add_bos=False, special=False)) for t in req["texts"]]
        self.send({"ev": "counts", "n": counts})

    # -- plumbing ------------------------------------------------------------------------------
    def _drain(self) -> None:
        """Apply cancels that arrived while generating; keep other requests for later."""
        keep = []
        while True:
            try:
                req = self.inbox.get_nowait()
            except queue.Empty:
                break
            if req is not None and req.get("op") == "cancel":
                self.cancelled.add(int(req["id"]))
            else:
                keep.append(req)
        for req in keep:
            self.inbox.put(req)

    def reader(self, stream: Iterable[str]) -> None:
        for line in stream:
            line = line.strip()
            if not line:
                continue
            try:
                req = json.loads(line)
            except ValueError:
                continue
            if req.get("op") == "cancel":
                self.cancelled.add(int(req["id"]))
            self.inbox.put(req)
        self.inbox.put(None)

    def serve(self) -> None:
        while True:
            req = self.inbox.get()
            if req is None or req.get("op") == "quit":
                return
            op = req.get("op")
            try:
                if op == "load":
                    self.load(req)
                elif op == "gen":
                    if self.llm is None:
                        raise RuntimeError("no model loaded")
                    self.generate(req)
                elif op == "count":
                    self.count(req)
                elif op == "prefill":
                    if self.llm is not None:
                        try:
                            self.prefill(req)
                        except Exception:  # noqa: BLE001 - a warm-up only; the question itself reports errors
                            pass
                elif op == "crash" and os.environ.get("HEARTH_DEV") == "1":
                    os.abort()  # test hook: a native-style crash
            except Exception as exc:  # noqa: BLE001 - reported to the parent, which raises ModelError
                self.send({"ev": "error", "id": req.get("id"), "kind": op or "?",
                           "message": f"{type(exc).__name__}: {str(exc)[:300]}"})


def main() -> int:
    # Keep a private copy of stdout for the protocol and point fd 1 at stderr, so anything
    # native code prints cannot corrupt the JSON stream.
    proto = os.fdopen(os.dup(1), "w", encoding="utf-8", buffering=1)
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    try:
        from desktop_app.core.privacy import egress

        egress.set_offline_env()
        egress.install()
    except Exception:  # noqa: BLE001 - the guard is defence in depth; llama.cpp has no network code
        pass
    worker = Worker(proto)
    threading.Thread(target=worker.reader, args=(sys.stdin,), daemon=True).start()
    worker.serve()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
