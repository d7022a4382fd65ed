"""Base class of every page, and the empty-state label."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from desktop_app.ui.shell import Shell


class Page(QWidget):
    """A page: ``refresh()`` when shown or when data changed; ``clear()`` on lock (drop all record text)."""

    title = ""
    subtitle = ""

    def __init__(self, window: "Shell") -> None:
        super().__init__()
        self.window_ = window
        self.session = window.session
        self.settings = window.settings
        self.setAccessibleName(self.title)
        self.outer = QVBoxLayout(self)
        self.outer.setContentsMargins(24, 18, 24, 12)
        head = QHBoxLayout()
        t = QLabel(self.title)
        t.setObjectName("pageTitle")
        head.addWidget(t)
        head.addStretch(1)
        self.header = head
        self.outer.addLayout(head)
        if self.subtitle:
            s = QLabel(self.subtitle)
            s.setObjectName("muted")
            s.setWordWrap(True)
            self.outer.addWidget(s)

    def refresh(self) -> None:
        """Reload from the vault (called on show and on ``session.data_changed``)."""

    def clear(self) -> None:
        """Remove every piece of record text from the widgets (the vault is being locked)."""

    def on_data_changed(self, what: str) -> None:
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if getattr(self, "_stale", True):
            self._stale = False
            self.refresh()


def empty_label(text: str) -> QLabel:
    lab = QLabel(text)
    lab.setAlignment(Qt.AlignmentFlag.AlignCenter)
    lab.setObjectName("muted")
    lab.setWordWrap(True)
    return lab
