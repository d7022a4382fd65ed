"""The window opens on a vault, shows its state, locks (dropping every record text) and unlocks."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QLabel, QLineEdit, QPlainTextEdit, QTextEdit, QWidget

from tests.conftest import PASSPHRASE
from tests.gui.conftest import CANARY, close_window, idle, open_window, wait_until


def _all_text(win) -> str:
    parts = [win.windowTitle()]
    for w in win.findChildren(QWidget):
        if isinstance(w, QLabel):
            parts.append(w.text())
        elif isinstance(w, QLineEdit):
            parts.append(w.text())
        elif isinstance(w, (QTextEdit, QPlainTextEdit)):
            parts.append(w.toPlainText())
        elif isinstance(w, QAbstractItemView) and w.model() is not None:
            m = w.model()
            from PySide6.QtCore import QModelIndex

            root = QModelIndex()
            for r in range(min(m.rowCount(root), 2000)):
                try:
                    ncols = m.columnCount(root)
                except TypeError:  # list models keep columnCount private
                    ncols = 1
                for c in range(ncols):
                    parts.append(str(m.data(m.index(r, c, root)) or ""))
    return "\n".join(parts)


def test_opens_on_vault_and_shows_state(window):
    assert "726 records" in window.state_label.text()
    assert "encrypted" in window.state_label.text()
    assert window.current_page == "chat"
    assert "Offline" in window.offline_badge.text()


def test_lock_drops_record_text_and_unlock_works(qtbot, window):
    page = window.show_page("search")
    page.query.setText(CANARY)
    page.run_search()
    wait_until(qtbot, lambda: page.hits_model.rowCount() > 0)
    assert CANARY in _all_text(window)
    window.lock_action.trigger()
    idle(qtbot, window)
    assert window.stack.currentWidget() is window.unlock_screen
    assert not window.session.is_open and not window.pages
    qtbot.wait(50)  # deleteLater
    assert CANARY not in _all_text(window)
    # a wrong passphrase says so plainly and leaves the screen as it is
    window.unlock_screen.passphrase.setText("not the passphrase")
    window.unlock_screen.button.click()
    wait_until(qtbot, lambda: "not right" in window.unlock_screen.message.text())
    assert window.unlock_screen.passphrase.text() == ""
    window.unlock_screen.passphrase.setText(PASSPHRASE)
    window.unlock_screen.button.click()
    # back on the page the user was on when it locked
    wait_until(qtbot, lambda: window.session.is_open and window.current_page == "search")


def test_window_state_is_remembered_without_record_text(qtbot, filled_profile):
    win = open_window(qtbot, filled_profile)
    win.set_idle_minutes(7)
    close_window(win)
    ini = (filled_profile / "ui.ini").read_text("utf-8", "replace")
    assert "geometry" in ini and CANARY not in ini
    win2 = open_window(qtbot, filled_profile)
    assert win2.idle_minutes() == 7
    assert win2.settings.value("window/geometry") is not None
    close_window(win2)


def test_every_page_opens(qtbot, window):
    from desktop_app.ui.pages import PAGES

    for key, *_ in PAGES:
        window.show_page(key)
        idle(qtbot, window)
        assert window.page_stack.currentWidget() is window.pages[key]


def test_idle_timer_locks(qtbot, window):
    window.set_idle_minutes(1)
    assert window._idle.timer.isActive()
    window._idle.timer.timeout.emit()  # as if a minute passed without input
    idle(qtbot, window)
    assert not window.session.is_open and window.stack.currentWidget() is window.unlock_screen


def test_hearth_without_subcommand_opens_the_window(filled_profile):
    import os
    import subprocess
    import sys

    env = dict(os.environ, HEARTH_GUI_EXIT_AFTER_SHOW="1", HEARTH_PASSPHRASE=PASSPHRASE, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([sys.executable, "-m", "desktop_app", "--profile", str(filled_profile), "--no-error-dialogs"],
                         capture_output=True, text=True, env=env, timeout=60)
    assert "HEARTH_SHOWN" in out.stdout, out.stderr[-500:]
