"""What a GGUF file is, without loading it: its sha256 and the memory it needs.

A leaf of the llm package (gguf headers, the machine's memory, nothing else), so the engine can
check a file before loading it without importing the catalog, which imports the engine.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from desktop_app.core import sysinfo
from desktop_app.core.errors import ModelError
from desktop_app.core.llm import gguf

_OVERHEAD_BYTES = 96 << 20  # runtime, compute buffers and the worker's Python


def file_sha256(path: str | Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def estimate_memory(head: gguf.GGUFHeader, size_bytes: int, n_ctx: int) -> int:
    """Weights (mapped file) + f16 KV cache for ``n_ctx`` + logits + fixed overhead."""
    n_layer = int(head.arch_value("block_count", 0) or 0)
    n_embd = int(head.arch_value("embedding_length", 0) or 0)
    n_head = int(head.arch_value("attention.head_count", 1) or 1)
    n_head_kv = head.arch_value("attention.head_count_kv", n_head)
    if isinstance(n_head_kv, list):  # per-layer counts in some architectures
        n_head_kv = max(n_head_kv) if n_head_kv else n_head
    n_head_kv = int(n_head_kv or n_head)
    k_dim = int(head.arch_value("attention.key_length", 0) or (n_embd // max(1, n_head)))
    v_dim = int(head.arch_value("attention.value_length", 0) or k_dim)
    kv = n_layer * n_ctx * n_head_kv * (k_dim + v_dim) * 2
    vocab = head.arch_value("vocab_size") or (head.metadata.get("tokenizer.ggml.tokens") or {}).get("array_len", 32000)
    logits = int(vocab) * 512 * 4
    return int(size_bytes + kv + logits + _OVERHEAD_BYTES)


def check_memory(path: str | Path, n_ctx: int) -> None:
    """Refuse to load a model that clearly cannot fit, instead of letting the OOM killer decide."""
    try:
        head = gguf.read_header(path)
    except gguf.GGUFError as exc:
        raise ModelError(f"{Path(path).name} is not a usable GGUF model ({exc}).") from None
    except OSError:
        raise ModelError(f"The model file {path} cannot be read.") from None
    need = estimate_memory(head, Path(path).stat().st_size, n_ctx)
    total = sysinfo.memory_total_bytes()
    if total and need > total:
        raise ModelError(f"{Path(path).name} needs about {need / 2**30:.1f} GiB but this machine has "
                         f"{total / 2**30:.1f} GiB; pick a smaller model or a smaller context.")
