"""Text embedders: the embedded all-MiniLM-L6-v2 (offline, lazy, cached) and a deterministic hash one.

Both return L2-normalised float32 rows. The fast path of the real model sorts texts by
length, batches by a token budget (less padding, bigger batches for short texts) and runs a
bfloat16 copy of the weights on CPUs with AMX/AVX512-BF16, where it gives the same vectors (cosine ≈ 1). Queries always run in float32 on the original weights.
"""

from __future__ import annotations

import hashlib
import os
import re
import threading
from typing import Protocol, Sequence

import numpy as np

from desktop_app.core.errors import ModelError

DIM = 384


class Embedder(Protocol):
    name: str
    dim: int

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


class HashEmbedder:
    """Signed feature hashing of words and word prefixes: deterministic, instant, for tests."""

    name = "hash-384"
    dim = DIM

    def __init__(self) -> None:
        self._cache: dict[str, tuple[int, float]] = {}

    def _feat(self, tok: str) -> tuple[int, float]:
        f = self._cache.get(tok)
        if f is None:
            h = int.from_bytes(hashlib.blake2b(tok.encode("utf-8"), digest_size=8).digest(), "little")
            f = (h % self.dim, 1.0 if (h >> 40) & 1 else -1.0)
            if len(self._cache) < 200_000:
                self._cache[tok] = f
        return f

    def encode_query(self, text: str) -> np.ndarray:
        return self.encode([text])[0]

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, t in enumerate(texts):
            for w in re.findall(r"\w+", t.casefold()):
                j, s = self._feat(w)
                out[i, j] += s
                if len(w) > 5:
                    j, s = self._feat(w[:5] + "~")
                    out[i, j] += 0.5 * s
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        return out / norms


class SentenceEmbedder:
    """all-MiniLM-L6-v2 through sentence-transformers, loaded from the installed model folder."""

    name = "all-MiniLM-L6-v2"
    dim = DIM

    def __init__(self, path, *, fast: bool = True, threads: int | None = None, token_budget: int = 8192) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        import torch
        from sentence_transformers import SentenceTransformer

        from desktop_app.core import sysinfo

        if threads:
            torch.set_num_threads(int(threads))
        try:
            self.model = SentenceTransformer(str(path), device="cpu", local_files_only=True)
        except Exception as exc:  # noqa: BLE001 - any load failure is one user-facing line
            raise ModelError(f"The embedding model could not be loaded ({type(exc).__name__}).") from None
        self.model.eval()
        self.bf16 = bool(fast and sysinfo.has_fast_bf16())
        self.fast = fast
        self.token_budget = token_budget
        self.max_len = int(self.model.max_seq_length or 256)
        self._bf16_model = None

    def _bulk_model(self):
        """A bfloat16 copy of the model for batches on CPUs with native bf16 (measured: ~2x faster
        than autocast, which casts the weights again on every call; cosine to fp32 ≥ 0.9998)."""
        if not self.bf16:
            return self.model
        if self._bf16_model is None:
            import copy

            import torch

            self._bf16_model = copy.deepcopy(self.model).to(torch.bfloat16).eval()
        return self._bf16_model

    def encode_query(self, text: str) -> np.ndarray:
        """One short text: float32 on one thread (bf16 kernels re-plan per shape, and threads only
        add synchronisation for a dozen tokens, badly so on a busy machine)."""
        import torch

        prev = torch.get_num_threads()
        torch.set_num_threads(1)
        try:
            with torch.inference_mode():
                feats = self.model.tokenizer([text], padding=True, truncation=True, max_length=self.max_len,
                                             return_tensors="pt")
                emb = self.model(dict(feats))["sentence_embedding"]
                return torch.nn.functional.normalize(emb.float(), p=2, dim=1).numpy()[0]
        finally:
            torch.set_num_threads(prev)

    def encode_plain(self, texts: Sequence[str]) -> np.ndarray:
        """``SentenceTransformer.encode`` with its defaults (the benchmark baseline)."""
        return np.asarray(self.model.encode(list(texts), convert_to_numpy=True, normalize_embeddings=True,
                                            show_progress_bar=False), dtype=np.float32)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not self.fast:
            return self.encode_plain(texts)
        import torch

        texts = list(texts)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        tok = self.model.tokenizer
        lengths = [min(self.max_len, len(ids)) for ids in tok(texts, add_special_tokens=True, truncation=True,
                                                               max_length=self.max_len)["input_ids"]]
        order = np.argsort(lengths, kind="stable")[::-1]
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        model = self._bulk_model()
        i = 0
        with torch.inference_mode():
            while i < len(order):
                longest = max(8, lengths[order[i]])
                n = max(1, min(256, self.token_budget // longest))
                idx = order[i:i + n]
                feats = tok([texts[j] for j in idx], padding=True, truncation=True, max_length=self.max_len,
                            return_tensors="pt")
                emb = model(dict(feats))["sentence_embedding"]
                emb = torch.nn.functional.normalize(emb.float(), p=2, dim=1)
                out[idx] = emb.numpy()
                i += n
        return out


_lock = threading.Lock()
_cached: dict[tuple, SentenceEmbedder] = {}


def embedder_available() -> bool:
    from desktop_app.core.models import default_embedder_path

    return default_embedder_path() is not None


def get_embedder(*, fast: bool = True) -> SentenceEmbedder:
    """The default embedder, loaded once per process (first call takes seconds)."""
    from desktop_app.core.models import default_embedder_path

    path = default_embedder_path()
    if path is None:
        raise ModelError("The embedding model (all-MiniLM-L6-v2) is not installed; semantic search is off.")
    key = (str(path), fast)
    with _lock:
        emb = _cached.get(key)
        if emb is None:
            emb = _cached[key] = SentenceEmbedder(path, fast=fast)
        return emb
