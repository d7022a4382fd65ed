"""GGUF header reading and model discovery (LM Studio, GPT4All, Ollama, llama.cpp cache); never loads a model."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from desktop_app.core import models
from desktop_app.core.errors import ModelError
from desktop_app.core.llm import catalog, gguf
from tests.llm.ggufgen import write_gguf


def test_header_fields(tmp_path):
    p = write_gguf(tmp_path / "a.gguf", name="Tiny", ctx=2048, vocab=300)
    h = gguf.read_header(p)
    assert h.arch == "llama" and h.metadata["general.name"] == "Tiny"
    assert h.metadata["tokenizer.ggml.tokens"] == {"array_len": 300}
    assert h.n_params == 64 * 300 + 64 * 64
    info = catalog.model_info(p)
    assert info.quantization == "Q4_K_M" and info.context_length == 2048 and info.chat_template
    assert info.memory_bytes and info.memory_bytes > info.size_bytes and info.n_ctx == 2048


@pytest.mark.parametrize("data", [b"", b"GGML1234", b"GGUF\x03\x00\x00\x00" + b"\xff" * 16, b"GGUF\x03\x00\x00\x00"])
def test_bad_headers(tmp_path, data):
    p = tmp_path / "bad.gguf"
    p.write_bytes(data)
    with pytest.raises(gguf.GGUFError):
        gguf.read_header(p)
    assert catalog.model_info(p).error


def test_no_template_warns(tmp_path):
    info = catalog.model_info(write_gguf(tmp_path / "raw.gguf", template=None))
    assert not info.chat_template and any("chat template" in w for w in info.warnings)


def test_discovery_in_other_apps_folders(tmp_path):
    home = Path(os.environ["HOME"])
    write_gguf(home / ".lmstudio/models/lmstudio-community/Foo-GGUF/foo-Q4_K_M.gguf", name="Foo")
    write_gguf(home / ".local/share/nomic.ai/GPT4All/gpt4all-bar.gguf", name="Bar")
    write_gguf(home / ".cache/llama.cpp/baz.gguf", name="Baz")
    write_gguf(home / ".lmstudio/models/x/mmproj-vision.gguf", name="Projector")  # not a chat model
    blob = write_gguf(home / ".ollama/models/blobs/sha256-abc123", name="Qux")
    mf = home / ".ollama/models/manifests/registry.ollama.ai/library/qux/7b"
    mf.parent.mkdir(parents=True)
    mf.write_text(json.dumps({"layers": [{"mediaType": "application/vnd.ollama.image.model", "digest": "sha256:abc123"},
                                         {"mediaType": "application/vnd.ollama.image.template", "digest": "sha256:x"}]}))
    found = {m.source: m for m in catalog.discover_models() if m.source != "embedded"}
    assert set(found) == {"lmstudio", "gpt4all", "llama.cpp", "ollama"}
    assert found["ollama"].name == "qux:7b" and Path(found["ollama"].path) == blob
    assert "Foo" in found["lmstudio"].name
    assert not any("Projector" in m.name for m in found.values())


def test_choose_and_check(vault, tmp_path):
    p = write_gguf(tmp_path / "pick.gguf")
    choice = catalog.choose_model(vault, p)
    assert catalog.chosen_model(vault) == (str(p.resolve()), catalog.file_sha256(p))
    assert choice["sha256"] == catalog.file_sha256(p)
    with pytest.raises(ModelError):
        catalog.choose_model(vault, tmp_path / "missing.gguf")
    (tmp_path / "notgguf.gguf").write_bytes(b"hello")
    with pytest.raises(ModelError):
        catalog.choose_model(vault, tmp_path / "notgguf.gguf")


def test_default_model_hash_from_package_record():
    path = models.default_llm_path()
    if path is None:
        pytest.skip("default model not installed")
    assert catalog.default_model_sha256() == catalog.file_sha256(path)
    info = catalog.model_info(path)
    assert info.chat_template and info.quantization == "Q4_1" and info.parameters_label == "135M"


def test_memory_check_refuses_huge(tmp_path, monkeypatch):
    p = write_gguf(tmp_path / "big.gguf")
    monkeypatch.setattr(catalog.sysinfo, "memory_total_bytes", lambda: 1000)
    with pytest.raises(ModelError):
        catalog.check_memory(p, 4096)
