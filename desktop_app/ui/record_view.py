"""A record shown in its context: the conversation around a message, or the post/comment itself."""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from desktop_app.ui import queries, theme
from desktop_app.ui.markdown_view import SafeBrowser

_OPEN: list["RecordDialog"] = []


def fmt_ts(ts_ms: int | None, *, with_time: bool = True) -> str:
    if ts_ms is None:
        return "no date"
    d = dt.datetime.fromtimestamp(ts_ms / 1000, dt.timezone.utc).astimezone()
    return d.strftime("%Y-%m-%d %H:%M" if with_time else "%Y-%m-%d")


def context_html(ctx: dict[str, Any]) -> str:
    """Escaped HTML for a context window; the target record is marked and anchored."""
    c = theme.colors()
    target = ctx["record"]["id"] if ctx.get("record") else None
    parts = []
    for it in ctx.get("items", []):
        who = html.escape(it.get("author") or ("You" if it.get("is_mine") else "—"))
        when = html.escape(fmt_ts(it.get("ts")))
        body = html.escape(it.get("text") or "").replace("\n", "<br>")
        style = f"background:{c['chip']}; padding:6px;" if it["id"] == target else "padding:6px;"
        anchor = '<a name="target"></a>' if it["id"] == target else ""
        parts.append(f'{anchor}<p style="{style} margin-bottom:4px;"><b>{who}</b> '
                     f'<span style="color:{c["muted"]}">· {when}</span><br>{body}</p>')
    return "".join(parts) or "<p>This record is no longer in the vault.</p>"


class RecordDialog(QDialog):
    """Non-modal; loads the context on the DB thread."""

    def __init__(self, session, record_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle("Record in context")
        self.setAccessibleName("Record in context")
        self.record_id = record_id
        lay = QVBoxLayout(self)
        self.head = QLabel("Loading…")
        self.head.setTextFormat(Qt.TextFormat.PlainText)
        self.head.setObjectName("pageTitle")
        lay.addWidget(self.head)
        self.meta = QLabel("")
        self.meta.setObjectName("muted")
        self.meta.setTextFormat(Qt.TextFormat.PlainText)
        lay.addWidget(self.meta)
        self.view = SafeBrowser()
        self.view.setAccessibleName("Conversation around the record")
        lay.addWidget(self.view, 1)
        bb = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        bb.rejected.connect(self.close)
        lay.addWidget(bb)
        self.resize(640, 560)
        self.loaded = False
        session.db(lambda v: queries.context(v, record_id)).success(self._show).run()
        session.locked.connect(self.close)
        _OPEN.append(self)
        self.destroyed.connect(lambda *_: _OPEN.remove(self) if self in _OPEN else None)

    def _show(self, ctx: dict[str, Any]) -> None:
        rec = ctx.get("record")
        if rec is None:
            self.head.setText("Not found")
            self.view.setHtml("<p>This record is no longer in the vault (it may have been forgotten).</p>")
        else:
            self.head.setText(ctx.get("title") or "Record")
            self.meta.setText(f"{rec['platform'].title()} · {rec['kind']} · {fmt_ts(rec['ts'])}"
                              + (f" · from {rec['source']}" if rec.get("source") else ""))
            self.view.setHtml(context_html(ctx))
            self.view.scrollToAnchor("target")
        self.loaded = True


def open_record(session, record_id: int, parent: QWidget | None = None) -> RecordDialog:
    dlg = RecordDialog(session, int(record_id), parent)
    dlg.show()
    return dlg


def open_dialogs() -> list[RecordDialog]:
    return list(_OPEN)
