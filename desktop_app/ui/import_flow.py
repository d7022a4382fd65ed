"""Importing an archive: pick files, choose what to bring in (from ``inspect()``), watch it, read the report.

Used by the first-run wizard and the Sources page. Inspection reads only the files (IO pool);
the import writes through the vault in batches (IO pool; each batch takes the vault lock).

Signals:
    import_finished(dict): the import report (``ImportReport.to_dict()``), also after a cancel.
    state_changed(str): "idle" | "inspecting" | "ready" | "importing" | "done".
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDateEdit, QFileDialog, QGridLayout, QHBoxLayout, QLabel,
                               QListWidget, QListWidgetItem, QPlainTextEdit, QProgressBar, QPushButton, QVBoxLayout,
                               QWidget)

from desktop_app.core.errors import KnownError
from desktop_app.ui import errors, workers
from desktop_app.ui.qdates import day_ms, ms_day
from desktop_app.ui.record_view import fmt_ts


def fmt_eta(seconds: float | None) -> str:
    if seconds is None:
        return ""
    s = int(seconds)
    if s < 60:
        return f"about {s} s left"
    return f"about {s // 60} min {s % 60:02d} s left"


def report_text(rep: dict[str, Any]) -> str:
    """A plain summary of an import report for people."""
    if "totals" not in rep:
        return "No detailed report was saved for this import."
    t = rep.get("totals", {})
    state = {"done": "Import finished.", "cancelled": "Import stopped; what was read so far is kept and it can be resumed.",
             "failed": "Import failed."}.get(rep.get("state", ""), f"Import {rep.get('state', '')}.")
    lines = [state,
             f"Imported {t.get('imported', 0):,} new records ({t.get('duplicates', 0):,} already in the vault, "
             f"{t.get('excluded', 0):,} left out by your choices, {t.get('forgotten', 0):,} you had forgotten).",
             ""]
    for name, c in (rep.get("categories") or {}).items():
        span = f"{fmt_ts(c.get('first_ts'), with_time=False)} → {fmt_ts(c.get('last_ts'), with_time=False)}" \
            if c.get("first_ts") else ""
        lines.append(f"  {category_label(name):<12} {c.get('imported', 0):>7,} imported  {c.get('duplicates', 0):>6,} duplicates  {span}")
        for sk in (c.get("skipped") or [])[:3]:
            lines.append(f"      skipped {sk.get('path', '')}: {sk.get('reason', '')}")
    if t.get("skipped_files"):
        lines.append(f"\n{t['skipped_files']} file(s) could not be read (listed above).")
    if t.get("known_not_imported"):
        lines.append(f"{t['known_not_imported']} known file type(s) are not imported yet.")
    if t.get("media_files"):
        lines.append(f"{t['media_files']:,} photos/videos were referenced (kept in the archive, not copied).")
    for e in rep.get("input_errors") or []:
        lines.append(f"Not imported: {e.get('path', '')}: {e.get('reason', '')}")
    return "\n".join(lines)


LOCAL_ZONE = "this computer's time zone"


def year_span(first_ms: int | None, last_ms: int | None) -> str:
    """"2019–2024" (or "2023") for a category's dates, "" when undated."""
    if not first_ms:
        return ""
    a, b = fmt_ts(first_ms, with_time=False)[:4], fmt_ts(last_ms or first_ms, with_time=False)[:4]
    return a if a == b else f"{a}–{b}"


def category_label(name: str) -> str:
    """``ad_data`` -> ``Ad data``: the core's category key in plain words."""
    return str(name).replace("_", " ").strip().capitalize() or str(name)


class ImportPanel(QWidget):
    import_finished = Signal(object)
    state_changed = Signal(str)

    def __init__(self, session, parent: QWidget | None = None, *, own_start_button: bool = True) -> None:
        super().__init__(parent)
        self.session = session
        self.paths: list[str] = []
        self.inspect_report: dict[str, Any] | None = None
        self.op: workers.BackgroundOp | None = None
        self.report: dict[str, Any] | None = None
        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 8, 8, 8)
        pick = QHBoxLayout()
        self.file_btn = QPushButton("Choose archive file…")
        self.file_btn.setAccessibleName("Choose an archive file")
        self.file_btn.clicked.connect(self._pick_file)
        self.dir_btn = QPushButton("Choose folder…")
        self.dir_btn.setAccessibleName("Choose an unpacked archive folder")
        self.dir_btn.clicked.connect(self._pick_dir)
        self.guide_btn = QPushButton("How do I get my archive?")
        self.guide_btn.setAccessibleName("How to get your archive from Facebook, Instagram or WhatsApp")
        self.guide_btn.clicked.connect(self.show_guide)
        pick.addWidget(self.file_btn)
        pick.addWidget(self.dir_btn)
        pick.addStretch(1)
        pick.addWidget(self.guide_btn)
        lay.addLayout(pick)
        self.paths_label = QLabel("Your Facebook, Instagram or WhatsApp export (.zip or folder) — or drop it here.")
        self.paths_label.setObjectName("muted")
        self.paths_label.setTextFormat(Qt.TextFormat.PlainText)
        self.paths_label.setWordWrap(True)
        lay.addWidget(self.paths_label)

        self.select_box = QWidget()
        grid = QGridLayout(self.select_box)
        grid.setContentsMargins(0, 4, 0, 4)
        grid.addWidget(QLabel("What to bring in"), 0, 0)
        grid.addWidget(QLabel("Leave these people out (tick to exclude; you stay in)"), 0, 1)
        self.categories = QListWidget()
        self.categories.setAccessibleName("Categories to import")
        self.people = QListWidget()
        self.people.setAccessibleName("People to leave out")
        grid.addWidget(self.categories, 1, 0)
        grid.addWidget(self.people, 1, 1)
        dates = QHBoxLayout()
        self.use_since = QCheckBox("Only from")
        self.since = QDateEdit(QDate(2010, 1, 1))
        self.use_until = QCheckBox("until")
        self.until = QDateEdit(QDate.currentDate())
        for w, n in ((self.since, "Import from date"), (self.until, "Import until date")):
            w.setCalendarPopup(True)
            w.setDisplayFormat("yyyy-MM-dd")
            w.setAccessibleName(n)
        self.use_since.setAccessibleName("Limit the start date")
        self.use_until.setAccessibleName("Limit the end date")
        for w in (self.use_since, self.since, self.use_until, self.until):
            dates.addWidget(w)
        dates.addStretch(1)
        grid.addLayout(dates, 2, 0, 1, 2)
        # WhatsApp files carry the phone's clock without a zone: shown only when a chat is found.
        self.zone_row = QWidget()
        zl = QHBoxLayout(self.zone_row)
        zl.setContentsMargins(0, 0, 0, 0)
        zl.addWidget(QLabel("WhatsApp times are in"))
        self.zone = QComboBox()
        self.zone.setEditable(True)
        self.zone.setAccessibleName("Time zone of WhatsApp chat times")
        self.zone.setToolTip("The zone of the phone the chats were exported from: an IANA name like "
                             "Europe/Berlin, or UTC")
        zl.addWidget(self.zone)
        zl.addStretch(1)
        self.zone_row.setVisible(False)
        grid.addWidget(self.zone_row, 3, 0, 1, 2)
        lay.addWidget(self.select_box, 1)
        self.select_box.setVisible(False)

        run = QHBoxLayout()
        self.start_btn = QPushButton("Import")
        self.start_btn.setObjectName("primary")
        self.start_btn.setAccessibleName("Start the import")
        self.start_btn.setEnabled(False)
        self.start_btn.clicked.connect(self.start_import)
        self.cancel_btn = QPushButton("Cancel")
        self.cancel_btn.setAccessibleName("Cancel the import")
        self.cancel_btn.setEnabled(False)
        self.cancel_btn.clicked.connect(self.cancel)
        self.bar = QProgressBar()
        self.bar.setAccessibleName("Import progress")
        self.bar.setVisible(False)
        self.own_start_button = own_start_button  # the wizard's own primary button starts it there
        run.addWidget(self.start_btn)
        run.addWidget(self.cancel_btn)
        run.addWidget(self.bar, 3)
        run.addStretch(1)  # buttons keep their size when the bar is hidden
        lay.addLayout(run)
        self.status = QLabel("")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setObjectName("muted")
        self.status.setAccessibleName("Import status")
        lay.addWidget(self.status)
        self.report_view = QPlainTextEdit()
        self.report_view.setReadOnly(True)
        self.report_view.setAccessibleName("Import report")
        self.report_view.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))  # the table lines up
        self.report_view.setVisible(False)
        lay.addWidget(self.report_view, 1)
        lay.addStretch(0)  # with nothing chosen yet, the controls sit at the top, not in the middle
        self.state = "idle"
        self.start_btn.setVisible(False)
        self.cancel_btn.setVisible(False)
        self.setAcceptDrops(True)

    def show_guide(self):
        from desktop_app.ui.archive_guide import show_guide

        self.guide = show_guide(self.window())
        return self.guide

    # -- drag and drop ---------------------------------------------------------------------------
    def dragEnterEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.mimeData().hasUrls() and self.state not in ("inspecting", "importing"):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802 - Qt override
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.set_paths(paths)

    # -- picking ---------------------------------------------------------------------------------
    def _pick_file(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, "Choose your archive", str(Path.home()),
                                                "Archives (*.zip *.tar *.tar.gz *.tgz *.json *.txt);;All files (*)")
        if files:
            self.set_paths(files)

    def _pick_dir(self) -> None:
        d = QFileDialog.getExistingDirectory(self, "Choose the unpacked archive folder", str(Path.home()))
        if d:
            self.set_paths([d])

    def set_paths(self, paths: list[str]) -> None:
        """Inspect ``paths`` (no writes) and show what they hold."""
        self.paths = [str(p) for p in paths]
        self.paths_label.setText(", ".join(Path(p).name for p in self.paths))
        self._set_state("inspecting")
        self.status.setText("Reading the archive (nothing is imported yet)…")
        self.bar.setVisible(True)
        self.bar.setRange(0, 0)
        from desktop_app.core.ingest import service as svc

        paths_ = list(self.paths)
        op = workers.BackgroundOp(lambda progress, cancel: svc.inspect(paths_, progress=progress, cancel=cancel).to_dict(),
                                  pool="io", parent=self)
        op.with_progress(self._on_progress).success(self._on_inspected).failure(self._on_failed)
        op.on_finished(lambda: self.bar.setVisible(self.state == "importing"))
        self.op = op
        op.run()

    def _on_inspected(self, rep: dict[str, Any]) -> None:
        self.inspect_report = rep
        self.categories.clear()
        for name, c in rep.get("categories", {}).items():
            # Years only: the full dates made the list scroll sideways at the minimum width.
            span = year_span(c.get("first_ts"), c.get("last_ts"))
            item = QListWidgetItem(f"{category_label(name)} — {c.get('found', 0):,}" + (f" · {span}" if span else ""))
            if c.get("first_ts"):
                item.setToolTip(f"{fmt_ts(c.get('first_ts'), with_time=False)} to {fmt_ts(c.get('last_ts'), with_time=False)}")
            item.setData(Qt.ItemDataRole.UserRole, name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.categories.addItem(item)
        self.people.clear()
        owners = {o.get("name") for o in rep.get("owners") or []}
        for p in rep.get("people", [])[:200]:
            if p["name"] in owners:
                # The archive's owner cannot be left out: every thread is theirs.
                item = QListWidgetItem(f"{p['name']} (you) — {p['records']:,}")
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsUserCheckable & ~Qt.ItemFlag.ItemIsEnabled)
                item.setToolTip("You are the owner of this archive; you cannot be left out.")
            else:
                item = QListWidgetItem(f"{p['name']} — {p['records']:,}")
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Unchecked)
            item.setData(Qt.ItemDataRole.UserRole, p["name"])
            self.people.addItem(item)
        self._offer_zone(any(e.get("platform") == "whatsapp" for e in rep.get("exports", [])))
        firsts = [c["first_ts"] for c in rep.get("categories", {}).values() if c.get("first_ts")]
        if firsts:
            self.since.setDate(ms_day(min(firsts)))
        found = sum(c.get("found", 0) for c in rep.get("categories", {}).values())
        errs = len(rep.get("input_errors") or [])
        self.status.setText(f"Found {found:,} items in {len(rep.get('categories', {}))} categories."
                            + (f" {errs} input(s) could not be read." if errs else "") + " Choose what to bring in, then Import.")
        self.select_box.setVisible(True)
        self._set_state("ready")
        self._check_owner(rep.get("owners") or [])

    def _check_owner(self, owners: list[dict[str, Any]]) -> None:
        """Ask before bringing another person's export into this vault (a friend's archive, a second
        owner): the warning shows in the status line and Import must be pressed a second time."""
        self.owner_warnings: list[str] = []
        self._owner_confirmed = False
        if not owners or getattr(self.session, "_vault", None) is None:
            return

        def check(v):
            from desktop_app.core.profile.owner import other_owners

            return other_owners(v, owners)

        def show(warnings: list[str]) -> None:
            self.owner_warnings = list(warnings or [])
            if self.owner_warnings and self.state == "ready":
                self.status.setText(" ".join(self.owner_warnings) + " Press Import again to bring it in anyway.")

        op = self.session.db(check)
        op.success(show)
        op.run()

    def _offer_zone(self, show: bool) -> None:
        if show and not self.zone.count():
            from zoneinfo import available_timezones

            self.zone.addItem(LOCAL_ZONE, "")
            self.zone.addItems(["UTC", *sorted(z for z in available_timezones() if "/" in z)])
        self.zone_row.setVisible(show)

    def chosen_zone(self) -> str:
        """The zone typed or picked ("" = this computer's); KnownError for an unknown name."""
        from desktop_app.core.ingest.options import check_zone

        text = self.zone.currentText().strip()
        if self.zone_row.isHidden() or not text or text == LOCAL_ZONE:
            return ""
        return check_zone(text)

    # -- importing -------------------------------------------------------------------------------
    def options(self):
        from desktop_app.core.ingest.options import ImportOptions

        opts = ImportOptions(whatsapp_zone=self.chosen_zone())
        for i in range(self.categories.count()):
            it = self.categories.item(i)
            if it.checkState() != Qt.CheckState.Checked:
                opts.exclude_categories.add(it.data(Qt.ItemDataRole.UserRole))
        for i in range(self.people.count()):
            it = self.people.item(i)
            if it.flags() & Qt.ItemFlag.ItemIsUserCheckable and it.checkState() == Qt.CheckState.Checked:
                opts.exclude_people.add(it.data(Qt.ItemDataRole.UserRole))
        if self.use_since.isChecked():
            opts.since_ms = day_ms(self.since.date())
        if self.use_until.isChecked():
            opts.until_ms = day_ms(self.until.date().addDays(1))
        return opts

    def start_import(self, *, resume: bool = False) -> workers.BackgroundOp | None:
        from desktop_app.core.ingest import service as svc

        if resume:
            fn = lambda v, progress, cancel: svc.resume_import(v, progress=progress, cancel=cancel).to_dict()  # noqa: E731
        else:
            if not self.paths:
                return None
            if getattr(self, "owner_warnings", None) and not self._owner_confirmed:
                self._owner_confirmed = True      # asked once; the next press imports
                self.status.setText(" ".join(self.owner_warnings) + " Press Import again to bring it in anyway.")
                return None
            try:
                paths, opts = list(self.paths), self.options()
            except KnownError as exc:  # an unknown time zone typed in
                self.status.setText(str(exc))
                return None
            fn = lambda v, progress, cancel: svc.run_import(v, paths, options=opts, progress=progress,  # noqa: E731
                                                            cancel=cancel).to_dict()
        self._set_state("importing")
        self.status.setText("Resuming the import…" if resume else "Importing…")
        self.bar.setVisible(True)
        self.bar.setRange(0, 0)
        self.report_view.setVisible(False)
        op = self.session.db(fn, progress=True, pool="io")
        op.with_progress(self._on_progress).success(self._on_imported).failure(self._on_failed)
        self.op = op
        op.run()
        return op

    def cancel(self) -> None:
        if self.op is not None and not self.op.done:
            self.op.cancel()
            self.status.setText("Stopping after the current batch…")
            self.cancel_btn.setEnabled(False)

    def _on_progress(self, p: Any) -> None:
        frac = getattr(p, "fraction", None)
        if frac is not None:
            self.bar.setRange(0, 1000)
            self.bar.setValue(int(frac * 1000))
        if self.state == "importing":
            done = getattr(p, "done", 0)
            msg = f"Imported {done:,} items"
            eta = fmt_eta(getattr(p, "eta_s", None))
            self.status.setText(msg + (f" · {eta}" if eta else "") + " · you can keep using Hearth.")

    def _on_imported(self, rep: dict[str, Any]) -> None:
        self.report = rep
        self.bar.setVisible(False)
        self.report_view.setPlainText(report_text(rep))
        self.report_view.setVisible(True)
        self.status.setText("Stopped: resume it from Sources when you like." if rep.get("state") == "cancelled"
                            else "Done.")
        self._set_state("done")
        self.session.data_changed.emit("records")
        self.import_finished.emit(rep)

    def _on_failed(self, exc: BaseException) -> None:
        self.bar.setVisible(False)
        if isinstance(exc, errors.Cancelled):
            self.status.setText("Stopped. Resume it from Sources when you like.")
            self._set_state("done")
            self.session.data_changed.emit("records")
            self.import_finished.emit({"state": "cancelled"})
            return
        self.status.setText(exc.user_message if isinstance(exc, KnownError) else "The import failed (internal error).")
        self._set_state("ready" if self.inspect_report else "idle")
        errors.show_error(self, exc)

    def _set_state(self, state: str) -> None:
        self.state = state
        busy = state in ("inspecting", "importing")
        self.file_btn.setEnabled(not busy)
        self.dir_btn.setEnabled(not busy)
        self.start_btn.setEnabled(state == "ready")
        self.start_btn.setVisible(self.own_start_button and state == "ready")
        self.cancel_btn.setEnabled(state == "importing")
        self.cancel_btn.setVisible(state == "importing")
        self.select_box.setEnabled(state == "ready")
        self.state_changed.emit(state)

    def clear(self) -> None:
        self.cancel()
        self.categories.clear()
        self.people.clear()
        self.report_view.clear()
        self.inspect_report = None
