"""Facts about this machine and installation, for ``hearth doctor`` and the Settings page."""

from __future__ import annotations

import importlib.metadata as md
import os
import platform
import sys
from pathlib import Path


def cpu_flags() -> set[str]:
    try:
        text = Path("/proc/cpuinfo").read_text()
    except OSError:
        return set()
    for line in text.splitlines():
        if line.startswith("flags"):
            return set(line.split(":", 1)[1].split())
    return set()


def physical_cores() -> int:
    """Physical cores (threads for llama.cpp); falls back to logical CPUs."""
    try:
        text = Path("/proc/cpuinfo").read_text()
        pairs = set()
        phys = core = None
        for line in text.splitlines():
            if line.startswith("physical id"):
                phys = line.split(":")[1].strip()
            elif line.startswith("core id"):
                core = line.split(":")[1].strip()
                pairs.add((phys, core))
        if pairs:
            return max(1, min(len(pairs), len(os.sched_getaffinity(0))))
    except (OSError, AttributeError):
        pass
    return max(1, os.cpu_count() or 1)


def cpu_features() -> dict[str, bool]:
    flags = cpu_flags()
    return {name: name in flags for name in ("avx2", "avx512f", "avx512_bf16", "amx_tile", "amx_bf16", "amx_int8", "f16c", "fma")}


def has_fast_bf16() -> bool:
    f = cpu_flags()
    return "amx_bf16" in f or "avx512_bf16" in f


def version_of(dist: str) -> str | None:
    try:
        return md.version(dist)
    except md.PackageNotFoundError:
        return None


def versions() -> dict[str, str | None]:
    from desktop_app import __version__

    out: dict[str, str | None] = {"hearth": __version__, "python": sys.version.split()[0], "platform": platform.platform()}
    for dist in ("sqlcipher3", "PySide6-Essentials", "llama-cpp-python", "sentence-transformers", "torch", "keyring", "numpy"):
        out[dist] = version_of(dist)
    return out


def memory_total_bytes() -> int | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return None


def memory_available_bytes() -> int | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return None
