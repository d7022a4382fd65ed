"""Write tiny GGUF files (header only, no weights) for catalog and parser tests."""

from __future__ import annotations

import struct
from pathlib import Path


def _s(x: str) -> bytes:
    b = x.encode()
    return struct.pack("<Q", len(b)) + b


def _kv(key: str, value) -> bytes:
    out = _s(key)
    if isinstance(value, bool):
        return out + struct.pack("<I", 7) + struct.pack("<?", value)
    if isinstance(value, int):
        return out + struct.pack("<I", 4) + struct.pack("<I", value)
    if isinstance(value, float):
        return out + struct.pack("<I", 6) + struct.pack("<f", value)
    if isinstance(value, str):
        return out + struct.pack("<I", 8) + _s(value)
    if isinstance(value, list):  # list of strings
        return out + struct.pack("<I", 9) + struct.pack("<IQ", 8, len(value)) + b"".join(_s(v) for v in value)
    raise TypeError(value)


def write_gguf(path: Path, *, name: str = "Tiny", template: str | None = "{{ messages }}", ctx: int = 2048,
               file_type: int = 15, vocab: int = 100, tensors: list[tuple[str, list[int], int]] | None = None) -> Path:
    tensors = tensors or [("token_embd.weight", [64, vocab], 12), ("blk.0.attn_q.weight", [64, 64], 12)]
    meta = {"general.architecture": "llama", "general.name": name, "general.file_type": file_type,
            "llama.context_length": ctx, "llama.block_count": 2, "llama.embedding_length": 64,
            "llama.attention.head_count": 4, "llama.attention.head_count_kv": 2,
            "tokenizer.ggml.tokens": [f"t{i}" for i in range(vocab)]}
    if template is not None:
        meta["tokenizer.chat_template"] = template
    body = b"GGUF" + struct.pack("<IQQ", 3, len(tensors), len(meta))
    body += b"".join(_kv(k, v) for k, v in meta.items())
    for tname, dims, ttype in tensors:
        body += _s(tname) + struct.pack("<I", len(dims)) + b"".join(struct.pack("<Q", d) for d in dims)
        body += struct.pack("<IQ", ttype, 0)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(body + b"\0" * 256)
    return path
