"""The llama.cpp child process: streaming, KV-cache reuse, cancel, crash/kill recovery, hash check."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from desktop_app.core import models, sysinfo
from desktop_app.core.errors import Cancelled, ModelError
from desktop_app.core.llm.catalog import default_model_sha256
from desktop_app.core.llm.engine import LlamaEngine, StubEngine
from desktop_app.core.progress import CancelToken

MSGS = [{"role": "system", "content": "You are a terse assistant. Answer in one short sentence."},
        {"role": "user", "content": "Name a fruit."}]


def test_stub_refuses_outside_dev(monkeypatch):
    monkeypatch.delenv("HEARTH_DEV", raising=False)
    with pytest.raises(ModelError):
        StubEngine()


def test_missing_model_is_a_model_error(tmp_path):
    with pytest.raises(ModelError):
        LlamaEngine(tmp_path / "nope.gguf").start()


@pytest.fixture(scope="module")
def engine():
    path = models.default_llm_path()
    if path is None:
        pytest.skip("default model not installed")
    eng = LlamaEngine(path, n_ctx=512, expected_sha256=default_model_sha256())
    yield eng
    eng.close()


@pytest.mark.slow
def test_stream_and_prefix_cache(engine):
    out = "".join(engine.stream(MSGS, max_tokens=6))
    assert out.strip() and 1 <= engine.n_threads <= sysinfo.physical_cores()
    assert engine.model_sha256 == default_model_sha256()
    first = engine.last_stats
    assert first.generated_tokens >= 1 and first.ttft_s is not None
    follow = [MSGS[0], {"role": "user", "content": "Name a colour."}]
    "".join(engine.stream(follow, max_tokens=4))
    # the system prefix is reused from the KV cache
    assert engine.last_stats.cached_tokens >= 10


@pytest.mark.slow
def test_prefill_warms_the_prefix_of_the_next_prompt(engine):
    system = {"role": "system", "content": "You are a careful assistant for prefill tests. Be brief, always."}
    engine.prefill([system, {"role": "user", "content": "RECORDS:"}])
    "".join(engine.stream([system, {"role": "user", "content": "RECORDS:\n[1] a cat\nQUESTION: pet?"}], max_tokens=2))
    s = engine.last_stats
    # everything up to the user's own text came from the warm-up (the child starts with an empty cache)
    assert s.cached_tokens >= 20 and s.prompt_tokens - s.cached_tokens < 20
    # a prefill of what is already cached is a no-op and the next prompt still reuses it
    engine.prefill([system, {"role": "user", "content": "RECORDS:"}])
    "".join(engine.stream([system, {"role": "user", "content": "RECORDS:\n[1] a dog\nQUESTION: pet?"}], max_tokens=2))
    assert engine.last_stats.cached_tokens >= 20


@pytest.mark.slow
def test_cancel_mid_stream(engine):
    token = CancelToken()
    got = []
    with pytest.raises(Cancelled):
        for piece in engine.stream(MSGS, max_tokens=64, cancel=token, temperature=0.0):
            got.append(piece)
            token.cancel()
    assert len(got) == 1
    assert "".join(engine.stream(MSGS, max_tokens=3)).strip()  # still usable


@pytest.mark.slow
def test_native_crash_and_oom_kill_are_reported_and_recovered(engine):
    engine.start()
    engine.crash_for_test()
    with pytest.raises(ModelError, match="crashed"):
        list(engine.stream(MSGS, max_tokens=3))
    assert "".join(engine.stream(MSGS, max_tokens=3)).strip()  # restarted
    os.kill(engine.pid, signal.SIGKILL)  # what the OOM killer does
    time.sleep(0.2)
    with pytest.raises(ModelError, match="out of memory"):
        list(engine.stream(MSGS, max_tokens=3))
    assert engine.restarts >= 1


@pytest.mark.slow
def test_hash_mismatch_refused():
    path = models.default_llm_path()
    if path is None:
        pytest.skip("default model not installed")
    eng = LlamaEngine(path, n_ctx=256, expected_sha256="0" * 64)
    with pytest.raises(ModelError, match="sha256"):
        eng.start()
    assert not eng.alive


def test_threads_leave_busy_cores_alone(monkeypatch):
    """llama.cpp's threads spin-wait for each other: one more thread than the free cores stalls every step."""
    import os

    from desktop_app.core.llm.engine import threads_for_load

    monkeypatch.setattr(sysinfo, "physical_cores", lambda: 4)
    monkeypatch.setattr(os, "cpu_count", lambda: 4)
    monkeypatch.setattr(os, "getloadavg", lambda: (0.2, 0.0, 0.0))
    assert threads_for_load() == 4          # idle machine: every core
    monkeypatch.setattr(os, "getloadavg", lambda: (2.0, 0.0, 0.0))
    assert threads_for_load() == 2          # two cores busy elsewhere
    monkeypatch.setattr(os, "getloadavg", lambda: (9.0, 0.0, 0.0))
    assert threads_for_load() == 1          # overloaded: one thread, never zero


_LEFT_OPEN = """
import sys
from desktop_app.core.llm.engine import LlamaEngine
eng = LlamaEngine(sys.argv[1], n_ctx=256)
print("".join(eng.stream([{"role": "user", "content": "Say hi."}], max_tokens=2)) is not None, eng.pid, flush=True)
"""


@pytest.mark.slow
def test_a_process_that_exits_with_an_engine_open_exits_cleanly(tmp_path):
    """An owner that never closes its engine: the process still exits 0 and takes the child with it
    (it aborted with rc 134 when the pipes were closed under the frozen reader threads)."""
    import subprocess
    import sys

    path = models.default_llm_path()
    if path is None:
        pytest.skip("default model not installed")
    script = tmp_path / "left_open.py"
    script.write_text(_LEFT_OPEN)
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, str(script), str(path)], capture_output=True, text=True, timeout=300,
                          cwd=root, env={**os.environ, "PYTHONPATH": str(root)})
    assert done.returncode == 0 and "Fatal Python error" not in done.stderr, done.stderr[-500:]
    pid = int(done.stdout.split()[-1])
    with pytest.raises(ProcessLookupError):
        for _ in range(50):   # the child is killed at exit; give the kernel a moment to reap it
            os.kill(pid, 0)
            time.sleep(0.1)
