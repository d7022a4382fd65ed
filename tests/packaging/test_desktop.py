"""Linux desktop integration files: the .desktop entry, AppStream metainfo, icons and install.sh."""

from __future__ import annotations

import configparser
import shutil
import struct
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from desktop_app import __version__

ROOT = Path(__file__).resolve().parents[2]
APP_ID = "io.hearth.Hearth"
LINUX = ROOT / "resources" / "linux"
HICOLOR = ROOT / "resources" / "icons" / "hicolor"
SIZES = (16, 32, 48, 64, 128, 256, 512)


def _desktop() -> configparser.SectionProxy:
    cp = configparser.ConfigParser(interpolation=None, strict=True)
    cp.optionxform = str  # keys are case-sensitive
    cp.read(LINUX / f"{APP_ID}.desktop", encoding="utf-8")
    return cp["Desktop Entry"]


def _png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", path
    return struct.unpack(">II", head[16:24])


def test_desktop_entry_fields():
    d = _desktop()
    assert d["Type"] == "Application"
    assert d["Name"] == "Hearth"
    assert d["Icon"] == APP_ID
    assert d["Exec"].split()[0] == "hearth"
    assert d["Terminal"] == "false"
    assert d["Categories"].endswith(";")


def test_icons_in_every_size():
    for size in SIZES:
        png = HICOLOR / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        assert png.is_file(), png
        assert _png_size(png) == (size, size)
    svg = HICOLOR / "scalable" / "apps" / f"{APP_ID}.svg"
    root = ET.parse(svg).getroot()
    assert root.tag.endswith("svg") and root.get("viewBox") == "0 0 512 512"


def test_metainfo_matches_app():
    root = ET.parse(LINUX / f"{APP_ID}.metainfo.xml").getroot()
    assert root.tag == "component" and root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    assert root.find("launchable").text == f"{APP_ID}.desktop"
    assert root.findtext("metadata_license") == "CC0-1.0"
    assert root.findtext("provides/binary") == "hearth"
    versions = [r.get("version") for r in root.iter("release")]
    assert __version__ in versions


@pytest.mark.skipif(not shutil.which("desktop-file-validate"), reason="desktop-file-utils not installed")
def test_desktop_file_validates():
    r = subprocess.run(["desktop-file-validate", str(LINUX / f"{APP_ID}.desktop")], capture_output=True, text=True)
    assert r.returncode == 0 and "error" not in r.stdout, r.stdout


@pytest.mark.skipif(not shutil.which("appstreamcli"), reason="appstream not installed")
def test_metainfo_validates():
    r = subprocess.run(["appstreamcli", "validate", "--no-net", str(LINUX / f"{APP_ID}.metainfo.xml")],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stdout + r.stderr


def test_install_script_installs_for_the_user(tmp_path):
    """install.sh on a staged tarball layout (with a stand-in binary) lays out ~/.local like a desktop expects."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("hearth_packaging_build", ROOT / "packaging" / "build.py")
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    top = tmp_path / "hearth-x"
    (top / "hearth").mkdir(parents=True)
    fake = top / "hearth" / "hearth"
    fake.write_text("#!/bin/sh\necho hearth test\n")
    fake.chmod(0o755)
    build.stage_share(top / "share")
    for script in ("install.sh", "uninstall.sh"):
        shutil.copy2(ROOT / "packaging" / "linux" / script, top / script)
    home = tmp_path / "home dir"  # a space, to prove the Exec line is quoted
    home.mkdir()
    env = {"HOME": str(home), "PATH": "/usr/bin:/bin"}
    subprocess.run(["sh", str(top / "install.sh")], check=True, env=env, capture_output=True)
    prefix = home / ".local" / "opt" / "hearth"
    share = home / ".local" / "share"
    assert (prefix / "hearth").is_file()
    assert (home / ".local" / "bin" / "hearth").resolve() == (prefix / "hearth").resolve()
    desktop = (share / "applications" / f"{APP_ID}.desktop").read_text()
    assert f'Exec="{prefix}/hearth"' in desktop
    assert (share / "metainfo" / f"{APP_ID}.metainfo.xml").is_file()
    for size in SIZES:
        assert (share / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png").is_file()
    subprocess.run(["sh", str(top / "uninstall.sh")], check=True, env=env, capture_output=True)
    assert not prefix.exists()
    assert not (share / "applications" / f"{APP_ID}.desktop").exists()
