"""Build the Linux desktop package: PyInstaller one-folder app, then a tarball with an install script.

Usage (from the repo root, in .venv): ``python packaging/build.py [--skip-freeze] [--no-tarball] [--smoke]``.
Outputs ``dist/hearth/`` and ``dist/hearth-<version>-linux-x86_64.tar.gz``. An AppImage is made
only when ``appimagetool`` is on PATH (no registry this project can use ships it; see README).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PKG = ROOT / "packaging"
DIST = ROOT / "dist"
APP = DIST / "hearth"
APP_ID = "io.hearth.Hearth"
ICON_SIZES = (16, 32, 48, 64, 128, 256, 512)


def version() -> str:
    from desktop_app import __version__

    return __version__


def arch() -> str:
    return {"amd64": "x86_64", "arm64": "aarch64"}.get(platform.machine().lower(), platform.machine().lower())


def du(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def _nice() -> list[str]:
    # Builds share the machine with other work; never take it over.
    return ["nice", "-n", "10"] if shutil.which("nice") else []


def freeze(clean: bool) -> None:
    cmd = [*_nice(), sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
           "--distpath", str(DIST), "--workpath", str(ROOT / "build" / "pyinstaller"),
           str(PKG / "pyinstaller" / "hearth.spec")]
    if clean:
        cmd.insert(cmd.index("--noconfirm"), "--clean")
    print("+", " ".join(cmd), flush=True)
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, cwd=ROOT)
    print(f"PyInstaller done in {time.perf_counter() - t0:.0f} s", flush=True)
    prune(APP)


# Shared libraries shipped with their static symbol table (.symtab): stripping it saves ~90 MB on
# libtorch_cpu alone. Only the listed libraries, and --strip-unneeded keeps the dynamic symbols
# that loading and backtraces use; the frozen self-test (which runs torch) checks the result.
STRIP = ("torch/lib/libtorch_cpu.so", "torch/lib/libtorch_python.so")


def prune(app: Path) -> None:
    """Remove what the spec's filters cannot reach (caches written during analysis), strip big libs."""
    for p in list(app.rglob("__pycache__")):
        shutil.rmtree(p, ignore_errors=True)
    # Top-level links PyInstaller made to libraries the spec dropped (e.g. Qt's VirtualKeyboard) dangle.
    for p in list(app.rglob("*")):
        if p.is_symlink() and not p.exists():
            p.unlink()
    strip = shutil.which("strip")
    for rel in STRIP:
        lib = app / "_internal" / rel
        if strip and lib.is_file():
            before = lib.stat().st_size
            subprocess.run([*_nice(), strip, "--strip-unneeded", str(lib)], check=True)
            print(f"stripped {rel}: {before / 2**20:.0f} -> {lib.stat().st_size / 2**20:.0f} MiB")


def stage_share(dest: Path) -> None:
    """Desktop entry, AppStream metainfo and icons, laid out like $XDG_DATA_HOME."""
    res = ROOT / "resources"
    (dest / "applications").mkdir(parents=True, exist_ok=True)
    (dest / "metainfo").mkdir(parents=True, exist_ok=True)
    shutil.copy2(res / "linux" / f"{APP_ID}.desktop", dest / "applications")
    shutil.copy2(res / "linux" / f"{APP_ID}.metainfo.xml", dest / "metainfo")
    shutil.copytree(res / "icons" / "hicolor", dest / "icons" / "hicolor", dirs_exist_ok=True)


def tarball() -> Path:
    name = f"hearth-{version()}-linux-{arch()}"
    out = DIST / f"{name}.tar.gz"
    with tempfile.TemporaryDirectory(dir=DIST) as tmp:
        top = Path(tmp) / name
        top.mkdir()
        # Hard links, not copies: the app folder is large and lives on the same disk.
        shutil.copytree(APP, top / "hearth", symlinks=True, copy_function=_link_or_copy)
        stage_share(top / "share")
        for script in ("install.sh", "uninstall.sh"):
            shutil.copy2(PKG / "linux" / script, top / script)
            os.chmod(top / script, 0o755)
        shutil.copy2(PKG / "linux" / "INSTALL.txt", top / "INSTALL.txt")
        t0 = time.perf_counter()
        subprocess.run([*_nice(), "tar", "-C", tmp, "--owner=0", "--group=0", "-czf", str(out), name], check=True)
        print(f"tarball {out.name}: {out.stat().st_size / 2**20:.0f} MiB in {time.perf_counter() - t0:.0f} s")
    return out


def _link_or_copy(src: str, dst: str) -> None:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def appimage() -> Path | None:
    tool = shutil.which("appimagetool")
    if not tool:
        print("AppImage: skipped (appimagetool is not installed; see packaging/README.md)")
        return None
    appdir = DIST / "Hearth.AppDir"
    shutil.rmtree(appdir, ignore_errors=True)
    shutil.copytree(APP, appdir / "usr" / "lib" / "hearth", symlinks=True, copy_function=_link_or_copy)
    stage_share(appdir / "usr" / "share")
    shutil.copy2(ROOT / "resources" / "linux" / f"{APP_ID}.desktop", appdir)
    shutil.copy2(ROOT / "resources" / "icons" / "hicolor" / "256x256" / "apps" / f"{APP_ID}.png", appdir / f"{APP_ID}.png")
    apprun = appdir / "AppRun"
    apprun.write_text('#!/bin/sh\nHERE="$(dirname "$(readlink -f "$0")")"\nexec "$HERE/usr/lib/hearth/hearth" "$@"\n')
    apprun.chmod(0o755)
    out = DIST / f"Hearth-{version()}-{arch()}.AppImage"
    subprocess.run([*_nice(), tool, str(appdir), str(out)], check=True, env=dict(os.environ, ARCH=arch()))
    return out


def smoke() -> int:
    """Run the packaged self-test from an empty directory with a clean environment."""
    with tempfile.TemporaryDirectory() as tmp:
        env = {"HOME": tmp, "PATH": "/usr/bin:/bin", "QT_QPA_PLATFORM": "offscreen",
               "HEARTH_HOME": str(Path(tmp) / "profile")}
        return subprocess.run([str(APP / "hearth"), "--self-test"], cwd=tmp, env=env).returncode


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--skip-freeze", action="store_true", help="reuse dist/hearth (only repackage)")
    ap.add_argument("--clean", action="store_true", help="drop PyInstaller's cache first (slow)")
    ap.add_argument("--no-tarball", action="store_true")
    ap.add_argument("--smoke", action="store_true", help="run the packaged self-test at the end")
    args = ap.parse_args(argv)
    if sys.platform != "linux":
        print("This script builds the Linux package; see packaging/README.md for macOS and Windows.")
        return 2
    t0 = time.perf_counter()
    if not args.skip_freeze:
        freeze(args.clean)
    if not (APP / "hearth").is_file():
        print(f"{APP}/hearth is missing; run without --skip-freeze", file=sys.stderr)
        return 1
    print(f"dist/hearth: {du(APP) / 2**20:.0f} MiB")
    if not args.no_tarball:
        tarball()
        appimage()
    rc = smoke() if args.smoke else 0
    print(f"build finished in {time.perf_counter() - t0:.0f} s")
    return rc


if __name__ == "__main__":
    raise SystemExit(main())
