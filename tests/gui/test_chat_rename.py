"""Rename a saved chat from the conversation list: F2 edits in place, the vault keeps the title."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView

from tests.gui.conftest import idle, wait_until
from tests.gui.test_flows import _ask


def test_rename_a_chat_with_f2(qtbot, window):
    page = _ask(qtbot, window, "What did Sam say about the bakery?")
    wait_until(qtbot, lambda: page.conv_list.count() >= 1)
    page.conv_list.setFocus()
    page.conv_list.setCurrentRow(0)
    item = page.conv_list.item(0)
    cid = item.data(Qt.ItemDataRole.UserRole)
    qtbot.keyClick(page.conv_list, Qt.Key.Key_F2)
    assert page.conv_list.state() == QAbstractItemView.State.EditingState
    editor = page.conv_list.focusWidget()
    editor.selectAll()
    qtbot.keyClicks(editor, "Bakery questions")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    wait_until(qtbot, lambda: page.conv_list.count() and page.conv_list.item(0).text() == "Bakery questions")
    idle(qtbot, window)
    from desktop_app.core.assistant import conversations

    titles = window.session.db(lambda v: {c["id"]: c["title"] for c in conversations.list_conversations(v)})
    got = {}
    titles.success(got.update).run()
    wait_until(qtbot, lambda: got)
    assert got[cid] == "Bakery questions"
    # the context menu offers the same action
    assert "Rename this chat" in [a.text() for a in page.conv_list.actions()]


def test_empty_title_is_refused_and_the_old_one_comes_back(qtbot, window):
    page = _ask(qtbot, window, "Tell me about hiking")
    wait_until(qtbot, lambda: page.conv_list.count() >= 1)
    old = page.conv_list.item(0).text()
    page.conv_list.item(0).setText("   ")  # what committing an empty editor does
    wait_until(qtbot, lambda: page.conv_list.item(0) is not None and page.conv_list.item(0).text() == old)
    from desktop_app.ui import errors

    assert any("empty" in m for m in errors.RECENT_KNOWN)
