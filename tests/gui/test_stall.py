"""The event loop never stalls more than 100 ms while import, embedding, generation and export run."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import QTimer

from tests.gui.conftest import idle, wait_until

MAX_GAP_MS = 100


class GapMeter:
    """A 10 ms timer that records the largest gap between its ticks."""

    def __init__(self) -> None:
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._tick)
        self.last = None
        self.max_gap_ms = 0.0

    def _tick(self) -> None:
        now = time.perf_counter()
        if self.last is not None:
            self.max_gap_ms = max(self.max_gap_ms, (now - self.last) * 1000)
        self.last = now

    def __enter__(self) -> "GapMeter":
        self.timer.start()
        return self

    def __exit__(self, *exc) -> None:
        self.timer.stop()


def test_no_stall_during_background_work(qtbot, window, tmp_path):
    from desktop_app.core.retrieval.embedder import HashEmbedder
    from tests.synth.archive import build_fb

    archive = build_fb(tmp_path / "fb", n_messages=3000, n_threads=8, n_other=100)
    window.session.embedder = HashEmbedder()
    sources = window.show_page("sources")
    chat = window.show_page("chat")
    privacy = window.show_page("privacy")
    idle(qtbot, window)
    with GapMeter() as meter:
        imp = sources.importer
        imp.set_paths([str(archive)])
        wait_until(qtbot, lambda: imp.state == "ready", 30000)
        imp.start_import()
        chat.input.setPlainText("What did I say about hiking?")
        chat.send()
        wait_until(qtbot, lambda: imp.state == "done", 90000)
        sources.embed()
        (tmp_path / "exp").mkdir()
        export = privacy.export_to(str(tmp_path / "exp"), passphrase="export pass 123")
        wait_until(qtbot, lambda: export.done and chat.worker is None, 90000)
        wait_until(qtbot, lambda: not sources.embed_running, 90000)
        idle(qtbot, window)
    assert meter.max_gap_ms < MAX_GAP_MS, f"event loop stalled {meter.max_gap_ms:.0f} ms"


@pytest.mark.slow
def test_ask_with_the_real_default_model(qtbot, window):
    from desktop_app.core.models import default_llm_path

    import importlib.util

    if default_llm_path() is None or importlib.util.find_spec("llama_cpp") is None:
        pytest.skip("the default GGUF or llama-cpp-python is not installed")
    window.settings.setValue("model/path", "")
    page = window.show_page("chat")
    page.input.setPlainText("Who talked about the bakery?")
    page.send()
    with qtbot.waitSignal(page.worker.signals.finished, timeout=300000):
        pass
    idle(qtbot, window)
    assert page.answer is not None and page.answer.text.strip()


@pytest.mark.slow
def test_real_embedder_runs_outside_the_window_process(qtbot, window):
    import sys

    from desktop_app.core.models import default_embedder_path

    if default_embedder_path() is None:
        pytest.skip("the embedded sentence-transformers model is not installed")
    torch_before = "torch" in sys.modules
    sources = window.show_page("sources")
    idle(qtbot, window)
    with GapMeter() as meter:
        sources.embed()
        wait_until(qtbot, lambda: not sources.embed_running, 300000)
        idle(qtbot, window)
    assert "up to date" in sources.embed_label.text()
    page = window.show_page("search")
    page.mode.setCurrentIndex(page.mode.findData("semantic"))
    page.query.setText("pastry shop")
    page.run_search()
    wait_until(qtbot, lambda: page.hits_model.rowCount() > 0, 60000)
    assert page.last_outcome is not None and page.last_outcome.semantic_available
    if not torch_before:
        assert "torch" not in sys.modules
    assert meter.max_gap_ms < MAX_GAP_MS, f"event loop stalled {meter.max_gap_ms:.0f} ms"
