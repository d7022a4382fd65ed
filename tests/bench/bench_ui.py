"""Cold start of the desktop window vs a bare PySide6 window, both in fresh processes in the same run.

Each figure is the wall time from spawning ``python`` to the first shown window (the child
prints a marker from the event loop's first turn and exits). Target: < 1.5 s and <= 2x bare.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BARE = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget
import os
app = QApplication([])
w = QWidget(); w.resize(1180, 760); w.show()
def done():
    sys.stdout.write("HEARTH_SHOWN\\n"); sys.stdout.flush(); os._exit(0)
QTimer.singleShot(0, done)
app.exec()
"""

HEARTH = """
import sys
from pathlib import Path
from desktop_app.ui.app import run_gui
run_gui(Path(sys.argv[1]), passphrase="bench passphrase")
"""

FORBIDDEN = ("torch", "sentence_transformers", "llama_cpp", "transformers")


_PYCACHE = tempfile.mkdtemp(prefix="hearth-bench-pycache-")


def _env() -> dict[str, str]:
    env = dict(os.environ)
    # Installed apps run from compiled bytecode: let the warm-up run write it (outside the repo).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = _PYCACHE
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["HEARTH_GUI_EXIT_AFTER_SHOW"] = "1"
    env["HEARTH_NO_ERROR_DIALOGS"] = "1"
    return env


def _time(code: str, *args: str) -> float:
    return _time_cmd([sys.executable, "-c", code, *args])


def _time_cmd(cmd: list[str], env: dict[str, str] | None = None, marker: str = "HEARTH_SHOWN",
              timeout: int = 60) -> float:
    t0 = time.perf_counter()
    out = subprocess.run(cmd, capture_output=True, text=True, env=env or _env(), timeout=timeout)
    dt = time.perf_counter() - t0
    if marker not in out.stdout:
        raise RuntimeError(f"{marker} not reported (rc={out.returncode}): {out.stderr[-500:]}")
    return dt


def first_run(rounds: int = 3) -> dict[str, float | str]:
    """``hearth demo`` on a fresh profile (what ``make run`` runs once set up): window, then usable pages."""
    hearth = str(Path(sys.executable).parent / "hearth")
    shown, ready, make_shown = [], [], []
    root = Path(__file__).resolve().parents[2]
    # `make run` with the environment installed: -o keeps make from reinstalling when another file
    # listed in the stamp's prerequisites (pyproject.toml, Makefile) was touched since setup.
    make_ok = (root / ".venv" / ".hearth-installed").exists()
    for _ in range(rounds):
        with tempfile.TemporaryDirectory() as tmp:
            env = dict(_env(), HEARTH_HOME=str(Path(tmp) / "demo"))
            shown.append(_time_cmd([hearth, "demo"], env))
            if make_ok:
                make_shown.append(_time_cmd(["make", "-s", "-C", str(root), "-o", ".venv/.hearth-installed", "run"], env))
            env.pop("HEARTH_GUI_EXIT_AFTER_SHOW")
            env["HEARTH_GUI_EXIT_WHEN_READY"] = "1"
            ready.append(_time_cmd([hearth, "demo", "--no-embed"], env, marker="HEARTH_READY", timeout=300))
    # Once: the real embedding model prepares search by meaning (and the profile) behind the window.
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(_env(), HEARTH_HOME=str(Path(tmp) / "demo"), HEARTH_GUI_EXIT_WHEN_READY="indexed")
        env.pop("HEARTH_GUI_EXIT_AFTER_SHOW")
        indexed = _time_cmd([hearth, "demo"], env, marker="HEARTH_INDEXED", timeout=600)
    return {"shown_s": min(shown), "ready_s": min(ready), "indexed_s": indexed,
            "make_s": min(make_shown) if make_shown else "",
            "shown_median_s": statistics.median(shown), "ready_median_s": statistics.median(ready)}


def heavy_modules_at_startup(profile: Path) -> list[str]:
    code = HEARTH.replace('run_gui(', 'import atexit\nrun_gui(').replace(
        "from desktop_app.ui.app import run_gui",
        "from desktop_app.ui import app as _a\n"
        "_orig = _a._report_shown_and_exit\n"
        "def _rep():\n    print('MODS', ','.join(m for m in sys.modules if m.split('.')[0] in %r))\n    _orig()\n"
        "_a._report_shown_and_exit = _rep\nrun_gui = _a.run_gui" % (FORBIDDEN,))
    out = subprocess.run([sys.executable, "-c", code, str(profile)], capture_output=True, text=True, env=_env(), timeout=60)
    for line in out.stdout.splitlines():
        if line.startswith("MODS"):
            return [m for m in line[5:].split(",") if m]
    return []


def measure(rounds: int = 7) -> dict[str, float | list[str]]:
    from desktop_app.core.store.vault import create_vault

    with tempfile.TemporaryDirectory() as tmp:
        profile = Path(tmp) / "profile"
        create_vault(profile, passphrase="bench passphrase").lock()
        _time(BARE)  # warm the OS file cache and the bytecode cache for both
        _time(HEARTH, str(profile))
        _time(HEARTH, str(profile))
        bare, hearth = [], []
        for _ in range(rounds):
            bare.append(_time(BARE))
            hearth.append(_time(HEARTH, str(profile)))
        heavy = heavy_modules_at_startup(profile)
    # Best of N: other processes on a shared 2-core machine only ever add time.
    b, h = min(bare), min(hearth)
    return {"bare_s": b, "hearth_s": h, "ratio": h / b, "heavy_modules": heavy,
            "bare_median_s": statistics.median(bare), "hearth_median_s": statistics.median(hearth)}


def run() -> str:
    load_before = os.getloadavg()[0]
    m = measure()
    fr = first_run()
    load_after = os.getloadavg()[0]
    ok = m["hearth_s"] < 1.5 and m["ratio"] <= 2.0 and not m["heavy_modules"]
    med_ratio = m["hearth_median_s"] / m["bare_median_s"]
    return (
        "## ui\n\nCold start to a shown window (fresh process each, best of 7 alternating runs, offscreen; "
        "medians in brackets):\n\n"
        "| window | seconds | vs bare |\n|---|---|---|\n"
        f"| bare PySide6 QWidget | {m['bare_s']:.3f} ({m['bare_median_s']:.3f}) | 1.00x |\n"
        f"| Hearth main window (vault on disk, unlock starts after the first frame) | {m['hearth_s']:.3f} "
        f"({m['hearth_median_s']:.3f}) | {m['ratio']:.2f}x ({m['hearth_median_s'] / m['bare_median_s']:.2f}x) |\n\n"
        f"Heavy ML modules imported at startup: {', '.join(m['heavy_modules']) or 'none'}. "
        f"Target < 1.5 s and <= 2x bare: {'met' if ok else 'NOT met'} (best of 7)"
        f"{'' if med_ratio <= 2.0 else '; the median ratio is above 2x'}. "
        f"1-minute load average {load_before:.1f} before, {load_after:.1f} after (2 cores, shared).\n\n"
        "First run of the demo on a fresh profile (environment installed; best of 3, medians in brackets). "
        "The window comes first and builds the demo behind a progress screen; search by meaning is prepared "
        "after that in the background (the issue measured 75 s of nothing before this change):\n\n"
        "| from the command to | seconds |\n|---|---|\n"
        f"| first shown window, `hearth demo` | {fr['shown_s']:.2f} ({fr['shown_median_s']:.2f}) |\n"
        + (f"| first shown window, `make run` | {fr['make_s']:.2f} |\n" if fr["make_s"] != "" else
           "| first shown window, `make run` | not measured: the environment is not installed |\n")
        + f"| demo imported, Chat page usable | {fr['ready_s']:.2f} ({fr['ready_median_s']:.2f}) |\n"
        f"| profile derived and search by meaning ready (background, real models, one run) | {fr['indexed_s']:.1f} |\n"
    )


if __name__ == "__main__":  # pragma: no cover
    print(run())
