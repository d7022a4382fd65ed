"""Errors in plain words: known ones in a non-modal plain-text box, bugs in a crash dialog without data."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop_app.core.errors import Cancelled, KnownError
from desktop_app.ui import errors
from desktop_app.ui.crash_dialog import CrashDialog


def test_known_error_box_is_plain_and_non_modal(qtbot, monkeypatch):
    monkeypatch.delenv("HEARTH_NO_ERROR_DIALOGS")
    errors.show_error(None, KnownError("<b>The disk is full</b>; free some space."))
    boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]
    assert boxes
    box = boxes[-1]
    assert box.textFormat() == Qt.TextFormat.PlainText and box.windowModality() == Qt.WindowModality.NonModal
    assert box.text().startswith("<b>")
    box.close()


def test_cancelled_is_silent(qtbot, monkeypatch):
    monkeypatch.delenv("HEARTH_NO_ERROR_DIALOGS")
    before = set(QApplication.topLevelWidgets())
    errors.show_error(None, Cancelled("x"))
    assert not [w for w in set(QApplication.topLevelWidgets()) - before if w.isVisible()]


def test_crash_details_are_redacted(qtbot):
    secret = "my secret message text"
    try:
        raise ValueError(f"could not decode with text '{secret}'")
    except ValueError as exc:
        details = errors.redacted_details(exc)
        dlg = CrashDialog(exc)
        qtbot.addWidget(dlg)
    assert secret not in details and "ValueError" in details and "test_errors.py" in details
    assert secret not in dlg.details.toPlainText()


def test_no_error_dialogs_logs_instead(qtbot, caplog):
    errors.show_error(None, KnownError("plain words"))
    assert "plain words" in caplog.text
    errors.show_error(None, RuntimeError("boom"))
    assert errors.RECENT_BUGS and "RuntimeError" in caplog.text
    errors.RECENT_BUGS.clear()
