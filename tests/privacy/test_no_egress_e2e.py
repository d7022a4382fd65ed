"""OS-level no-egress check: the whole CLI flow in a network namespace without network, under strace.

import → search → ask → scope → forget → export → delete, each a separate `python -m desktop_app`
process. Native code (llama.cpp, torch, Qt) is invisible to the in-process guard, so this counts
connect()/sendto()/sendmsg() calls to AF_INET/AF_INET6 addresses at the syscall level: there must be
none (loopback and AF_UNIX are allowed).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from desktop_app.core import models

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

INET = re.compile(r"^(?:\[pid\s+\d+\]\s+|\d+\s+)?(connect|sendto|sendmsg)\(.*sa_family=AF_INET6?\b(.*)$")
LOOPBACK = re.compile(r'inet_addr\("127\.|inet_pton\(AF_INET6, "::1"|"::ffff:127\.')


TRACER = ["unshare", "-rn", "strace", "-f", "--seccomp-bpf", "-qq", "-e", "trace=connect,sendto,sendmsg"]


def _namespace_works() -> bool:
    if not (shutil.which("unshare") and shutil.which("strace")):
        return False
    try:
        r = subprocess.run(["unshare", "-rn", "true"], capture_output=True, timeout=10)
        s = subprocess.run(["strace", "-f", "--seccomp-bpf", "-o", os.devnull, "true"], capture_output=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return r.returncode == 0 and s.returncode == 0


def inet_calls(trace: str) -> list[str]:
    """Syscalls that reached for a non-loopback IPv4/IPv6 address."""
    out = []
    for line in trace.splitlines():
        m = INET.match(line.strip())
        if m and not LOOPBACK.search(line):
            out.append(line.strip())
    return out


def test_inet_call_parser():
    trace = "\n".join([
        '123 connect(3, {sa_family=AF_UNIX, sun_path="/run/dbus"}, 110) = 0',
        '124 connect(5, {sa_family=AF_INET, sin_port=htons(443), sin_addr=inet_addr("93.184.216.34")}, 16) = -1',
        '[pid 125] connect(6, {sa_family=AF_INET, sin_port=htons(80), sin_addr=inet_addr("127.0.0.1")}, 16) = 0',
        '126 sendto(7, "x", 1, 0, {sa_family=AF_INET6, sin6_port=htons(53), inet_pton(AF_INET6, "2001:db8::1", '
        '&sin6_addr)}, 28) = -1',
    ])
    assert len(inet_calls(trace)) == 2


@pytest.mark.skipif(not _namespace_works(), reason="unshare -rn or strace unavailable")
def test_full_flow_offline_makes_no_inet_connections(tmp_path):
    from tests.synth.archive import build_fb

    archive = build_fb(tmp_path / "facebook-export.zip", n_messages=120, n_threads=5, n_other=30)
    real_model = models.default_llm_path() is not None
    home = tmp_path / "home"
    profile = tmp_path / "profile"
    out = tmp_path / "out"
    out.mkdir()
    steps = [
        ("init", ["init", "--passphrase"]),
        ("import", ["import", str(archive), "--no-progress"]),
        ("search", ["search", "the"]),
        ("ask", ["ask", "what did I talk about?", "--max-tokens", "12", "--n-ctx", "2048"]
         + ([] if real_model else ["--model", "stub"])),
        ("scope", ["scope", "exclude-platform", "instagram"]),
        ("forget", ["forget", "--record", "1", "--yes"]),
        ("export", ["export", str(tmp_path / "backup.hearth")]),
        ("delete", ["delete", "--yes"]),
    ]
    script = ["set -u"]
    for name, argv in steps:
        cmd = " ".join(_q(a) for a in [sys.executable, "-m", "desktop_app", *argv, "--json"])
        script.append(f"{cmd} > {out}/{name}.json 2> {out}/{name}.err; echo {name} $? >> {out}/rc.txt")
    (tmp_path / "flow.sh").write_text("\n".join(script) + "\n")
    env = {**os.environ, "HOME": str(home), "XDG_CACHE_HOME": str(home / ".cache"),
           "XDG_CONFIG_HOME": str(home / ".config"), "XDG_DATA_HOME": str(home / ".local/share"),
           "HEARTH_HOME": str(profile), "HEARTH_PASSPHRASE": "flow passphrase",
           "HEARTH_EXPORT_PASSPHRASE": "export passphrase", "HEARTH_DEV": "1", "QT_QPA_PLATFORM": "offscreen",
           "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    env.pop("HF_HUB_OFFLINE", None)  # the app must set the offline switches itself
    trace = tmp_path / "trace.txt"
    r = subprocess.run([*TRACER, "-o", str(trace), "bash", str(tmp_path / "flow.sh")], env=env, capture_output=True,
                       text=True, timeout=900, cwd=str(Path(__file__).resolve().parents[2]))
    assert r.returncode == 0, r.stderr[-2000:]
    rcs = dict(line.split() for line in (out / "rc.txt").read_text().splitlines())
    errors = {n: (out / f"{n}.err").read_text()[-500:] for n, c in rcs.items() if c != "0"}
    assert rcs == {name: "0" for name, _ in steps}, errors
    results = {name: json.loads((out / f"{name}.json").read_text()) for name, _ in steps}
    assert results["import"].get("ok", True)
    assert results["export"]["encrypted"] and (tmp_path / "backup.hearth").exists()
    assert results["delete"]["ok"] and not profile.exists()
    text = trace.read_text()
    assert inet_calls(text) == []


@pytest.mark.skipif(not _namespace_works(), reason="unshare -rn or strace unavailable")
def test_tracer_sees_an_inet_connect(tmp_path):
    """Control: the same tracer does report a process that reaches for the network."""
    trace = tmp_path / "control.txt"
    code = "import socket; s = socket.socket(); print(s.connect_ex(('192.0.2.1', 9)))"
    subprocess.run([*TRACER, "-o", str(trace), sys.executable, "-c", code], capture_output=True, timeout=60)
    assert len(inet_calls(trace.read_text())) == 1


def _q(s: str) -> str:
    return "'" + s.replace("'", "'\"'\"'") + "'"
