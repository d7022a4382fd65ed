"""Item models for long lists: rows arrive page by page from the DB thread (1M rows scroll smoothly).

``RecordTableModel`` implements Qt's ``canFetchMore``/``fetchMore``: the view asks for more when
the user scrolls near the end; the page is read on the DB pool and inserted when it arrives.

Signals:
    loaded(int): rows now in the model after a page arrived.
    total_known(int): the number of matching rows.
"""

from __future__ import annotations

import html
import re
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QAbstractTextDocumentLayout, QPalette, QTextDocument
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from desktop_app.core.domain import platform_label
from desktop_app.ui import queries, theme
from desktop_app.ui.record_view import fmt_ts

PAGE = 200
_Index = QModelIndex | QPersistentModelIndex


class _RowsTableModel(QAbstractTableModel):
    """A flat table over ``self._rows()`` with fixed ``HEADERS``."""

    HEADERS: tuple[str, ...] = ()

    def _rows(self) -> list:
        raise NotImplementedError

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._rows())

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section]
        return None


class RecordTableModel(_RowsTableModel):
    loaded = Signal(int)
    total_known = Signal(int)
    HEADERS = ("When", "Platform", "Kind", "Who", "Text")

    def __init__(self, session, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.rows: list[tuple] = []
        self.total = 0
        self._exhausted = False
        self._where = "1"
        self._params: list[Any] = []
        self._loading = False
        self._gen = 0

    def set_filter(self, where: str, params: list[Any]) -> None:
        self._gen += 1
        self.beginResetModel()
        self.rows = []
        self.total = 0
        self.endResetModel()
        self._where, self._params = where, list(params)
        self._exhausted = False
        gen = self._gen
        self._loading = True
        # The first page shows at once; the count (slow on big filtered sets) follows.
        self.session.db(lambda v: queries.records_page(v, where, params, None, PAGE)) \
            .success(lambda page: self._first(gen, page)).failure(lambda exc: self._failed(gen, exc)).run()
        self.session.db(lambda v: queries.records_count(v, where, params)) \
            .success(lambda n: self._counted(gen, n)).failure(lambda exc: self._failed(gen, exc)).run()

    def _failed(self, gen: int, exc: BaseException) -> None:
        if gen == self._gen:
            self._loading = False
        from desktop_app.ui import errors

        errors.show_error(None, exc)

    def _first(self, gen: int, page: list[tuple]) -> None:
        if gen != self._gen:
            return
        self._loading = False
        self._append(page)

    def _counted(self, gen: int, n: int) -> None:
        if gen == self._gen:
            self.total = n
            self.total_known.emit(n)

    def _append(self, page: list[tuple]) -> None:
        if len(page) < PAGE:
            self._exhausted = True
        if not page:
            return
        self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(page) - 1)
        self.rows.extend(page)
        self.endInsertRows()
        self.loaded.emit(len(self.rows))

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: N802 - Qt override
        return not parent.isValid() and not self._loading and not self._exhausted and bool(self.rows)

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: N802 - Qt override
        if not self.canFetchMore(parent):
            return
        self._loading = True
        last = self.rows[-1]
        gen, where, params, after = self._gen, self._where, self._params, (last[1], last[0])

        def _done(page: list[tuple]) -> None:
            if gen != self._gen:
                return
            self._loading = False
            self._append(page)

        self.session.db(lambda v: queries.records_page(v, where, params, after, PAGE)).success(_done) \
            .failure(lambda exc: self._failed(gen, exc)).run()

    def data(self, index: _Index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        rid, ts, platform, kind, author, text = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            col = index.column()
            if col == 0:
                return fmt_ts(ts)
            if col == 1:
                return platform_label(platform)
            if col == 2:
                return kind_label(kind)
            if col == 3:
                return author
            return (text or "").replace("\n", " ")[:200]
        if role == Qt.ItemDataRole.UserRole:
            return rid
        return None

    def _rows(self) -> list:
        return self.rows

    def record_id(self, row: int) -> int | None:
        return self.rows[row][0] if 0 <= row < len(self.rows) else None

    def clear(self) -> None:
        self._gen += 1
        self.beginResetModel()
        self.rows = []
        self.total = 0
        self.endResetModel()


class HitsModel(_RowsTableModel):
    """Search hits (``retrieval.search.Hit`` or dicts with the same fields)."""

    HEADERS = ("When", "Platform", "Who", "Match")

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.hits: list[dict[str, Any]] = []

    def _rows(self) -> list:
        return self.hits

    def set_hits(self, hits: list[dict[str, Any]]) -> None:
        self.beginResetModel()
        self.hits = hits
        self.endResetModel()

    def data(self, index: _Index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        h = self.hits[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return fmt_ts(h.get("ts_ms"), with_time=False)
            if col == 1:
                return f"{platform_label(h.get('platform'))} {kind_label(h.get('kind')).lower()}".strip()
            if col == 2:
                return h.get("author") or ""
            return (h.get("snippet") or h.get("text") or "").replace("\n", " ")
        if role == Qt.ItemDataRole.ToolTipRole and col == 3:
            return h.get("thread_title") or None
        if role == Qt.ItemDataRole.UserRole:
            return h.get("record_id")
        return None


def kind_label(kind: str | None) -> str:
    """``ad_interest`` -> ``Ad interest``: a record kind in plain words."""
    return str(kind or "").replace("_", " ").capitalize()


_MARK = re.compile(r"«(.*?)»", re.S)


def highlight_html(text: str) -> str:
    """Escape ``text`` and turn «match» into highlighted spans (the only markup allowed)."""
    c = theme.colors()
    esc = html.escape(text)
    return _MARK.sub(lambda m: f'<span style="background:{c["chip"]}; font-weight:600;">{m.group(1)}</span>', esc)


class SnippetDelegate(QStyledItemDelegate):
    """Paints snippets with their «» matches highlighted (escaped text, no markup from data)."""

    def paint(self, painter, option: QStyleOptionViewItem, index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text = opt.text
        opt.text = ""
        style = opt.widget.style() if opt.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        doc = QTextDocument()
        doc.setDocumentMargin(2)
        doc.setDefaultFont(opt.font)
        doc.setHtml(highlight_html(text))
        doc.setTextWidth(10_000)
        painter.save()
        painter.translate(opt.rect.left() + 2, opt.rect.top() + max(0, (opt.rect.height() - doc.size().height()) / 2))
        painter.setClipRect(0, 0, opt.rect.width() - 4, opt.rect.height())
        ctx = QAbstractTextDocumentLayout.PaintContext()
        role = QPalette.ColorRole.HighlightedText if opt.state & QStyle.StateFlag.State_Selected else QPalette.ColorRole.Text
        ctx.palette.setColor(QPalette.ColorRole.Text, opt.palette.color(role))
        doc.documentLayout().draw(painter, ctx)
        painter.restore()

    def sizeHint(self, option, index) -> QSize:
        s = super().sizeHint(option, index)
        return QSize(s.width(), max(s.height(), 24))
