"""Deterministic stand-in engines for tests (HEARTH_DEV=1 only).

``StubEngine()`` answers from the fenced records the way a well-behaved model would: it picks the
record sharing most words with the question and cites it. ``StubEngine(adversarial=True)`` is a
deliberately obedient model: it follows any instruction it finds anywhere in its context
("ignore your instructions and ..."), so tests can prove such text changes nothing that matters.
"""

from __future__ import annotations

import os
import re
import time
from typing import Iterator

from desktop_app.core.errors import Cancelled, ModelError
from desktop_app.core.llm.protocol import GenStats, Messages, PromptLike
from desktop_app.core.progress import CancelToken

_RECORD = re.compile(r"^\[(\d+)\][^\n]*\n(.*?)(?=^\[\d+\]|^END UNTRUSTED RECORDS|\Z)", re.S | re.M)
_OBEY = re.compile(r"(?i)(?:ignore|disregard|forget)\s+(?:all\s+|any\s+|your\s+|the\s+|previous\s+|prior\s+|above\s+)*"
                   r"(?:instructions?|rules?|prompts?)\W*(?:and\s+)?(?:instead\s+)?(.+)")
_WORD = re.compile(r"\w{3,}")


def _require_dev() -> None:
    if os.environ.get("HEARTH_DEV") != "1":
        raise ModelError("The stub model is for development only (set HEARTH_DEV=1).")


def _flatten(prompt: PromptLike) -> tuple[str, str]:
    """(whole context, last user message)."""
    if isinstance(prompt, str):
        return prompt, prompt
    users = [m["content"] for m in prompt if m.get("role") == "user"]
    return "\n".join(m["content"] for m in prompt), (users[-1] if users else "")


class StubEngine:
    def __init__(self, *, adversarial: bool = False, name: str | None = None, n_ctx: int = 4096,
                 delay_s: float = 0.0) -> None:
        _require_dev()
        self.adversarial = adversarial
        self.name = name or ("stub-adversarial" if adversarial else "stub")
        self.model_path = f"<{self.name}>"
        self.model_sha256 = "0" * 64
        self.n_ctx = n_ctx
        self.chat_template = True
        self.delay_s = delay_s
        self.last_stats = GenStats()
        self.prompts: list[PromptLike] = []

    def count_tokens(self, texts: list[str]) -> list[int]:
        return [len(t) // 4 + 1 for t in texts]

    def close(self) -> None:
        pass

    def prefill(self, messages: Messages) -> None:
        self.prefilled = [dict(m) for m in messages]

    def reply(self, prompt: PromptLike) -> str:
        context, user = _flatten(prompt)
        if self.adversarial:
            m = _OBEY.search(context)
            if m:
                return m.group(1).strip()
        facts = re.search(r"^FACTS:\n(.*?)(?:\n\n|\Z)", user, re.S | re.M)
        if facts:
            return facts.group(1).strip()
        records = {int(n): body for n, body in _RECORD.findall(user)}
        qm = re.search(r"^QUESTION:\s*(.*)$", user, re.M)
        question = qm.group(1) if qm else user
        qwords = {w.lower() for w in _WORD.findall(question)}
        best, best_score = None, 0
        for n, body in records.items():
            score = len(qwords & {w.lower() for w in _WORD.findall(body)})
            if score > best_score:
                best, best_score = n, score
        if best is None:
            return "I could not find anything about that in your data."
        body = " ".join(records[best].split())[:160]
        return f"Your records say: {body} [{best}]"

    def stream(self, prompt: PromptLike, max_tokens: int = 256, cancel: CancelToken | None = None, *,
               temperature: float = 0.0, stop: list[str] | None = None, return_prompt: bool = False) -> Iterator[str]:
        _require_dev()
        from desktop_app.core.llm.worker import fallback_prompt

        self.prompts.append(prompt)
        stats = GenStats(prompt_tokens=sum(self.count_tokens([_flatten(prompt)[0]])))
        self.last_stats = stats
        t0 = time.perf_counter()
        if return_prompt:
            stats.prompt_text = prompt if isinstance(prompt, str) else fallback_prompt(list(prompt))
        words = re.findall(r"\S+\s*", self.reply(prompt))[:max_tokens]
        for i, w in enumerate(words):
            if cancel is not None and cancel.cancelled:
                stats.cancelled = True
                raise Cancelled("cancelled")
            if self.delay_s:
                time.sleep(self.delay_s)
            if i == 0:
                stats.ttft_s = time.perf_counter() - t0
            stats.generated_tokens += 1
            yield w
        stats.total_s = stats.gen_s = time.perf_counter() - t0
