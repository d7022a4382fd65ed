"""Sources: the archives in the vault with their import reports; import more; resume; the search index."""

from __future__ import annotations

import datetime as dt
from typing import Any

import os
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (QFileDialog, QHBoxLayout, QInputDialog, QLabel, QLineEdit, QListWidget, QListWidgetItem,
                               QPlainTextEdit, QProgressBar, QPushButton, QSplitter, QTabWidget, QVBoxLayout, QWidget)

from desktop_app.core.domain import platform_label
from desktop_app.ui import errors
from desktop_app.ui.import_flow import ImportPanel, fmt_eta, report_text
from desktop_app.ui.pages.base import Page

# What the export report names, in the user's words (other tables are summed as "other items").
REPORT_TABLES = (("records", "records"), ("threads", "conversations"), ("people", "people"),
                 ("archives", "archives"), ("assistant_conversations", "saved chats"), ("profile_facts", "profile facts"))


def export_report_text(rep: dict[str, Any]) -> str:
    """Plain words for a merge report: what came in, what was already here."""
    tables = rep.get("tables") or {}
    lines = [f"Imported the Hearth export {Path(str(rep.get('path', ''))).name}"
             + (" (open, unencrypted file)" if rep.get("open_format") else " (encrypted)") + ".", ""]
    for key, label in REPORT_TABLES:
        t = tables.get(key)
        if t:
            lines.append(f"{label}: {t.get('copied', 0):,} new, {t.get('existing', 0):,} already here"
                         + (f", {t['skipped']:,} left out (forgotten here)" if t.get("skipped") else ""))
    other = sum(int(t.get("copied", 0)) for k, t in tables.items()
                if k not in dict(REPORT_TABLES) and isinstance(t, dict))
    if other:
        lines.append(f"other items (search index, answers, settings…): {other:,} new")
    unknown = [x for x in rep.get("skipped_tables") or [] if x != "_migrations"]
    if unknown:
        lines.append("Not imported (unknown to this version): " + ", ".join(unknown))
    if rep.get("seconds") is not None:
        lines += ["", f"Took {rep['seconds']:.1f} s. Nothing was added twice; records you forgot stay forgotten."]
    return "\n".join(lines)


def _load(vault) -> dict[str, Any]:
    from desktop_app.core.ingest.service import pending_import
    from desktop_app.core.retrieval.indexer import status
    from desktop_app.ui import queries

    return {"archives": queries.archives(vault), "pending": pending_import(vault), "embed": status(vault)}


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
        # Long entries wrap instead of scrolling sideways (the minimum width is 820 px).
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setAccessibleName("Imported archives")
        self.list.setSpacing(3)
        self.list.currentItemChanged.connect(lambda cur, _p: self._show_report(cur))
        split.addWidget(self.list)
        self.report = QPlainTextEdit()
        self.report.setReadOnly(True)
        self.report.setAccessibleName("Import report of the selected archive")
        self.report.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))  # the table lines up
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
        self.embed_label.setAccessibleName("Search by meaning status")
        self.embed_bar = QProgressBar()
        self.embed_bar.setVisible(False)
        self.embed_bar.setAccessibleName("Search by meaning progress")
        self.embed_btn = QPushButton("Prepare search by meaning")
        self.embed_btn.setAccessibleName("Prepare search by meaning")
        self.embed_btn.clicked.connect(self.embed)
        self.embed_cancel = QPushButton("Stop")
        self.embed_cancel.setAccessibleName("Stop preparing search by meaning")
        self.embed_cancel.setVisible(False)
        self.embed_cancel.clicked.connect(lambda: self.embed_op.cancel() if self.embed_op else None)
        idx_row.addWidget(self.embed_label, 1)
        idx_row.addWidget(self.embed_bar)
        idx_row.addWidget(self.embed_btn)
        idx_row.addWidget(self.embed_cancel)
        al.addLayout(idx_row)
        # -- a Hearth export (encrypted .hearth or open .zip) merged back in
        exp_row = QHBoxLayout()
        self.export_import_btn = QPushButton("Import a Hearth export…")
        self.export_import_btn.setAccessibleName("Import a Hearth export")
        self.export_import_btn.setToolTip("Bring back an export made by Hearth (encrypted .hearth or open .zip); "
                                          "nothing is added twice.")
        self.export_import_btn.clicked.connect(self.import_export_dialog)
        self.export_import_bar = QProgressBar()
        self.export_import_bar.setVisible(False)
        self.export_import_bar.setAccessibleName("Export import progress")
        self.export_import_label = QLabel("")
        self.export_import_label.setTextFormat(Qt.TextFormat.PlainText)
        self.export_import_label.setObjectName("muted")
        self.export_import_label.setAccessibleName("Export import status")
        exp_row.addWidget(self.export_import_label, 1)
        exp_row.addWidget(self.export_import_bar)
        exp_row.addWidget(self.export_import_btn)
        al.addLayout(exp_row)
        self.export_import_op = None
        self.export_import_report: dict[str, Any] | None = None
        tabs.addTab(arch, "Archives")
        # -- import more
        self.importer = ImportPanel(self.session)
        self.importer.import_finished.connect(self._on_imported)
        tabs.addTab(self.importer, "Import more")
        self.tabs = tabs
        self.outer.addWidget(tabs, 1)
        self.embed_op = None
        self.resume_op = None
        self.data: dict[str, Any] = {}

    def _on_imported(self, _rep) -> None:
        self.refresh()
        self.window_.refresh_derived()  # embeddings, profile and people catch up in the background

    def refresh(self) -> None:
        self.session.db(_load).success(self._show).run()

    def _show(self, d: dict[str, Any]) -> None:
        self.data = d
        self.list.clear()
        for a in d["archives"]:
            when = dt.datetime.fromtimestamp(a["imported_at"]).strftime("%Y-%m-%d") if a.get("imported_at") else "?"
            item = QListWidgetItem(f"{a['name']}\n{platform_label(a.get('platform')) or 'Archive'} · {a['records']:,} records · "
                                   f"imported {when}")
            item.setData(Qt.ItemDataRole.UserRole, a["id"])
            self.list.addItem(item)
        rep = self.export_import_report
        if rep is not None:
            # The export merged in this session heads the list, so its report can be read again.
            rec = (rep.get("tables") or {}).get("records") or {}
            item = QListWidgetItem(f"Hearth export {Path(str(rep.get('path', ''))).name}\n"
                                   f"{rec.get('copied', 0):,} new records · imported just now")
            item.setData(Qt.ItemDataRole.UserRole, "export")
            self.list.insertItem(0, item)
            self.list.setCurrentRow(0)  # currentItemChanged shows its report
        elif not d["archives"]:
            self.report.setPlainText("No archive imported yet. Use \"Import more\" to bring one in.")
        elif self.list.currentItem() is None:
            self.list.setCurrentRow(0)
        p = d.get("pending")
        if p:
            self.pending_label.setText(f"An import was interrupted ({', '.join(x.split('/')[-1] for x in p.get('inputs', []))}).")
        else:
            self.pending_label.setText("")
        self.resume_btn.setVisible(bool(p) and not (self.resume_op and not self.resume_op.done))
        e = d["embed"]
        pending, total = int(e["pending"]), int(e["units_total"])
        self.embed_label.setText(f"Search by meaning: {pending:,} item(s) still to prepare of {total:,}"
                                 if pending else "Search by meaning: up to date.")
        self.embed_btn.setEnabled(pending > 0 and not self.embed_running)

    @property
    def embed_running(self) -> bool:
        return self.embed_op is not None and not self.embed_op.done

    def _show_report(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        aid = item.data(Qt.ItemDataRole.UserRole)
        if aid == "export" and self.export_import_report is not None:
            self.report.setPlainText(export_report_text(self.export_import_report))
            return
        a = next((x for x in self.data.get("archives", []) if x["id"] == aid), None)
        if a is None:
            return
        rep = a.get("report") or {}
        self.report.setPlainText(f"{a['name']}\n\n" + (report_text(rep) if rep else "No report was saved for this archive."))

    # -- Hearth export ----------------------------------------------------------------------------
    def import_export_dialog(self) -> None:
        if not errors.dialogs_enabled():
            return
        path, _f = QFileDialog.getOpenFileName(self, "Choose a Hearth export", os.path.expanduser("~"),
                                               "Hearth exports (*.hearth *.zip);;All files (*)")
        if path:
            self.import_export_file(path)

    def import_export_file(self, path: str, *, passphrase: str | None = None):
        """Merge an export into the vault on the DB thread (it ATTACHes the file), with progress and a report."""
        from desktop_app.core.privacy import export, open_import

        if not open_import.is_open_export(path):
            pw = passphrase or os.environ.get("HEARTH_EXPORT_PASSPHRASE") or None
            if pw is None and errors.dialogs_enabled():
                pw, ok = QInputDialog.getText(self, "Export passphrase",
                                              f"The passphrase that protects {Path(path).name}:",
                                              QLineEdit.EchoMode.Password)
                if not ok:
                    return None
            if not pw:
                errors.show_error(self, errors.KnownError("The export passphrase is needed to open this export."))
                return None

            def _run(v, progress, cancel):
                return export.import_export(v, path, pw, progress=progress, cancel=cancel)
        else:
            def _run(v, progress, cancel):
                return open_import.import_open_export(v, path, progress=progress, cancel=cancel)

        self.export_import_btn.setEnabled(False)
        self.export_import_bar.setVisible(True)
        self.export_import_bar.setRange(0, 0)
        self.export_import_label.setText(f"Importing {Path(path).name}…")
        op = self.session.db(_run, progress=True)
        op.with_progress(self._on_export_import_progress).success(self._export_imported) \
            .failure(self._export_import_failed) \
            .on_finished(lambda: (self.export_import_btn.setEnabled(True), self.export_import_bar.setVisible(False)))
        self.export_import_op = op
        self.window_.track(op, "Importing an export")
        op.run()
        return op

    def _on_export_import_progress(self, p: Any) -> None:
        if p.fraction is not None:
            self.export_import_bar.setRange(0, 1000)
            self.export_import_bar.setValue(int(p.fraction * 1000))
        stage = str(p.stage).replace("import export: ", "")
        self.export_import_label.setText(f"Importing the export: {stage}")

    def _export_imported(self, rep: dict[str, Any]) -> None:
        self.export_import_report = rep
        rec = (rep.get("tables") or {}).get("records") or {}
        self.export_import_label.setText(f"Export imported: {rec.get('copied', 0):,} new record(s), "
                                         f"{rec.get('existing', 0):,} already here.")
        self.report.setPlainText(export_report_text(rep))
        self.session.data_changed.emit("records")  # the refresh puts the export first in the list

    def _export_import_failed(self, exc: BaseException) -> None:
        self.export_import_label.setText("Stopped; the vault was not changed." if isinstance(exc, errors.Cancelled)
                                         else "The export was not imported; the vault was not changed.")
        errors.show_error(self, exc)

    def resume(self) -> None:
        self.resume_btn.setVisible(False)
        self.tabs.setCurrentWidget(self.importer)
        self.resume_op = self.importer.start_import(resume=True)

    def embed(self) -> None:
        def _run(v, progress, cancel):
            from desktop_app.core.retrieval.indexer import embed_pending

            return embed_pending(v, embedder=self.session.embedder, progress=progress, cancel=cancel)

        self.embed_btn.setEnabled(False)
        self.embed_cancel.setVisible(True)
        self.embed_bar.setVisible(True)
        self.embed_bar.setRange(0, 0)
        self.embed_label.setText("Loading the search-by-meaning model…")
        op = self.session.ml(_run, progress=True)
        op.with_progress(self._on_embed_progress).success(lambda _r: self._embed_done("Search by meaning: up to date.")) \
            .failure(self._on_embed_failed)
        self.embed_op = op
        self.window_.track(op, "Preparing search by meaning")
        op.run()

    def _on_embed_progress(self, p: Any) -> None:
        frac = p.fraction
        if frac is not None:
            self.embed_bar.setRange(0, 1000)
            self.embed_bar.setValue(int(frac * 1000))
        total = f" of {p.total:,}" if p.total else ""
        eta = fmt_eta(p.eta_s)
        self.embed_label.setText(f"Preparing: {p.done:,}{total}" + (f" · {eta}" if eta else ""))

    def _on_embed_failed(self, exc: BaseException) -> None:
        self._embed_done("Stopped; the rest can be prepared later." if isinstance(exc, errors.Cancelled) else "Preparing search by meaning failed.")
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
        self.export_import_report = None
