"""The one language model in memory (GPT4All's model store idea): loaded lazily on the ML pool.

Qt-free; the GUI reads its settings on the GUI thread and passes them in as ``EngineChoice``.
"""

from __future__ import annotations

import os
import threading
from typing import Any, NamedTuple

from desktop_app.core.errors import ModelError

STUB = "stub"


class EngineChoice(NamedTuple):  # (not a dataclass: the window imports this before its first frame)
    path: str = ""          # "" = the embedded default; "stub" = StubEngine (HEARTH_DEV=1 only)
    n_ctx: int = 4096
    n_threads: int = 0      # 0 = physical cores


class EngineSlot:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._engine: Any = None
        self._choice: EngineChoice | None = None

    def get(self, choice: EngineChoice) -> Any:
        """The engine for ``choice``, (re)loading it when the choice changed. ML pool only."""
        with self._lock:
            if self._engine is not None and self._choice == choice:
                return self._engine
            self._close_locked()
            self._engine = _load(choice)
            self._choice = choice
            return self._engine

    def set(self, engine: Any, choice: EngineChoice | None = None) -> None:
        """Install an engine (tests, or the demo's stub)."""
        with self._lock:
            self._close_locked()
            self._engine = engine
            self._choice = choice or EngineChoice(path=STUB)

    def close(self) -> None:
        with self._lock:
            self._close_locked()

    def _close_locked(self) -> None:
        eng, self._engine, self._choice = self._engine, None, None
        closer = getattr(eng, "close", None)
        if callable(closer):
            try:
                closer()
            except Exception:  # noqa: BLE001 - the child process is going away anyway
                pass

    @property
    def loaded(self) -> bool:
        return self._engine is not None


def _load(choice: EngineChoice) -> Any:
    from desktop_app.core.llm import engine as engine_mod  # on the ML pool, not the GUI thread

    if choice.path == STUB or (not choice.path and os.environ.get("HEARTH_UI_STUB_ENGINE") == "1"):
        return engine_mod.StubEngine()
    path = choice.path
    if not path:
        from desktop_app.core.models import default_llm_path

        p = default_llm_path()
        if p is None:
            raise ModelError("No language model is installed; pick a GGUF file in Settings.")
        path = str(p)
    if not os.path.isfile(path):
        raise ModelError("The chosen model file is missing; pick another in Settings.")
    kwargs: dict[str, Any] = {"n_ctx": choice.n_ctx}
    if choice.n_threads:
        kwargs["n_threads"] = choice.n_threads
    return engine_mod.LlamaEngine(path, **kwargs)
