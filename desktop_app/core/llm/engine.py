"""LLM engines: ``LlamaEngine`` runs llama.cpp in a child process; ``StubEngine`` is for tests.

The child process (``desktop_app.core.llm.worker``) speaks JSON lines over pipes. A native crash
or an out-of-memory kill there surfaces here as a one-line ``ModelError``; the next call starts a
fresh child. Cancel is cooperative between tokens and becomes a kill when the child does not
answer in time (e.g. stuck in a long prompt evaluation).
"""

from __future__ import annotations

import atexit
import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
import weakref
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator, Literal, overload

from desktop_app.core import sysinfo
from desktop_app.core.errors import Cancelled, ModelError
from desktop_app.core.llm.protocol import Engine, GenStats, Messages, PromptLike
from desktop_app.core.llm.stub import StubEngine
from desktop_app.core.progress import CancelToken

# Re-exported: callers name every engine's types, and the test engine, through this module.
__all__ = ["CANCEL_GRACE_S", "Engine", "GenStats", "LlamaEngine", "Messages", "PromptLike", "StubEngine",
           "threads_for_load"]

CANCEL_GRACE_S = 2.0


def _signal_name(code: int) -> str:
    try:
        return signal.Signals(-code).name
    except ValueError:
        return f"signal {-code}"


def _worker_cmd() -> list[str]:
    if getattr(sys, "frozen", False):  # a packaged app re-enters itself in worker mode
        return [sys.executable, "--hearth-llm-worker"]
    return [sys.executable, "-m", "desktop_app.core.llm.worker"]


@dataclass
class _Child:
    proc: subprocess.Popen
    lines: "queue.Queue[dict[str, Any] | None]" = field(default_factory=queue.Queue)
    stderr_tail: deque = field(default_factory=lambda: deque(maxlen=40))
    expected_exit: bool = False


def threads_for_load() -> int:
    """llama.cpp threads: the physical cores, minus those other work is using right now.

    Its threads spin-wait for each other at every step, so one thread more than the free cores
    makes every step wait on a descheduled thread: on 2 busy cores generation fell from 86 to
    0.5-2.5 tok/s with both cores as threads. Fewer threads lose a little on an idle machine and
    keep generation going on a busy one.
    """
    cores = sysinfo.physical_cores()
    try:
        load = os.getloadavg()[0]
    except (AttributeError, OSError):   # not on this platform
        return cores
    free = (os.cpu_count() or cores) - load
    return max(1, min(cores, int(free + 0.5)))


class LlamaEngine:
    """llama.cpp in a child process, loaded once and kept warm.

    ``expected_sha256`` (the hash recorded when the user chose the model) is checked while the
    child loads; a mismatch stops the child before any generation.
    """

    def __init__(self, model_path: str | os.PathLike, *, n_ctx: int = 4096, n_threads: int | None = None,
                 expected_sha256: str | None = None, n_batch: int = 512, load_timeout_s: float = 120.0) -> None:
        self.model_path = str(Path(model_path).expanduser().resolve())
        self.name = Path(self.model_path).name
        self.n_ctx = int(n_ctx)
        self.n_threads = int(n_threads or threads_for_load())
        self.n_batch = int(n_batch)
        self.expected_sha256 = expected_sha256
        self.model_sha256: str | None = None
        self.chat_template = True
        self.load_timeout_s = load_timeout_s
        self.last_stats = GenStats()
        self.load_s: float | None = None
        self.restarts = 0
        self._child: _Child | None = None
        self._started = False
        self._gen_id = 0
        self._lock = threading.RLock()
        _LIVE.add(self)

    # -- lifecycle -------------------------------------------------------------------------------
    @property
    def alive(self) -> bool:
        return self._child is not None and self._child.proc.poll() is None

    @property
    def pid(self) -> int | None:
        return self._child.proc.pid if self._child else None

    def start(self) -> None:
        """Start the child and load the model (no-op when already running)."""
        with self._lock:
            if self.alive:
                return
            if self._child is not None:
                # The child died on its own (crash, OOM kill) since the last call: report it once;
                # the call after this one starts a fresh child.
                expected = self._child.expected_exit
                err = None if expected else self._death_error()
                self._reap()
                self._child = None
                if err is not None:
                    raise err
            if self._started:
                self.restarts += 1
            self._started = True
            if not Path(self.model_path).is_file():
                raise ModelError(f"The model file {self.model_path} does not exist.")
            from desktop_app.core.llm import modelfile   # not catalog: catalog imports this module

            modelfile.check_memory(self.model_path, self.n_ctx)
            hasher = _HashThread(self.model_path)
            hasher.start()
            env = dict(os.environ)
            env.setdefault("OMP_NUM_THREADS", str(self.n_threads))
            proc = subprocess.Popen(_worker_cmd(), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                    stderr=subprocess.PIPE, env=env, text=True, encoding="utf-8", bufsize=1)
            child = _Child(proc)
            threading.Thread(target=_pump_stdout, args=(child,), daemon=True).start()
            threading.Thread(target=_pump_stderr, args=(child,), daemon=True).start()
            self._child = child
            t0 = time.perf_counter()
            self._send({"op": "load", "path": self.model_path, "n_ctx": self.n_ctx, "n_threads": self.n_threads,
                        "n_batch": self.n_batch})
            msg = self._next(timeout=self.load_timeout_s, what="loading the model")
            if msg.get("ev") != "loaded":
                self._kill()
                raise ModelError(f"The model could not be loaded ({msg.get('message', 'unknown error')[:200]}).")
            info = msg["info"]
            self.n_ctx = int(info["n_ctx"])
            self.chat_template = bool(info["chat_template"])
            hasher.join()
            if hasher.error:
                self._kill()
                raise ModelError(f"The model file could not be read ({hasher.error}).")
            self.model_sha256 = hasher.digest
            if self.expected_sha256 and self.expected_sha256 != self.model_sha256:
                self._kill()
                raise ModelError("The model file changed since it was chosen (its sha256 differs); "
                                 "choose it again in Settings or with --model if you trust it.")
            self.load_s = time.perf_counter() - t0

    def restart(self) -> None:
        with self._lock:
            self._kill()
            self.start()

    def close(self) -> None:
        with self._lock:
            if self._child is None:
                return
            try:
                self._send({"op": "quit"})
                self._child.proc.wait(timeout=3)
            except Exception:  # noqa: BLE001 - closing must not fail; kill instead
                pass
            self._kill()
            self._child = None

    def __enter__(self) -> "LlamaEngine":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __del__(self) -> None:  # pragma: no cover - best effort
        try:
            if sys.is_finalizing():
                # The pipe pumps are daemon threads frozen mid-read: closing their pipes now aborts
                # the interpreter ("could not acquire lock ... at interpreter shutdown"). The child
                # is all that needs to go; the pipes close with the process.
                child = self._child
                if child is not None and child.proc.poll() is None:
                    child.proc.kill()
                return
            self.close()
        except Exception:  # noqa: BLE001
            pass

    # -- work ------------------------------------------------------------------------------------
    def count_tokens(self, texts: list[str]) -> list[int]:
        with self._lock:
            self.start()
            self._send({"op": "count", "texts": list(texts)})
            # generous: on 2 busy cores the child can wait minutes for a core (seen at load 10)
            msg = self._next(timeout=max(180.0, self.load_timeout_s), what="counting tokens")
            if msg.get("ev") != "counts":
                raise ModelError("The model could not count tokens.")
            return [int(n) for n in msg["n"]]

    def prefill(self, messages: Messages) -> None:
        """Start evaluating the fixed start of the coming prompts (``messages``; the last one is the
        start of the user message) into the child's KV cache, and return at once.

        The child works while the caller retrieves records; the next ``stream`` or
        ``count_tokens`` waits for it in the child's queue. Starts the child if needed.
        """
        with self._lock:
            self.start()
            self._send({"op": "prefill", "messages": [{"role": m["role"], "content": m["content"]} for m in messages]})

    def stream(self, prompt: PromptLike, max_tokens: int = 256, cancel: CancelToken | None = None, *,
               temperature: float = 0.0, stop: list[str] | None = None, return_prompt: bool = False) -> Iterator[str]:
        """Yield text pieces; raises Cancelled when ``cancel`` fires, ModelError when the child dies."""
        with self._lock:
            self.start()
            self._gen_id += 1
            gid = self._gen_id
            req: dict[str, Any] = {"op": "gen", "id": gid, "max_tokens": int(max_tokens),
                                   "temperature": float(temperature), "stop": list(stop or []),
                                   "return_prompt": bool(return_prompt)}
            if isinstance(prompt, str):
                req["prompt"] = prompt
            else:
                req["messages"] = [{"role": m["role"], "content": m["content"]} for m in prompt]
            stats = GenStats()
            self.last_stats = stats
            t0 = time.perf_counter()
            self._send(req)
            cancel_sent_at: float | None = None
            while True:
                if cancel is not None and cancel.cancelled and cancel_sent_at is None:
                    self._send({"op": "cancel", "id": gid})
                    cancel_sent_at = time.monotonic()
                if cancel_sent_at is not None and time.monotonic() - cancel_sent_at > CANCEL_GRACE_S:
                    self._kill()  # stuck in native code; a fresh child starts on the next call
                    raise Cancelled("cancelled")
                msg = self._next(timeout=0.05, what="answering", poll=True)
                if msg is None:
                    continue
                if msg.get("id") not in (gid, None):
                    continue  # a late message of an earlier, cancelled generation
                ev = msg.get("ev")
                if ev == "tok":
                    if stats.ttft_s is None:
                        stats.ttft_s = time.perf_counter() - t0
                    if cancel_sent_at is None:
                        yield msg["t"]
                elif ev == "done":
                    s = msg["stats"]
                    stats.prompt_tokens = s["prompt_tokens"]
                    stats.cached_tokens = s["cached_tokens"]
                    stats.generated_tokens = s["generated_tokens"]
                    stats.gen_s = s["gen_s"]
                    stats.total_s = time.perf_counter() - t0
                    stats.cancelled = bool(s["cancelled"]) or cancel_sent_at is not None
                    stats.prompt_text = msg.get("prompt_text")
                    if stats.cancelled:
                        raise Cancelled("cancelled")
                    return
                elif ev == "error":
                    if msg.get("kind") == "too_long":
                        raise ModelError("The question and its context do not fit the model's window; "
                                         "ask a shorter question or pick a model with a larger context.")
                    raise ModelError(f"The model failed while answering ({msg.get('message', '')[:200]}).")

    def crash_for_test(self) -> None:
        """Ask the child to abort (HEARTH_DEV only), as a native crash would."""
        self._send({"op": "crash"})

    # -- plumbing --------------------------------------------------------------------------------
    def _send(self, obj: dict[str, Any]) -> None:
        child = self._child
        if child is None or child.proc.poll() is not None:
            raise self._death_error()
        stdin = child.proc.stdin
        assert stdin is not None  # started with stdin=PIPE
        try:
            stdin.write(json.dumps(obj, ensure_ascii=False) + "\n")
            stdin.flush()
        except (BrokenPipeError, OSError):
            raise self._death_error() from None

    @overload
    def _next(self, *, timeout: float, what: str, poll: Literal[False] = ...) -> dict[str, Any]: ...

    @overload
    def _next(self, *, timeout: float, what: str, poll: Literal[True]) -> dict[str, Any] | None: ...

    def _next(self, *, timeout: float, what: str, poll: bool = False) -> dict[str, Any] | None:
        """The child's next message; with ``poll``, None when none came within ``timeout``."""
        child = self._child
        if child is None:
            raise self._death_error()
        try:
            msg = child.lines.get(timeout=timeout)
        except queue.Empty:
            if poll:
                return None
            self._kill()
            raise ModelError(f"The model did not respond while {what}; it was stopped.") from None
        if msg is None:  # stdout closed: the child is gone
            raise self._death_error()
        return msg

    def _death_error(self) -> ModelError:
        child = self._child
        code = None
        if child is not None:
            child.expected_exit = True  # reported now; the next call restarts without a second error
            try:
                code = child.proc.wait(timeout=2)
            except subprocess.TimeoutExpired:
                self._kill()
        if code is not None and code < 0:
            sig = _signal_name(code)
            if sig == "SIGKILL":
                text = "The model process was killed (most likely out of memory)"
            else:
                text = f"The model process crashed ({sig})"
        elif code is not None:
            text = f"The model process exited unexpectedly (code {code})"
        else:
            text = "The model process is not running"
        return ModelError(text + "; it will be restarted on the next question.")

    def _kill(self) -> None:
        child = self._child
        if child is None:
            return
        child.expected_exit = True
        if child.proc.poll() is None:
            child.proc.kill()
            try:
                child.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                pass
        self._reap()

    def _reap(self) -> None:
        child = self._child
        if child is None:
            return
        for f in (child.proc.stdin, child.proc.stdout, child.proc.stderr):
            try:
                if f:
                    f.close()
            except OSError:
                pass


# Engines not closed by their owner are closed at exit, before the interpreter freezes the
# threads that read their pipes (a process that exited with one open aborted with rc 134).
_LIVE: weakref.WeakSet[LlamaEngine] = weakref.WeakSet()


@atexit.register
def _close_live_engines() -> None:
    for eng in list(_LIVE):
        try:
            eng.close()
        except Exception:  # noqa: BLE001 - exiting: nothing more to do for it
            pass


def _pump_stdout(child: _Child) -> None:
    assert child.proc.stdout is not None  # started with stdout=PIPE
    try:
        for line in child.proc.stdout:
            line = line.strip()
            if not line:
                continue
            try:
                child.lines.put(json.loads(line))
            except ValueError:
                continue
    except (OSError, ValueError):
        pass
    child.lines.put(None)


def _pump_stderr(child: _Child) -> None:
    # Drained so the child never blocks on a full pipe; kept short and never logged (could hold text).
    assert child.proc.stderr is not None  # started with stderr=PIPE
    try:
        for line in child.proc.stderr:
            child.stderr_tail.append(line[:200])
    except (OSError, ValueError):
        pass


class _HashThread(threading.Thread):
    def __init__(self, path: str) -> None:
        super().__init__(daemon=True)
        self.path = path
        self.digest: str | None = None
        self.error: str | None = None

    def run(self) -> None:
        from desktop_app.core.llm.modelfile import file_sha256

        try:
            self.digest = file_sha256(self.path)
        except OSError as exc:
            self.error = type(exc).__name__

