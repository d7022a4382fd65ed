"""The hostile-input table of the report: each broken input through the real CLI, with its exit
code, message, peak RSS and time. Run: ``.venv/bin/python -m tests.importers.hostile_table``."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.importers import hostile_inputs

PASSPHRASE = "hostile table passphrase"


def _run(argv: list[str], env: dict) -> tuple[int, str, float, float]:
    t0 = time.monotonic()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - t0
    err = proc.stderr.read().strip()
    proc.stdout.read()
    return os.waitstatus_to_exitcode(status), err, usage.ru_maxrss / 1024, wall


def rows() -> list[tuple[str, int, str, float, float]]:
    """(input, exit code, message, peak RSS MB, seconds) for every broken input, into a fresh vault."""
    root = Path(tempfile.mkdtemp(prefix="hearth-hostile-"))
    inputs = hostile_inputs.build(root / "in")
    env = {**os.environ, "HEARTH_HOME": str(root / "profile"), "HEARTH_PASSPHRASE": PASSPHRASE}
    py = [sys.executable, "-m", "desktop_app"]
    subprocess.run(py + ["init", "--passphrase"], env=env, capture_output=True, text=True)
    out = []
    for name, path in inputs.items():
        code, err, rss, wall = _run(py + ["import", str(path), "--no-embed"], env)
        out.append((name, code, err.replace("hearth: error: ", ""), rss, wall))
    code, err, rss, wall = _run(py + ["forget", "--record", "999999", "--yes"], env)
    out.append(("forget --record 999999", code, err.replace("hearth: error: ", ""), rss, wall))
    import shutil

    shutil.rmtree(root, ignore_errors=True)
    return out


def table() -> str:
    lines = ["| input | exit | message | peak RSS | time |", "|---|---:|---|---:|---:|"]
    lines += [f"| {n} | {c} | {m} | {r:.0f} MB | {w:.2f} s |" for n, c, m, r, w in rows()]
    return "\n".join(lines)


if __name__ == "__main__":
    print(table())
