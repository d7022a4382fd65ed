"""An empty chat offers questions that work on any archive; clicking one asks it."""

from __future__ import annotations

from tests.gui.conftest import idle


def test_a_suggested_question_is_asked_and_answered_exactly(qtbot, window):
    page = window.show_page("chat")
    assert page.empty.isVisibleTo(page)
    button = next(b for b in page.suggestion_buttons if b.text() == "Who do I talk to most?")
    assert button.accessibleName() == "Ask: Who do I talk to most?"
    button.click()
    assert page.worker is not None
    with qtbot.waitSignal(page.worker.signals.finished, timeout=30000):
        pass
    idle(qtbot, window)
    assert page.last_question == "Who do I talk to most?"
    assert not page.empty.isVisibleTo(page)
    assert "messages" in page.answer.text  # a top-N question: answered from SQL, with counts
