"""Benchmark of the desktop package: size of dist/hearth and start time of the frozen binary vs. the venv."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "dist" / "hearth"
BINARY = APP / "hearth"
RUNS = 5


def _size(path: Path) -> tuple[int, int]:
    total = files = 0
    for p in path.rglob("*"):
        if p.is_file() and not p.is_symlink():
            total += p.stat().st_size
            files += 1
    return total, files


def _biggest(path: Path, n: int = 6) -> list[tuple[str, int]]:
    """Largest top-level parts of _internal/, to show where the bytes go."""
    internal = path / "_internal"
    sizes = []
    for child in internal.iterdir() if internal.is_dir() else []:
        if child.is_symlink():
            continue
        s = _size(child)[0] if child.is_dir() else child.stat().st_size
        sizes.append((child.name, s))
    return sorted(sizes, key=lambda x: -x[1])[:n]


def _time(cmd: list[str], env: dict[str, str], cwd: str) -> float:
    """Median wall time of `cmd` over RUNS runs (first run discarded as a cache warm-up)."""
    times = []
    for i in range(RUNS + 1):
        t0 = time.perf_counter()
        subprocess.run(cmd, env=env, cwd=cwd, check=True, capture_output=True)
        if i:
            times.append(time.perf_counter() - t0)
    return statistics.median(times)


def run() -> str:
    lines = ["## package", ""]
    if not BINARY.is_file():
        lines.append("dist/hearth is missing: run `make package` (python packaging/build.py) first; nothing measured.")
        return "\n".join(lines) + "\n"
    total, files = _size(APP)
    tarballs = sorted((ROOT / "dist").glob("hearth-*-linux-*.tar.gz"))
    with tempfile.TemporaryDirectory() as tmp:
        clean = {"HOME": tmp, "PATH": "/usr/bin:/bin", "QT_QPA_PLATFORM": "offscreen", "HEARTH_HOME": f"{tmp}/p"}
        frozen = _time([str(BINARY), "--version"], clean, tmp)
        venv_env = dict(os.environ, HEARTH_HOME=f"{tmp}/p")
        venv = _time([sys.executable, "-m", "desktop_app", "--version"], venv_env, tmp)
        # The self-test end to end, once, frozen: what a user's first "does it work" costs.
        t0 = time.perf_counter()
        st = subprocess.run([str(BINARY), "--self-test", "--json"], env=clean, cwd=tmp, capture_output=True, text=True)
        selftest_s = time.perf_counter() - t0
    lines += [
        f"One-folder PyInstaller build `dist/hearth/` (Linux {os.uname().machine}), models included.",
        "",
        "| measure | value |",
        "| --- | --- |",
        f"| dist/hearth size | {total / 2**20:.0f} MiB in {files} files |",
    ]
    for tb in tarballs:
        lines.append(f"| {tb.name} | {tb.stat().st_size / 2**20:.0f} MiB |")
    lines += [
        f"| `hearth --version`, frozen (median of {RUNS}) | {frozen * 1000:.0f} ms |",
        f"| `hearth --version`, from the venv (median of {RUNS}) | {venv * 1000:.0f} ms |",
        f"| frozen / venv start time | {frozen / venv:.2f}x |",
        f"| frozen `--self-test` end to end (exit {st.returncode}) | {selftest_s:.1f} s |",
        "",
        "Largest parts of `_internal/`: " + ", ".join(f"{n} {s / 2**20:.0f} MiB" for n, s in _biggest(APP)) + ".",
    ]
    return "\n".join(lines) + "\n"
