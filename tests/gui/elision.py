"""Find text the user cannot read in full: elided or clipped labels, buttons, headers, tabs, combo boxes.

Qt tells: a label's text is wider than the label (``fontMetrics().horizontalAdvance``), a wrapped
label is shorter than the height its text needs, a header section is narrower than its title, a
button or box is narrower than its size hint. Used by the layout tests and ``make screenshots``.
"""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractButton, QCheckBox, QComboBox, QHeaderView, QLabel, QLineEdit, QPushButton,
                               QRadioButton, QTabBar, QWidget)

SLACK = 2  # pixels of rounding


def _plain(text: str) -> str:
    text = re.sub(r"<br\s*/?>", "\n", text, flags=re.I)
    text = re.sub(r"<[^>]+>", "", text)
    return text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&nbsp;", " ")


def _visible(w: QWidget) -> bool:
    return w.isVisibleTo(w.window()) and w.isVisible() and w.width() > 0


def _name(w: QWidget, text: str) -> str:
    return f"{type(w).__name__}({w.objectName() or w.accessibleName() or ''!s}) {text[:60]!r}"


def problems(root: QWidget) -> list[str]:
    """Every visible piece of text under ``root`` that is cut off, with what it is."""
    out: list[str] = []
    for w in [root, *root.findChildren(QWidget)]:
        if not _visible(w):
            continue
        if isinstance(w, QLabel):
            out += _label(w)
        elif isinstance(w, (QCheckBox, QRadioButton, QPushButton)):
            out += _button(w)
        elif isinstance(w, QHeaderView):
            out += _header(w)
        elif isinstance(w, QTabBar):
            out += _tabs(w)
        elif isinstance(w, QComboBox):
            text = w.currentText()
            room = _combo_text_room(w)
            if text and w.fontMetrics().horizontalAdvance(text) > room + SLACK and not w.isEditable():
                out.append(f"combo box elided: {_name(w, text)} ({w.width()} px)")
        elif isinstance(w, QLineEdit):
            ph = w.placeholderText()
            if ph and not w.text() and w.width() < min(w.fontMetrics().horizontalAdvance(ph) + 16, 160):
                out.append(f"line edit too narrow for its hint: {_name(w, ph)} ({w.width()} px)")
    return out


def _combo_text_room(w: QComboBox) -> int:
    from PySide6.QtWidgets import QStyle, QStyleOptionComboBox

    opt = QStyleOptionComboBox()
    w.initStyleOption(opt)
    field = w.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, opt, QStyle.SubControl.SC_ComboBoxEditField, w)
    return field.width() - 4  # the text's own margin inside the field


def _label(w: QLabel) -> list[str]:
    text = w.text()
    if not text or w.pixmap() is not None and not w.pixmap().isNull():
        return []
    plain = _plain(text) if w.textFormat() != Qt.TextFormat.PlainText and ("<" in text) else text
    cr = w.contentsRect()
    margin = w.margin() * 2 + (w.indent() if w.indent() > 0 else 0)
    room = cr.width() - margin
    fm = w.fontMetrics()
    if w.wordWrap():
        need = w.heightForWidth(w.width())
        if need > w.height() + SLACK:
            return [f"wrapped label cut: {_name(w, plain)} (needs {need} px, has {w.height()})"]
        # one unbreakable word wider than the label is cut too
        longest = max((fm.horizontalAdvance(word) for word in plain.split()), default=0)
        if longest > room + SLACK:
            return [f"word wider than label: {_name(w, plain)}"]
        return []
    widest = max(fm.horizontalAdvance(line) for line in plain.split("\n"))
    if widest > room + SLACK:
        return [f"label elided: {_name(w, plain)} (needs {widest} px, has {room})"]
    lines = plain.count("\n") + 1
    if lines * fm.height() > cr.height() + SLACK + fm.leading() * lines:
        return [f"label cut vertically: {_name(w, plain)}"]
    return []


def _button(w: QAbstractButton) -> list[str]:
    text = w.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
    if not text:
        return []
    hint = w.sizeHint().width()
    if w.width() + SLACK < hint:
        return [f"button cut: {_name(w, text)} (needs {hint} px, has {w.width()})"]
    return []


def _header(h: QHeaderView) -> list[str]:
    model = h.model()
    if model is None:
        return []
    out = []
    fm = h.fontMetrics()
    for i in range(h.count()):
        if h.isSectionHidden(i) or h.sectionSize(i) == 0:
            continue
        # the visible part of the header only: sections scrolled out of view are not "shown"
        pos = h.sectionViewportPosition(i)
        if pos >= h.viewport().width() or pos + h.sectionSize(i) <= 0:
            continue
        text = str(model.headerData(i, h.orientation()) or "")
        need = fm.horizontalAdvance(text) + 12  # Fusion's section padding
        if text and need > h.sectionSize(i) + SLACK:
            out.append(f"header elided: {_name(h, text)} (needs {need} px, has {h.sectionSize(i)})")
    return out


def _tabs(t: QTabBar) -> list[str]:
    out = []
    fm = t.fontMetrics()
    for i in range(t.count()):
        text = t.tabText(i).replace("&", "")
        if text and fm.horizontalAdvance(text) + 8 > t.tabRect(i).width():
            out.append(f"tab elided: {_name(t, text)}")
    return out


def sideways_scrolling(root: QWidget) -> list[str]:
    """Pages (scroll areas of widgets) that need a horizontal scroll bar: their content is cut at the edge."""
    from PySide6.QtWidgets import QScrollArea

    return [f"page scrolls sideways: {_name(a, '')}" for a in root.findChildren(QScrollArea)
            if _visible(a) and a.widget() is not None
            and a.widget().minimumSizeHint().width() > a.viewport().width() + SLACK]


def outside_window(win: QWidget) -> list[str]:
    """Widgets that run past the window's right or bottom edge (not inside a scroll area)."""
    from PySide6.QtWidgets import QAbstractScrollArea

    out = []
    W, H = win.width(), win.height()
    for w in win.findChildren(QWidget):
        if not _visible(w) or w.isWindow():
            continue
        p = w.parentWidget()
        in_scroll = False
        while p is not None and p is not win:
            if isinstance(p, QAbstractScrollArea):
                in_scroll = True
                break
            p = p.parentWidget()
        if in_scroll:
            continue
        r = w.rect().translated(w.mapTo(win, w.rect().topLeft()))
        if r.right() > W + SLACK or r.bottom() > H + SLACK:
            out.append(f"past the window edge: {type(w).__name__}({w.accessibleName() or w.objectName()}) {r.getRect()}")
    return out
