"""Privacy page: a date range for what the assistant may use, with Clear, saved in the vault, shown in Chat."""

from __future__ import annotations

from PySide6.QtCore import QDate

from tests.gui.conftest import idle, wait_until


def _saved_scope(qtbot, window):
    from desktop_app.core.privacy.scope import load_scope

    got = []
    window.session.db(load_scope).success(got.append).run()
    wait_until(qtbot, lambda: got)
    return got[0]


def test_date_range_saved_shown_in_chat_and_cleared(qtbot, window):
    from desktop_app.ui import errors
    from desktop_app.ui.pages.privacy import NO_DATE

    page = window.show_page("privacy")
    wait_until(qtbot, lambda: page.data)
    assert page.scope_from.text() == "no limit" and page.scope_to.text() == "no limit"
    page.scope_from.setDate(QDate(2020, 1, 1))
    page.scope_to.setDate(QDate(2020, 12, 31))
    page.save_scope()
    wait_until(qtbot, lambda: "before 2020-01-01" in page.scope_label.text())
    idle(qtbot, window)
    s = _saved_scope(qtbot, window)
    assert s.date_from_ms == 1577836800000 and s.date_to_ms == 1609459200000  # the end day is kept whole
    # the page reads it back as it was saved
    page.refresh()
    idle(qtbot, window)
    assert page.scope_to.date() == QDate(2020, 12, 31) and page.scope_from.date() == QDate(2020, 1, 1)
    chat = window.show_page("chat")
    wait_until(qtbot, lambda: "before 2020-01-01" in chat.scope_label.text()
               and "from 2021-01-01 on" in chat.scope_label.text())
    # reversed dates are refused in plain words, nothing saved
    window.show_page("privacy")
    page.scope_from.setDate(QDate(2022, 1, 1))
    page.save_scope()
    assert any("before the end date" in m for m in errors.RECENT_KNOWN)
    idle(qtbot, window)
    assert _saved_scope(qtbot, window).date_from_ms == 1577836800000
    # Clear takes both limits away
    page.scope_from_clear.click()
    page.scope_to_clear.click()
    assert page.scope_from.date() == NO_DATE and page.scope_from.text() == "no limit"
    page.save_scope()
    idle(qtbot, window)
    s = _saved_scope(qtbot, window)
    assert s.date_from_ms is None and s.date_to_ms is None
    chat = window.show_page("chat")
    wait_until(qtbot, lambda: "before" not in chat.scope_label.text() and chat.scope_label.text())
