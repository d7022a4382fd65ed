"""The benchmark harness behind ``make bench``: runs ``tests/bench/bench_*.py`` and writes BENCHMARKS.md.

Each module defines ``run() -> str`` returning a Markdown section. Figures are reported as a
ratio against a baseline measured in the same process, because the machines are noisy.
``python -m tests.bench import search`` runs only the named modules; their sections replace
the old ones in BENCHMARKS.md and the others are kept.
"""

from __future__ import annotations

import datetime as dt
import importlib
import os
import platform
import re
import sys
import time
import traceback
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("HEARTH_DEV", "1")

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "BENCHMARKS.md"
MARK = "<!-- bench:{name} -->"


def _modules() -> list[str]:
    return sorted(p.stem[len("bench_"):] for p in Path(__file__).parent.glob("bench_*.py"))


def _existing_sections() -> dict[str, str]:
    if not OUT.exists():
        return {}
    text = OUT.read_text("utf-8")
    out = {}
    for m in re.finditer(r"<!-- bench:(\w+) -->\n(.*?)(?=<!-- bench:|\Z)", text, re.S):
        out[m.group(1)] = m.group(2).rstrip() + "\n"
    return out


def main(argv: list[str]) -> int:
    from desktop_app.core.privacy import egress
    from desktop_app.core import sysinfo

    egress.install()
    wanted = argv or _modules()
    sections = _existing_sections()
    failed = 0
    for name in wanted:
        mod = importlib.import_module(f"tests.bench.bench_{name}")
        t0 = time.perf_counter()
        print(f"== bench {name} ...", flush=True)
        try:
            body = mod.run()
        except Exception:  # noqa: BLE001 - a failing benchmark is reported, the others still run
            failed += 1
            body = f"## {name}\n\nFAILED:\n\n```\n{traceback.format_exc()[-2000:]}\n```\n"
        sections[name] = body.rstrip() + f"\n\n_{name}: {time.perf_counter() - t0:.0f} s, run {dt.date.today()}_\n"
        print(sections[name])
    feats = ", ".join(k for k, v in sysinfo.cpu_features().items() if v)
    head = (f"# Benchmarks\n\nWritten by `make bench` (`python -m tests.bench`). Machine: {platform.machine()}, "
            f"{os.cpu_count()} CPUs ({sysinfo.physical_cores()} physical cores; {feats}), Python {sys.version.split()[0]}.\n"
            "Each figure is compared with a baseline run in the same process.\n\n")
    OUT.write_text(head + "".join(MARK.format(name=n) + "\n" + sections[n] + "\n" for n in sorted(sections)), "utf-8")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
