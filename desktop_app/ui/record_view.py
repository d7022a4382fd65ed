"""A record shown in its context: the conversation around a message, or the post/comment itself."""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QMessageBox, QPushButton, QVBoxLayout, QWidget

from desktop_app.core.domain import platform_label
from desktop_app.ui import errors, queries, theme
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
        self.forget_btn = QPushButton("Forget this record…")
        self.forget_btn.setAccessibleName("Forget this record for good")
        self.forget_btn.setToolTip("Remove this one record from the vault, the search index, your profile and saved chats.")
        self.forget_btn.setEnabled(False)
        self.forget_btn.clicked.connect(lambda: self.forget_record())
        bb.addButton(self.forget_btn, QDialogButtonBox.ButtonRole.DestructiveRole)
        # Enter closes; the destructive button is never the default (it only asks, but still).
        self.forget_btn.setAutoDefault(False)
        bb.button(QDialogButtonBox.StandardButton.Close).setDefault(True)
        self.view.setFocus()
        lay.addWidget(bb)
        self.resize(640, 560)
        self.loaded = False
        self.forgotten = False
        self.session = session
        self.ctx: dict[str, Any] = {}
        self.cited_by = 0
        self._load()
        session.locked.connect(self.close)
        session.records_forgotten.connect(self._on_forgotten)
        _OPEN.append(self)
        self.destroyed.connect(lambda *_: _OPEN.remove(self) if self in _OPEN else None)

    def _load(self) -> None:
        rid = self.record_id
        self.session.db(lambda v: (queries.context(v, rid), queries.answers_citing(v, rid))).success(self._show).run()

    def _show(self, res: tuple[dict[str, Any], int]) -> None:
        ctx, self.cited_by = res
        self.ctx = ctx
        rec = ctx.get("record")
        self.forget_btn.setEnabled(rec is not None)
        if rec is None:
            self.head.setText("Forgotten" if self.forgotten else "Not found")
            self.meta.setText("")
            self.view.setHtml("<p>This record is no longer in the vault (it may have been forgotten).</p>")
        else:
            self.head.setText(ctx.get("title") or "Record")
            self.meta.setText(f"{platform_label(rec['platform'])} · {rec['kind']} · {fmt_ts(rec['ts'])}"
                              + (f" · from {rec['source']}" if rec.get("source") else ""))
            self.view.setHtml(context_html(ctx))
            self.view.scrollToAnchor("target")
        self.loaded = True

    # -- forget ----------------------------------------------------------------------------------
    def confirmation_text(self) -> str:
        """Names the record (who, when, where) and everything that goes with it."""
        rec = self.ctx.get("record") or {}
        who = rec.get("author") or ("you" if rec.get("is_mine") else "an unknown author")
        kind = str(rec.get("kind") or "record").replace("_", " ")
        where = f" in “{self.ctx.get('title')}”" if rec.get("thread_id") is not None and self.ctx.get("title") else ""
        preview = " ".join(str(rec.get("text") or "").split())
        preview = (preview[:80] + "…") if len(preview) > 80 else preview
        cites = (f"\n• {self.cited_by} saved answer(s) that cite it will show it as forgotten, and their quotes of it "
                 "are removed" if self.cited_by else "")
        return (f"Forget this {kind} from {who} on {fmt_ts(rec.get('ts'))}{where} "
                f"({platform_label(rec.get('platform'))})?\n\n"
                + (f"“{preview}”\n\n" if preview else "")
                + "This removes, for good:\n• the record from the vault\n• its place in the search indexes\n"
                  "• anything in your profile derived from it" + cites
                + "\n\nThe rest of the conversation stays. A later import will not bring this record back.")

    def forget_record(self, *, confirm: bool = True):
        """Ask (naming the record), then forget it on the DB thread; every open view is told."""
        if self.ctx.get("record") is None or self.forgotten:
            return None
        if confirm:
            ans = QMessageBox.warning(self, "Forget this record?", self.confirmation_text(),
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                                      QMessageBox.StandardButton.Cancel)
            if ans != QMessageBox.StandardButton.Yes:
                return None
        rid = self.record_id
        self.forget_btn.setEnabled(False)
        self.meta.setText("Forgetting…")
        session = self.session

        def _run(v, progress, cancel):
            from desktop_app.core.privacy.forget import forget  # on the DB thread, not the GUI's

            return forget(v, record_ids=[rid], progress=progress, cancel=cancel)

        def _done(receipt: dict[str, Any]) -> None:
            # Module-level so the views refresh even if this dialog was closed meanwhile.
            session.records_forgotten.emit([rid])
            session.data_changed.emit("records")

        op = session.db(_run, progress=True)
        op.success(_done).failure(lambda exc: (errors.show_error(self, exc), self._load()))
        op.run()
        return op

    def _on_forgotten(self, ids: list[int]) -> None:
        if self.record_id in ids:
            self.forgotten = True
            self.head.setText("Forgotten")
            self.meta.setText("This record was forgotten: it is gone from the vault, the search index and saved chats.")
            self.view.setHtml("<p>This record was forgotten.</p>")
            self.forget_btn.setEnabled(False)
        elif any(it.get("id") in ids for it in self.ctx.get("items", [])):
            self._load()  # a neighbour went: show the context without it


def open_record(session, record_id: int, parent: QWidget | None = None) -> RecordDialog:
    dlg = RecordDialog(session, int(record_id), parent)
    dlg.show()
    return dlg


def open_dialogs() -> list[RecordDialog]:
    return list(_OPEN)
