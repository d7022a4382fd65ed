"""The sentence embedder in a child process, so torch never loads inside the window's process.

Measured: loading torch + all-MiniLM-L6-v2 on a worker thread froze the event loop for up to
430 ms (C-extension initialisation holds the GIL). In a child the window only waits on a pipe.
Same interface as ``core.retrieval.embedder.SentenceEmbedder`` (``name``, ``dim``, ``encode``,
``encode_query``); the child runs ``desktop_app.ui.embed_worker`` with the egress guard on.

Frames: 4-byte big-endian length + pickle, both ways (our own child: trusted).
"""

from __future__ import annotations

import os
import pickle
import struct
import subprocess
import sys
import threading
from typing import Any, Sequence

from desktop_app.core.errors import ModelError

NAME = "all-MiniLM-L6-v2"
DIM = 384


def _read_exact(fd: int, n: int) -> bytes:
    buf = bytearray()
    while len(buf) < n:
        chunk = os.read(fd, n - len(buf))
        if not chunk:
            raise EOFError
        buf += chunk
    return bytes(buf)


def send(stream, obj: Any) -> None:
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(struct.pack(">I", len(data)) + data)
    stream.flush()


def recv(fd: int) -> Any:
    (n,) = struct.unpack(">I", _read_exact(fd, 4))
    return pickle.loads(_read_exact(fd, n))


class ChildEmbedder:
    """Starts the child on first use; one request at a time; ``close()`` ends it."""

    name = NAME
    dim = DIM

    def __init__(self) -> None:
        self._proc: subprocess.Popen | None = None
        self._lock = threading.Lock()

    def _ensure(self) -> subprocess.Popen:
        if self._proc is None or self._proc.poll() is not None:
            env = dict(os.environ, PYTHONUNBUFFERED="1")
            self._proc = subprocess.Popen([sys.executable, "-m", "desktop_app.ui.embed_worker"], stdin=subprocess.PIPE,
                                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
        return self._proc

    def _call(self, op: str, payload: Any) -> Any:
        with self._lock:
            proc = self._ensure()
            try:
                send(proc.stdin, (op, payload))
                kind, value = recv(proc.stdout.fileno())
            except (EOFError, BrokenPipeError, OSError):
                self._kill()
                raise ModelError("The embedding model stopped unexpectedly; try again.") from None
        if kind == "error":
            raise ModelError(value)
        return value

    def encode(self, texts: Sequence[str]):
        return self._call("encode", list(texts))

    def encode_query(self, text: str):
        return self._call("query", text)

    def _kill(self) -> None:
        if self._proc is not None:
            try:
                self._proc.kill()
                self._proc.wait(5)
            except Exception:  # noqa: BLE001 - it is going away either way
                pass
            self._proc = None

    def close(self) -> None:
        with self._lock:
            if self._proc is not None and self._proc.poll() is None:
                try:
                    self._proc.stdin.close()
                    self._proc.wait(5)
                except Exception:  # noqa: BLE001
                    self._kill()
            self._proc = None

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None


def default_embedder() -> Any:
    """The embedder the window uses: the child-process one when the model is installed, else None."""
    from desktop_app.core.models import default_embedder_path

    return ChildEmbedder() if default_embedder_path() is not None else None
