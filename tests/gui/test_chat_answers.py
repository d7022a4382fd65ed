"""Chat shows each answer event as it arrives: checked answers at once, drafts as drafts, notes on demand."""

from __future__ import annotations

import threading

from PySide6.QtGui import QColor

from desktop_app.core.assistant.ask import Answer, Done, Retrieved, Token
from desktop_app.core.assistant.retrieve import Citation
from desktop_app.ui import theme, workers
from desktop_app.ui.pages import chat_api
from tests.gui.conftest import idle, wait_until


def _cite(n: int, ids: list[int]) -> Citation:
    return Citation(n=n, record_id=ids[0], platform="messenger", kind="message", ts_ms=1_700_000_000_000,
                    author="Sam Okafor", snippet="the bakery", record_ids=ids)


def _stream(page, events, release: threading.Event | None = None):
    """Drive the page with core events on the real ML pool; ``release`` holds the stream open after them."""

    def make_iter(_cancel):
        yield from events
        if release is not None:
            release.wait(20)

    page.answer = page._add_answer()
    worker = workers.StreamWorker(make_iter, pool="ml", is_token=chat_api.is_token, token_text=chat_api.token_text,
                                  parent=page)
    worker.signals.chunk.connect(page._on_chunk)
    worker.run()
    return worker


def test_a_checked_answer_shows_before_the_stream_ends(qtbot, window):
    page = window.show_page("chat")
    answer = Answer(question="How many messages did I send?", text="You sent 42 messages in 2023.", kind="analytic",
                    citations=[_cite(1, [5])], model="SmolLM2-135M-Instruct.Q4_1.gguf",
                    warnings=["the model was too slow; the exact figures are given as computed"])
    release = threading.Event()
    worker = _stream(page, [Retrieved([_cite(1, [5])]), Done(answer)], release)
    a = page.answer
    # the model is still "running" (the stream is open), yet the exact answer is on screen
    wait_until(qtbot, lambda: "42 messages" in a.body.toPlainText())
    assert not worker.done and "Thinking" not in a.meta.text()
    assert "SmolLM2 135M (Q4_1)" in a.meta.text() and ".gguf" not in a.meta.text()
    assert a.notes_btn.text() == "⚠ 1 note" and "too slow" in a.notes_label.text()
    assert a.notes_label.isHidden()
    a.notes_btn.click()
    assert not a.notes_label.isHidden()
    release.set()
    wait_until(qtbot, lambda: worker.done, 20000)


def test_streamed_text_is_a_draft_until_done(qtbot, window):
    page = window.show_page("chat")
    release = threading.Event()
    worker = _stream(page, [Retrieved([_cite(1, [5, 6, 7])]), Token("Sam said the bakery"), Token(" opens soon")], release)
    a = page.answer
    wait_until(qtbot, lambda: "opens soon" in a.body.toPlainText())
    assert a.meta.text().startswith("Draft") and not a.final  # "Thinking…" is gone once text arrives
    assert "italic" in a.body.styleSheet()
    release.set()
    wait_until(qtbot, lambda: worker.done, 20000)
    final = Answer(question="q", text="Sam said the bakery opens on Friday [1].", citations=[_cite(1, [5, 6, 7])])
    page._on_chunk([Done(final)])
    assert a.final and "Friday" in a.body.toPlainText() and "italic" not in a.body.styleSheet()
    assert a.meta.text().startswith("1 source (3 records)")
    page._on_chunk(["late token"])  # nothing after Done changes the checked answer
    assert "late token" not in a.body.toPlainText()


def test_data_use_log_counts_agree_with_the_citations(qtbot, window):
    page = window.show_page("chat")
    page.input.setPlainText("What did Sam say about the bakery?")
    page.send()
    with qtbot.waitSignal(page.worker.signals.finished, timeout=30000):
        pass
    idle(qtbot, window)
    footer = page.answer.meta.text()
    sources = footer.split(" · ")[0]
    assert "source" in sources
    privacy = window.show_page("privacy")
    idle(qtbot, window)
    entry = privacy.log.item(0).text()
    assert entry.endswith("used " + sources), (entry, footer)


def test_question_bubbles_follow_a_live_theme_switch(qtbot, window):
    page = window.show_page("chat")
    page._add_question("Where did we go hiking?")
    settings = window.show_page("settings")
    settings.set_theme("light")
    settings.set_theme("dark")
    window.show_page("chat")
    idle(qtbot, window)
    bubble = next(w for w in page.findChildren(type(page.status)) if w.objectName() == "question")
    img = bubble.grab().toImage()
    bg = img.pixelColor(img.width() // 2, 2)
    dark_chip = QColor(theme._COLORS["dark"]["chip"])
    assert abs(bg.red() - dark_chip.red()) < 12 and abs(bg.green() - dark_chip.green()) < 12, bg.name()
    settings.set_theme("light")


def test_a_decline_lists_related_records_apart(qtbot, window):
    """"Not in your data" with the nearest records marked related in the footer and chips, never as sources."""
    from desktop_app.ui.pages import chat_api

    d = {"text": "That is not in your data.", "kind": "no_data", "warnings": [], "timings": {"total_s": 0.1},
         "citations": [{"n": 1, "record_id": 1, "platform": "facebook", "kind": "message", "ts_ms": 0,
                        "author": "Sam", "snippet": "near", "related": True}]}
    assert chat_api.describe_meta(d).startswith("1 related record (not an answer)")
    page = window.show_page("chat")
    page.send("What is the name of Maria's cat?")
    with qtbot.waitSignal(page.worker.signals.finished, timeout=60000):
        pass
    idle(qtbot, window)
    assert page.answer.text.startswith("That is not in your data")
    page.answer.finish(d)         # a decline that has near records: they show as related, not as sources
    idle(qtbot, window)
    chips = [page.answer.chips.itemAt(i).widget().text() for i in range(page.answer.chips.count())]
    assert chips and all(t.startswith("related: ") for t in chips)
    assert page.answer.meta.text().startswith("1 related record (not an answer)")
