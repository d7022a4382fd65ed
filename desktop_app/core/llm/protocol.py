"""What every language-model engine is and reports: the seam between the assistant and a model.

``LlamaEngine`` (llama.cpp in a child process) and ``StubEngine`` (tests) both satisfy ``Engine``;
this module holds only the shared types, so neither engine imports the other.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator, Protocol, Sequence, Union

from desktop_app.core.progress import CancelToken

Messages = Sequence[dict[str, str]]
PromptLike = Union[str, Messages]


@dataclass
class GenStats:
    """Figures of the last generation (seconds; token counts as llama.cpp sees them)."""

    prompt_tokens: int = 0
    cached_tokens: int = 0
    generated_tokens: int = 0
    ttft_s: float | None = None        # request sent -> first token, measured by the caller
    gen_s: float = 0.0
    total_s: float = 0.0
    cancelled: bool = False
    prompt_text: str | None = None

    @property
    def tokens_per_s(self) -> float | None:
        if self.generated_tokens > 1 and self.gen_s > 0:
            return (self.generated_tokens - 1) / self.gen_s
        return None

    def to_dict(self) -> dict[str, Any]:
        return {"prompt_tokens": self.prompt_tokens, "cached_tokens": self.cached_tokens,
                "generated_tokens": self.generated_tokens, "ttft_s": self.ttft_s, "gen_s": self.gen_s,
                "total_s": self.total_s, "tokens_per_s": self.tokens_per_s, "cancelled": self.cancelled}


class Engine(Protocol):
    name: str
    model_path: str
    model_sha256: str | None
    n_ctx: int
    chat_template: bool
    last_stats: GenStats

    def stream(self, prompt: PromptLike, max_tokens: int = 256, cancel: CancelToken | None = None, *,
               temperature: float = 0.0, stop: list[str] | None = None, return_prompt: bool = False) -> Iterator[str]: ...

    def count_tokens(self, texts: list[str]) -> list[int]: ...

    def close(self) -> None: ...
