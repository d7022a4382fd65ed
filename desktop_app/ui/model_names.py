"""Language models named as people know them: family, size, quantisation ("SmolLM2 135M (Q4_1)").

GGUF file names and ``general.name`` fields are written for machines
("SmolLM2-135M-Instruct.Q4_1.gguf", "Smollm2 135M 8k Lc100K Mix1 Ep2"); the window shows the
family with its version, the parameter count and the quantisation, and keeps the file name for
the details line.
"""

from __future__ import annotations

import re

# Lower-case spelling -> how the makers write it. Longest first, so "smollm2" wins over "smollm".
FAMILIES = {
    "smollm3": "SmolLM3", "smollm2": "SmolLM2", "smollm": "SmolLM", "tinyllama": "TinyLlama",
    "llama": "Llama", "qwen3": "Qwen3", "qwen2.5": "Qwen2.5", "qwen2": "Qwen2", "qwen": "Qwen",
    "phi": "Phi", "gemma": "Gemma", "mistral": "Mistral", "mixtral": "Mixtral", "deepseek": "DeepSeek",
    "olmo": "OLMo", "granite": "Granite", "falcon": "Falcon", "stablelm": "StableLM", "openchat": "OpenChat",
}
_SIZE = re.compile(r"^(\d+x)?(\d+(?:\.\d+)?)([mb])$", re.I)
_QUANT = re.compile(r"^(i?q\d(?:_[a-z0-9]+)*|f16|bf16|f32)$", re.I)
_VERSION = re.compile(r"^\d+(\.\d+)?$")


def _tokens(name: str) -> list[str]:
    # The catalog writes "general.name (file.gguf)": the file name is the more reliable of the two.
    m = re.search(r"\(([^()]*\.gguf)\)\s*$", name.strip(), flags=re.I)
    name = m.group(1) if m else name.strip()
    name = name.rsplit("/", 1)[-1]
    name = re.sub(r"\.gguf$", "", name, flags=re.I)
    # Split on separators, but keep version dots ("3.2", "2.5") and quant underscores (Q4_K_M).
    return [t for t in re.split(r"[\s\-]+|(?<=[a-z])\.(?=[a-z])|(?<=[a-z0-9])\.(?=[iqfb]+\d)", name, flags=re.I) if t]


def friendly_name(name: str, *, quantization: str = "", parameters: str = "") -> str:
    """``"SmolLM2-135M-Instruct.Q4_1.gguf"`` -> ``"SmolLM2 135M (Q4_1)"``; unknown names are tidied only."""
    if not name:
        return "the built-in model"
    tokens = _tokens(name)
    family = ""
    size = parameters.strip()
    quant = quantization.strip().upper()
    for i, tok in enumerate(tokens):
        low = tok.lower()
        if not family:
            for key in sorted(FAMILIES, key=len, reverse=True):
                if low.startswith(key):
                    rest = tok[len(key):].strip("-_")
                    family = FAMILIES[key] + (rest if _VERSION.match(rest or "x") or rest.startswith(".") else "")
                    if i + 1 < len(tokens) and _VERSION.match(tokens[i + 1]) and not rest:
                        family += f" {tokens[i + 1]}"
                    break
            if family:
                continue
        if not size and _SIZE.match(tok):
            m = _SIZE.match(tok)
            size = f"{m.group(1) or ''}{m.group(2)}{m.group(3).upper()}"
        elif not quant and _QUANT.match(tok):
            quant = tok.upper()
    if not family:
        family = tokens[0] if tokens else name
    out = family + (f" {size}" if size else "")
    return out + (f" ({quant})" if quant else "")
