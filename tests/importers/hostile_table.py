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


# Runs the CLI as ``python -m desktop_app`` does, then writes the process's own peak RSS (VmHWM)
# to stderr. ru_maxrss from wait4 would not do: it keeps the high-water mark of the forked copy
# of the caller from before exec (the bench process, hundreds of MB).
_WRAP = ("import atexit, runpy, sys\n"
         "def _hwm():\n"
         "    kb = [l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM:')]\n"
         "    sys.stderr.write('\\nHWM ' + (kb[0] if kb else '0') + '\\n')\n"
         "atexit.register(_hwm)\n"
         "sys.argv = ['hearth'] + sys.argv[1:]\n"
         "runpy.run_module('desktop_app', run_name='__main__')\n")


def _run(args: list[str], env: dict) -> tuple[int, str, float, float]:
    t0 = time.monotonic()
    r = subprocess.run([sys.executable, "-c", _WRAP, *args], capture_output=True, text=True, env=env)
    wall = time.monotonic() - t0
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    hwm = [ln for ln in lines if ln.startswith("HWM ")]
    err = "\n".join(ln for ln in lines if not ln.startswith("HWM "))
    return r.returncode, err, (int(hwm[-1].split()[1]) / 1024 if hwm else 0.0), wall


def rows() -> list[tuple[str, int, str, float, float]]:
    """(input, exit code, message, peak RSS MB, seconds) for every broken input, into a fresh vault."""
    root = Path(tempfile.mkdtemp(prefix="hearth-hostile-"))
    inputs = hostile_inputs.build(root / "in")
    env = {**os.environ, "HEARTH_HOME": str(root / "profile"), "HEARTH_PASSPHRASE": PASSPHRASE}
    subprocess.run([sys.executable, "-m", "desktop_app", "init", "--passphrase"], env=env, capture_output=True,
                   text=True)
    out = []
    for name, path in inputs.items():
        code, err, rss, wall = _run(["import", str(path), "--no-embed"], env)
        out.append((name, code, err.replace("hearth: error: ", ""), rss, wall))
    code, err, rss, wall = _run(["forget", "--record", "999999", "--yes"], env)
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
