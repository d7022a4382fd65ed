"""A small GGUF header reader: metadata and tensor shapes without loading the model.

Large arrays (the tokenizer vocabulary) are skipped, not decoded, so reading a header takes
milliseconds even for multi-GB files.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

MAGIC = b"GGUF"

_SCALARS = {0: "<B", 1: "<b", 2: "<H", 3: "<h", 4: "<I", 5: "<i", 6: "<f", 7: "<?", 10: "<Q", 11: "<q", 12: "<d"}
_STRING, _ARRAY = 8, 9
MAX_KEEP_ARRAY = 64  # arrays longer than this are skipped (only their length is kept)

# llama.cpp's general.file_type values (LLAMA_FTYPE_*).
FILE_TYPES = {
    0: "F32", 1: "F16", 2: "Q4_0", 3: "Q4_1", 7: "Q8_0", 8: "Q5_0", 9: "Q5_1", 10: "Q2_K", 11: "Q3_K_S",
    12: "Q3_K_M", 13: "Q3_K_L", 14: "Q4_K_S", 15: "Q4_K_M", 16: "Q5_K_S", 17: "Q5_K_M", 18: "Q6_K",
    19: "IQ2_XXS", 20: "IQ2_XS", 21: "Q2_K_S", 22: "IQ3_XS", 23: "IQ3_XXS", 24: "IQ1_S", 25: "IQ4_NL",
    26: "IQ3_S", 27: "IQ3_M", 28: "IQ2_S", 29: "IQ2_M", 30: "IQ4_XS", 31: "IQ1_M", 32: "BF16",
    36: "TQ1_0", 37: "TQ2_0", 38: "MXFP4",
}


class GGUFError(ValueError):
    """Not a GGUF file, or a damaged header."""


@dataclass
class GGUFHeader:
    version: int
    metadata: dict[str, Any] = field(default_factory=dict)
    n_tensors: int = 0
    n_params: int = 0
    tensor_types: dict[int, int] = field(default_factory=dict)   # ggml type -> element count

    @property
    def arch(self) -> str:
        return str(self.metadata.get("general.architecture", ""))

    def arch_value(self, key: str, default: Any = None) -> Any:
        return self.metadata.get(f"{self.arch}.{key}", default)


def _read(fh: BinaryIO, n: int) -> bytes:
    b = fh.read(n)
    if len(b) != n:
        raise GGUFError("truncated GGUF header")
    return b


def _u32(fh: BinaryIO) -> int:
    return struct.unpack("<I", _read(fh, 4))[0]


def _u64(fh: BinaryIO) -> int:
    return struct.unpack("<Q", _read(fh, 8))[0]


def _string(fh: BinaryIO, keep: bool = True) -> str | None:
    n = _u64(fh)
    if n > 1 << 26:
        raise GGUFError("implausible string length in GGUF header")
    if not keep:
        fh.seek(n, 1)
        return None
    return _read(fh, n).decode("utf-8", "replace")


def _value(fh: BinaryIO, vtype: int, keep: bool = True) -> Any:
    if vtype in _SCALARS:
        fmt = _SCALARS[vtype]
        return struct.unpack(fmt, _read(fh, struct.calcsize(fmt)))[0]
    if vtype == _STRING:
        return _string(fh, keep)
    if vtype == _ARRAY:
        etype = _u32(fh)
        count = _u64(fh)
        keep_items = keep and count <= MAX_KEEP_ARRAY
        if etype in _SCALARS and not keep_items:
            fh.seek(struct.calcsize(_SCALARS[etype]) * count, 1)
            return {"array_len": count}
        items = [_value(fh, etype, keep_items) for _ in range(count)]
        return items if keep_items else {"array_len": count}
    raise GGUFError(f"unknown GGUF value type {vtype}")


def read_header(path: str | Path) -> GGUFHeader:
    with open(path, "rb") as fh:
        if fh.read(4) != MAGIC:
            raise GGUFError("not a GGUF file")
        version = _u32(fh)
        if version < 2:
            raise GGUFError(f"GGUF version {version} is too old")
        n_tensors, n_kv = _u64(fh), _u64(fh)
        if n_kv > 100_000 or n_tensors > 1_000_000:
            raise GGUFError("implausible GGUF header counts")
        head = GGUFHeader(version=version, n_tensors=n_tensors)
        for _ in range(n_kv):
            key = _string(fh)
            assert key is not None  # kept (keep=True)
            head.metadata[key] = _value(fh, _u32(fh))
        for _ in range(n_tensors):
            _string(fh, keep=False)
            n_dims = _u32(fh)
            if n_dims > 8:
                raise GGUFError("implausible tensor rank")
            count = 1
            for _ in range(n_dims):
                count *= _u64(fh)
            ttype = _u32(fh)
            _u64(fh)  # offset
            head.n_params += count
            head.tensor_types[ttype] = head.tensor_types.get(ttype, 0) + count
    return head
