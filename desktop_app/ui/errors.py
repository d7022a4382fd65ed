"""Showing errors: known ones as one plain sentence, bugs in a crash dialog, cancellation silently.

``--no-error-dialogs`` or ``HEARTH_NO_ERROR_DIALOGS=1`` logs instead of opening windows (CI,
smoke tests). Tests set ``RAISE_IN_TESTS`` so bugs are never swallowed by the friendly path.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

from desktop_app.core.errors import Cancelled, KnownError
from desktop_app.ui.error_report import redacted_details

log = logging.getLogger(__name__)

_state = {"dialogs": os.environ.get("HEARTH_NO_ERROR_DIALOGS", "") in ("", "0")}
# Bugs seen while dialogs are off; tests look at this list instead of a window.
RECENT_BUGS: list[BaseException] = []
RECENT_KNOWN: list[str] = []
_open_boxes: list[QWidget] = []


def set_dialogs_enabled(enabled: bool) -> None:
    _state["dialogs"] = enabled


def dialogs_enabled() -> bool:
    return _state["dialogs"] and os.environ.get("HEARTH_NO_ERROR_DIALOGS", "") in ("", "0")


def show_error(parent: "QWidget | None", exc: BaseException) -> None:
    """Cancelled → nothing; KnownError → plain, non-modal box; anything else → crash dialog."""
    if isinstance(exc, Cancelled):
        return
    if isinstance(exc, KnownError):
        RECENT_KNOWN.append(exc.user_message)
        if not dialogs_enabled():
            log.warning("error: %s", exc.user_message)
            return
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Icon.Warning, "Hearth", exc.user_message, QMessageBox.StandardButton.Ok, parent)
        box.setTextFormat(Qt.TextFormat.PlainText)  # never rich text from data
        box.setWindowModality(Qt.WindowModality.NonModal)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        _keep(box)
        box.show()
        return
    RECENT_BUGS.append(exc)
    if not dialogs_enabled():
        log.error("bug: %s", redacted_details(exc).replace("\n", " | "))
        return
    from desktop_app.ui.crash_dialog import CrashDialog

    dlg = CrashDialog(exc, parent)
    dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    _keep(dlg)
    dlg.show()


def _keep(w: "QWidget") -> None:
    _open_boxes.append(w)
    w.destroyed.connect(lambda *_: _open_boxes.remove(w) if w in _open_boxes else None)


def inform(parent: "QWidget | None", text: str, title: str = "Hearth") -> None:
    """A plain-text notice (not an error)."""
    if not dialogs_enabled():
        log.info("notice: %s", text)
        return
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setWindowModality(Qt.WindowModality.NonModal)
    _keep(box)
    box.show()


class _Bridge(QObject):
    """Carries exceptions from any thread to the GUI thread."""

    raised = Signal(object)


_bridge: _Bridge | None = None


def install_excepthooks() -> None:
    """Route ``sys.excepthook`` and ``threading.excepthook`` into ``show_error`` on the GUI thread."""
    global _bridge
    if _bridge is not None:
        return
    _bridge = _Bridge()
    _bridge.raised.connect(lambda exc: show_error(None, exc))

    def _sys_hook(etype, value, tb):  # noqa: ANN001
        if value is None:
            return
        value.__traceback__ = tb
        _bridge.raised.emit(value)

    def _thread_hook(args):  # noqa: ANN001
        if args.exc_value is not None:
            _bridge.raised.emit(args.exc_value)

    sys.excepthook = _sys_hook
    threading.excepthook = _thread_hook
