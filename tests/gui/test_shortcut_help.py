"""F1 / Ctrl+/ open a shortcut list generated from what the window registers."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractButton

from tests.gui.conftest import wait_until


def _registered_keys(win) -> set[str]:
    fmt = QKeySequence.SequenceFormat.NativeText
    keys = set()
    for a in win.findChildren(QAction):
        keys |= {s.toString(fmt) for s in a.shortcuts() if not s.isEmpty()}
    for s in win.findChildren(QShortcut):
        keys |= {k.toString(fmt) for k in s.keys() if not k.isEmpty()}
    for b in win.findChildren(QAbstractButton):
        if not b.shortcut().isEmpty():
            keys.add(b.shortcut().toString(fmt))
    return keys


def test_f1_lists_every_registered_shortcut(qtbot, window):
    window.show_page("chat")
    qtbot.keyClick(window, Qt.Key.Key_F1)
    wait_until(qtbot, lambda: getattr(window, "shortcut_help", None) is not None and window.shortcut_help.isVisible())
    dlg = window.shortcut_help
    listed = set()
    for k in dlg.keys():
        listed |= set(k.split(", "))
    assert _registered_keys(window) <= listed
    for k in ("Ctrl+L", "Ctrl+1", "Ctrl+N", "F2", "F1", "Ctrl+/", "Ctrl+Return", "Ctrl+Q"):
        assert QKeySequence(k).toString(QKeySequence.SequenceFormat.NativeText) in listed, k
    assert all(e.action for e in dlg.entries), "every shortcut has a description"
    assert any(e.action == "Show Search & timeline" for e in dlg.entries)
    assert dlg.entries[0].keys.startswith("F1")
    rename = next(e for e in dlg.entries if e.keys == "F2")
    assert rename.where == "Chat" and "Rename" in rename.action
    dlg.close()
    # generated, not a copy: a shortcut added now shows up in the next list; Ctrl+/ opens it too
    extra = QShortcut(QKeySequence("Ctrl+Shift+K"), window)
    extra.setWhatsThis("A test shortcut")
    qtbot.keyClick(window, Qt.Key.Key_Slash, Qt.KeyboardModifier.ControlModifier)
    wait_until(qtbot, lambda: window.shortcut_help is not dlg and window.shortcut_help.isVisible())
    assert any(e.action == "A test shortcut" for e in window.shortcut_help.entries)
