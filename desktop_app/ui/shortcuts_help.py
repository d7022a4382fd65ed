"""The keyboard-shortcut help (F1, Ctrl+/): built from the shortcuts the window has registered.

Nothing here is a hand-written copy: every QAction, QShortcut and button with a key sequence
under the window is listed with where it works, so the list cannot drift from the code. Pages
are built on first show, so a page's own keys appear once it has been opened.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (QAbstractButton, QDialog, QDialogButtonBox, QHeaderView, QLabel, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)


@dataclass(frozen=True)
class Entry:
    keys: str
    action: str
    where: str


def _where(obj: QWidget | None, window: QWidget) -> str:
    from desktop_app.ui.pages.base import Page

    w = obj
    while w is not None and w is not window:
        if isinstance(w, Page):
            return w.title or "A page"
        w = w.parentWidget()
    return "Everywhere"


def _clean(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip(".…")


def _keys(seqs: list[QKeySequence]) -> str:
    return ", ".join(s.toString(QKeySequence.SequenceFormat.NativeText) for s in seqs if not s.isEmpty())


def registered(window: QWidget) -> list[Entry]:
    """Every shortcut registered under ``window`` (actions, shortcuts, buttons), sorted by place."""
    out: set[Entry] = set()
    for a in window.findChildren(QAction):
        keys = _keys(a.shortcuts())
        if keys:
            owner = a.parent() if isinstance(a.parent(), QWidget) else None
            out.add(Entry(keys, _clean(a.text() or a.toolTip() or a.objectName()), _where(owner, window)))
    for s in window.findChildren(QShortcut):
        keys = _keys(s.keys())
        if keys and s.isEnabled():
            out.add(Entry(keys, _clean(s.whatsThis() or s.objectName()), _where(s.parent() if isinstance(s.parent(), QWidget) else None, window)))
    for b in window.findChildren(QAbstractButton):
        keys = _keys([b.shortcut()])
        if keys:
            out.add(Entry(keys, _clean(b.accessibleName() or b.text()), _where(b, window)))
    order = {"Everywhere": 0}
    # Help first, then the rest by key (Ctrl+1..8 in page order), page by page.
    return sorted(out, key=lambda e: (order.get(e.where, 1), e.where, not e.keys.startswith("F1"), len(e.keys), e.keys))


class ShortcutHelp(QDialog):
    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setWindowTitle("Keyboard shortcuts")
        self.setAccessibleName("Keyboard shortcuts")
        lay = QVBoxLayout(self)
        note = QLabel("Keys that work in this window right now. A page's own keys are listed once it has been opened.")
        note.setObjectName("muted")
        note.setWordWrap(True)
        lay.addWidget(note)
        self.entries = registered(window)
        self.table = QTableWidget(len(self.entries), 3)
        self.table.setAccessibleName("Shortcut list")
        self.table.setHorizontalHeaderLabels(["Keys", "Action", "Where"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        for r, e in enumerate(self.entries):
            for c, text in enumerate((e.keys, e.action, e.where)):
                it = QTableWidgetItem(text)
                if c == 0:
                    f = it.font()
                    f.setBold(True)
                    it.setFont(f)
                self.table.setItem(r, c, it)
        hh = self.table.horizontalHeader()
        hh.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        hh.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        hh.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        lay.addWidget(self.table, 1)
        bb = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        bb.rejected.connect(self.close)
        lay.addWidget(bb)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.table.resizeRowsToContents()
        rows = sum(self.table.rowHeight(r) for r in range(len(self.entries)))
        self.resize(560, min(760, 130 + rows))

    def keys(self) -> list[str]:
        return [e.keys for e in self.entries]
