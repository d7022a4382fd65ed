"""Sources: the archives in the vault with their import reports; import more; resume; the search index."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPlainTextEdit, QProgressBar,
                               QPushButton, QSplitter, QTabWidget, QVBoxLayout, QWidget)

from desktop_app.ui import errors, optional
from desktop_app.ui.import_flow import SERVICE, ImportPanel, fmt_eta, report_text
from desktop_app.ui.pages.base import Page

INDEXER = "desktop_app.core.retrieval.indexer"


def _load(vault) -> dict[str, Any]:
    from desktop_app.ui import queries

    out: dict[str, Any] = {"archives": queries.archives(vault), "pending": None, "embed": None}
    svc = optional.load(SERVICE)
    if svc is not None:
        out["pending"] = svc.pending_import(vault)
    idx = optional.load(INDEXER)
    if idx is not None:
        try:
            out["embed"] = idx.status(vault)
        except Exception:  # noqa: BLE001 - the index tables may not exist in an old vault
            out["embed"] = {"pending": idx.pending_count(vault)}
    return out


class SourcesPage(Page):
    title = "Sources"
    subtitle = "The archives in your vault. Import a newer export any time: nothing is added twice."

    def __init__(self, window) -> None:
        super().__init__(window)
        tabs = QTabWidget()
        tabs.setAccessibleName("Sources sections")
        # -- archives
        arch = QWidget()
        al = QVBoxLayout(arch)
        split = QSplitter()
        self.list = QListWidget()
        self.list.setAccessibleName("Imported archives")
        self.list.currentItemChanged.connect(lambda cur, _p: self._show_report(cur))
        split.addWidget(self.list)
        self.report = QPlainTextEdit()
        self.report.setReadOnly(True)
        self.report.setAccessibleName("Import report of the selected archive")
        split.addWidget(self.report)
        split.setSizes([320, 600])
        al.addWidget(split, 1)
        resume_row = QHBoxLayout()
        self.pending_label = QLabel("")
        self.pending_label.setTextFormat(Qt.TextFormat.PlainText)
        self.resume_btn = QPushButton("Resume interrupted import")
        self.resume_btn.setAccessibleName("Resume the interrupted import")
        self.resume_btn.setVisible(False)
        self.resume_btn.clicked.connect(self.resume)
        resume_row.addWidget(self.pending_label, 1)
        resume_row.addWidget(self.resume_btn)
        al.addLayout(resume_row)
        # -- semantic index
        idx_row = QHBoxLayout()
        self.embed_label = QLabel("")
        self.embed_label.setTextFormat(Qt.TextFormat.PlainText)
        self.embed_label.setAccessibleName("Meaning index status")
        self.embed_bar = QProgressBar()
        self.embed_bar.setVisible(False)
        self.embed_bar.setAccessibleName("Meaning index progress")
        self.embed_btn = QPushButton("Build meaning index")
        self.embed_btn.setAccessibleName("Build the meaning-based search index")
        self.embed_btn.clicked.connect(self.embed)
        self.embed_cancel = QPushButton("Stop")
        self.embed_cancel.setAccessibleName("Stop building the index")
        self.embed_cancel.setVisible(False)
        self.embed_cancel.clicked.connect(lambda: self.embed_op.cancel() if self.embed_op else None)
        idx_row.addWidget(self.embed_label, 1)
        idx_row.addWidget(self.embed_bar)
        idx_row.addWidget(self.embed_btn)
        idx_row.addWidget(self.embed_cancel)
        al.addLayout(idx_row)
        tabs.addTab(arch, "Archives")
        # -- import more
        self.importer = ImportPanel(self.session)
        self.importer.import_finished.connect(lambda _r: self.refresh())
        tabs.addTab(self.importer, "Import more")
        self.tabs = tabs
        self.outer.addWidget(tabs, 1)
        self.embed_op = None
        self.resume_op = None
        self.data: dict[str, Any] = {}

    def refresh(self) -> None:
        self.session.db(_load).success(self._show).run()

    def _show(self, d: dict[str, Any]) -> None:
        self.data = d
        self.list.clear()
        for a in d["archives"]:
            when = dt.datetime.fromtimestamp(a["imported_at"]).strftime("%Y-%m-%d") if a.get("imported_at") else "?"
            item = QListWidgetItem(f"{a['name']}\n{a.get('platform') or ''} · {a['records']:,} records · imported {when}")
            item.setData(Qt.ItemDataRole.UserRole, a["id"])
            self.list.addItem(item)
        if not d["archives"]:
            self.report.setPlainText("No archive imported yet. Use \"Import more\" to bring one in.")
        elif self.list.currentItem() is None:
            self.list.setCurrentRow(0)
        p = d.get("pending")
        if p:
            self.pending_label.setText(f"An import was interrupted ({', '.join(x.split('/')[-1] for x in p.get('inputs', []))}).")
        else:
            self.pending_label.setText("")
        self.resume_btn.setVisible(bool(p) and not (self.resume_op and not self.resume_op.done))
        e = d.get("embed")
        if e is None:
            self.embed_label.setText("Meaning-based search is not available in this build yet.")
            self.embed_btn.setEnabled(False)
        else:
            pending = int(e.get("pending", 0) or 0)
            total = e.get("units_total") or e.get("units") or e.get("total")
            self.embed_label.setText(
                f"Meaning index: {pending:,} item(s) waiting" + (f" of {total:,}" if isinstance(total, int) else "")
                if pending else "Meaning index: up to date.")
            self.embed_btn.setEnabled(pending > 0 and not self.embed_running)

    @property
    def embed_running(self) -> bool:
        return self.embed_op is not None and not self.embed_op.done

    def _show_report(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        aid = item.data(Qt.ItemDataRole.UserRole)
        a = next((x for x in self.data.get("archives", []) if x["id"] == aid), None)
        if a is None:
            return
        rep = a.get("report") or {}
        self.report.setPlainText(f"{a['name']}\n\n" + (report_text(rep) if rep else "No report was saved for this archive."))

    def resume(self) -> None:
        self.resume_btn.setVisible(False)
        self.tabs.setCurrentWidget(self.importer)
        self.resume_op = self.importer.start_import(resume=True)

    def embed(self) -> None:
        idx = optional.load(INDEXER)
        if idx is None:
            return

        def _run(v, progress, cancel):
            return idx.embed_pending(v, embedder=self.session.embedder, progress=progress, cancel=cancel)

        self.embed_btn.setEnabled(False)
        self.embed_cancel.setVisible(True)
        self.embed_bar.setVisible(True)
        self.embed_bar.setRange(0, 0)
        self.embed_label.setText("Loading the meaning model…")
        op = self.session.ml(_run, progress=True)
        op.with_progress(self._on_embed_progress).success(lambda _r: self._embed_done("Meaning index: up to date.")) \
            .failure(self._on_embed_failed)
        self.embed_op = op
        self.window_.track(op, "Building the meaning index")
        op.run()

    def _on_embed_progress(self, p: Any) -> None:
        frac = p.fraction
        if frac is not None:
            self.embed_bar.setRange(0, 1000)
            self.embed_bar.setValue(int(frac * 1000))
        total = f" of {p.total:,}" if p.total else ""
        eta = fmt_eta(p.eta_s)
        self.embed_label.setText(f"{p.stage}: {p.done:,}{total}" + (f" · {eta}" if eta else ""))

    def _on_embed_failed(self, exc: BaseException) -> None:
        self._embed_done("Stopped; the rest can be indexed later." if isinstance(exc, errors.Cancelled) else "Indexing failed.")
        errors.show_error(self, exc)

    def _embed_done(self, text: str) -> None:
        self.embed_bar.setVisible(False)
        self.embed_cancel.setVisible(False)
        self.embed_label.setText(text)
        self.refresh()

    def clear(self) -> None:
        if self.embed_op is not None:
            self.embed_op.cancel()
        self.importer.clear()
        self.list.clear()
        self.report.clear()
