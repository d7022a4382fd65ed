"""Privacy: what the assistant may use, the data-use log, forget, export, delete everything, locking."""

from __future__ import annotations

import os
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDateEdit, QFileDialog, QFormLayout, QFrame, QGroupBox,
                               QHBoxLayout, QInputDialog, QLabel, QLineEdit, QListWidget, QListWidgetItem, QMessageBox,
                               QProgressBar, QPushButton, QScrollArea, QSpinBox, QVBoxLayout, QWidget)

from desktop_app.core.domain import CATEGORIES, PLATFORMS, platform_label
from desktop_app.core.privacy import egress
from desktop_app.core.privacy.scope import SENSITIVE_TOPICS, Scope, describe, load_scope, save_scope, set_dates
from desktop_app.ui import errors, record_view
from desktop_app.ui.flow import FlowLayout
from desktop_app.ui.pages.base import Page
from desktop_app.ui.pages.chat_api import sources_text
from desktop_app.ui.qdates import day_ms, ms_day


# privacy.audit, forget, export and delete are imported where they run (the DB pool), so building
# this page on the GUI thread does not load them.
def _load(vault) -> dict[str, Any]:
    from desktop_app.core.privacy.audit import usage_log
    from desktop_app.core.privacy.scope import finished_where
    from desktop_app.ui import queries

    log = usage_log(vault, limit=200)
    for e in log:
        try:  # the question the answer was for (assistant's table; absent in older builds)
            e["question"] = vault.scalar("SELECT question FROM assistant_answers WHERE id = ?", (int(e["answer_id"]),))
            # Sources as the chat's chips count them (a conversation window is one source, several records).
            e["sources"] = vault.scalar("SELECT count(DISTINCT n) FROM assistant_citations WHERE answer_id = ?",
                                        (int(e["answer_id"]),))
        except Exception:  # noqa: BLE001
            e["question"] = None
            e["sources"] = None
    return {"scope": load_scope(vault).to_dict(), "log": log,
            "archives": [(a["id"], a["name"], a["records"]) for a in queries.archives(vault)],
            "people": [(p["id"], p["name"], p["messages"]) for p in queries.people(vault)[:500]],
            "threads": [(t["id"], t["title"], t["records"]) for t in queries.threads(vault)],
            "platforms": [(p, n) for p, n in vault.query(
                f"SELECT platform, count(*) FROM records WHERE {finished_where('records')} GROUP BY platform")],
            "stats": vault.stats()}


def forget_count(vault, target: str, ref: Any) -> int:
    col = {"platform": "platform", "archive": "archive_id", "thread": "thread_id"}.get(target)
    if col:
        return int(vault.scalar(f"SELECT count(*) FROM records WHERE {col} = ?", (ref,)))
    ids = [r[0] for r in vault.query("SELECT id FROM people WHERE id = ? OR merged_into = ?", (ref, ref))]
    q = ",".join("?" * len(ids))
    return int(vault.scalar(f"SELECT count(*) FROM records WHERE author_id IN ({q})", ids))


NO_DATE = QDate(1900, 1, 1)


def _group_label(text: str) -> QLabel:
    lab = QLabel(text)
    lab.setStyleSheet("font-weight: 600;")
    return lab


def _flow(parent_layout) -> FlowLayout:
    box = QWidget()
    flow = FlowLayout(box)
    parent_layout.addWidget(box)
    return flow


def _date_edit(name: str) -> QDateEdit:
    e = QDateEdit()
    e.setMinimumDate(NO_DATE)
    e.setSpecialValueText("no limit")
    e.setDate(NO_DATE)
    e.setCalendarPopup(True)
    e.setDisplayFormat("yyyy-MM-dd")
    e.setAccessibleName(name)
    e.setMinimumWidth(120)
    return e


def _clear_button(edit: QDateEdit, name: str) -> QPushButton:
    """Sets its date box back to "no limit"."""
    b = QPushButton("Clear")
    b.setAccessibleName(name)
    b.clicked.connect(lambda: edit.setDate(NO_DATE))
    return b


def _wrapped(text: str) -> QLabel:
    lab = QLabel(text)
    lab.setWordWrap(True)
    return lab


def _card(title: str) -> tuple[QGroupBox, QVBoxLayout]:
    box = QGroupBox(title)
    lay = QVBoxLayout(box)
    return box, lay


class PrivacyPage(Page):
    title = "Privacy"
    subtitle = "Everything stays on this computer. Decide what the assistant may use, see what it used, and remove anything."

    def __init__(self, window) -> None:
        super().__init__(window)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        # Sections wrap to the width: the page never scrolls sideways.
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body = QWidget()
        self.body = QVBoxLayout(body)
        scroll.setWidget(body)
        self.outer.addWidget(scroll, 1)
        self._build_network()
        self._build_scope()
        self._build_log()
        self._build_forget()
        self._build_export()
        self._build_lock()
        self._build_delete()
        self.body.addStretch(1)
        self.data: dict[str, Any] = {}
        self.last_receipt: dict[str, Any] | None = None

    # -- sections --------------------------------------------------------------------------------
    def _build_network(self) -> None:
        box, lay = _card("Network")
        self.net_label = QLabel("")
        self.net_label.setWordWrap(True)
        self.net_label.setAccessibleName("Network guard status")
        lay.addWidget(self.net_label)
        self.body.addWidget(box)

    def _build_scope(self) -> None:
        box, lay = _card("What the assistant and your profile may use")
        # Each group flows onto as many lines as the width needs (no clipped boxes at 820 px).
        self.platform_boxes: dict[str, QCheckBox] = {}
        self.category_boxes: dict[str, QCheckBox] = {}
        self.topic_boxes: dict[str, QCheckBox] = {}
        lay.addWidget(_group_label("Platforms answers may use"))
        flow = _flow(lay)
        for p in PLATFORMS:
            cb = QCheckBox(platform_label(p))
            cb.setAccessibleName(f"Allow {platform_label(p)}")
            self.platform_boxes[p] = cb
            flow.addWidget(cb)
        lay.addWidget(_group_label("Kinds of records answers may use"))
        flow = _flow(lay)
        for c in CATEGORIES:
            cb = QCheckBox(c.replace("_", " ").capitalize())
            cb.setAccessibleName(f"Allow {c.replace('_', ' ')}")
            self.category_boxes[c] = cb
            flow.addWidget(cb)
        # Ticked = kept out, like "leave these people out" at import: the safe choice is the ticked one.
        lay.addWidget(_group_label("Keep these sensitive topics out of your profile and answers"))
        flow = _flow(lay)
        for t in SENSITIVE_TOPICS:
            cb = QCheckBox(t.capitalize())
            cb.setAccessibleName(f"Keep the sensitive topic {t} out")
            self.topic_boxes[t] = cb
            flow.addWidget(cb)
        dates = _flow(lay)  # the two dates go onto two lines at the minimum width
        # A date box at its minimum shows "no limit": Qt's way of a date that may be empty.
        self.scope_from = _date_edit("Scope start date (records before it are left out)")
        self.scope_to = _date_edit("Scope end date, inclusive (records after it are left out)")
        first, last = QWidget(), QWidget()
        fl, ll = QHBoxLayout(first), QHBoxLayout(last)
        for row in (fl, ll):
            row.setContentsMargins(0, 0, 0, 0)
        fl.addWidget(QLabel("Only records from"))
        fl.addWidget(self.scope_from)
        self.scope_from_clear = _clear_button(self.scope_from, "Clear the scope start date")
        fl.addWidget(self.scope_from_clear)
        ll.addWidget(QLabel("to"))
        ll.addWidget(self.scope_to)
        self.scope_to_clear = _clear_button(self.scope_to, "Clear the scope end date")
        ll.addWidget(self.scope_to_clear)
        dates.addWidget(first)
        dates.addWidget(last)
        self.scope_label = QLabel("")
        self.scope_label.setObjectName("muted")
        self.scope_label.setWordWrap(True)
        self.scope_label.setAccessibleName("Current scope")
        lay.addWidget(self.scope_label)
        save = QPushButton("Save scope")
        save.setAccessibleName("Save what the assistant may use")
        save.clicked.connect(self.save_scope)
        lay.addWidget(save, 0, Qt.AlignmentFlag.AlignLeft)
        self.body.addWidget(box)

    def _build_log(self) -> None:
        box, lay = _card("Data-use log: which records each answer used")
        self.log = QListWidget()
        self.log.setAccessibleName("Data-use log")
        self.log.setMaximumHeight(150)
        self.log.itemDoubleClicked.connect(self._open_log_item)
        lay.addWidget(self.log)
        self.body.addWidget(box)

    def _build_forget(self) -> None:
        box, lay = _card("Forget")
        lay.addWidget(_wrapped("Remove records from the vault for good (a re-import will not bring them back)."))
        row = QHBoxLayout()
        self.forget_kind = QComboBox()
        self.forget_kind.setAccessibleName("What to forget")
        for label, key in (("A conversation", "thread"), ("A person", "person"), ("An archive", "archive"),
                           ("A platform", "platform")):
            self.forget_kind.addItem(label, key)
        self.forget_kind.currentIndexChanged.connect(lambda _i: self._fill_forget_targets())
        self.forget_target = QComboBox()
        self.forget_target.setAccessibleName("Which one to forget")
        self.forget_target.setMinimumWidth(160)
        btn = QPushButton("Forget…")
        btn.setAccessibleName("Forget the chosen item")
        btn.clicked.connect(self.forget_chosen)
        row.addWidget(self.forget_kind)
        row.addWidget(self.forget_target, 1)
        row.addWidget(btn)
        lay.addLayout(row)
        self.forget_label = QLabel("")
        self.forget_label.setWordWrap(True)
        self.forget_label.setObjectName("muted")
        self.forget_label.setAccessibleName("Forget result")
        lay.addWidget(self.forget_label)
        self.body.addWidget(box)

    def _build_export(self) -> None:
        box, lay = _card("Export")
        form = QFormLayout()
        self.export_pw = QLineEdit()
        self.export_pw.setEchoMode(QLineEdit.EchoMode.Password)
        self.export_pw.setAccessibleName("Export passphrase")
        self.export_pw.setPlaceholderText("A passphrase for the encrypted copy")
        form.addRow("Passphrase", self.export_pw)
        self.export_open = QCheckBox("Readable files instead (NOT encrypted)")
        self.export_open.setToolTip("JSON Lines files anyone with the files can read.")
        self.export_open.setAccessibleName("Export as readable, unencrypted files")
        form.addRow("", self.export_open)
        lay.addLayout(form)
        row = QHBoxLayout()
        self.export_btn = QPushButton("Export…")
        self.export_btn.setAccessibleName("Export the vault")
        self.export_btn.clicked.connect(self.export_dialog)
        self.export_bar = QProgressBar()
        self.export_bar.setVisible(False)
        self.export_label = QLabel("")
        self.export_label.setWordWrap(True)
        self.export_label.setObjectName("muted")
        self.export_label.setTextFormat(Qt.TextFormat.PlainText)
        self.export_label.setAccessibleName("Export result")
        row.addWidget(self.export_btn)
        row.addWidget(self.export_bar)
        row.addWidget(self.export_label, 1)
        lay.addLayout(row)
        self.body.addWidget(box)

    def _build_lock(self) -> None:
        box, lay = _card("Locking")
        row = QHBoxLayout()
        lock = QPushButton("Lock now (Ctrl+L)")
        lock.setAccessibleName("Lock the vault now")
        lock.clicked.connect(self.window_.lock_now)
        row.addWidget(lock)
        row.addWidget(QLabel("Lock after"))
        self.idle = QSpinBox()
        self.idle.setRange(0, 240)
        self.idle.setSuffix(" min without use (0 = never)")
        self.idle.setAccessibleName("Idle minutes before locking")
        self.idle.setValue(self.window_.idle_minutes())
        self.idle.valueChanged.connect(self.window_.set_idle_minutes)
        row.addWidget(self.idle)
        row.addStretch(1)
        lay.addLayout(row)
        self.body.addWidget(box)

    def _build_delete(self) -> None:
        box, lay = _card("Delete everything")
        lay.addWidget(_wrapped("Removes the vault, its key, Hearth's settings and caches from this computer. "
                             "Exports you saved elsewhere are not touched."))
        btn = QPushButton("Delete everything…")
        btn.setAccessibleName("Delete everything")
        btn.setObjectName("danger")  # themed: white on a deep red in light and dark (text contrast >= 4.5:1 in both themes)
        btn.clicked.connect(self.delete_dialog)
        lay.addWidget(btn, 0, Qt.AlignmentFlag.AlignLeft)
        self.body.addWidget(box)

    # -- data ------------------------------------------------------------------------------------
    def refresh(self) -> None:
        self._show_network()
        self.session.db(_load).success(self._show).run()

    def _show_network(self) -> None:
        blocked = egress.blocked_attempts()
        if egress.is_offline():
            self.net_label.setText("● Offline: Hearth's network guard is on. Nothing in this window can reach the internet"
                                   + (f"; {len(blocked)} attempt(s) were blocked." if blocked else "; nothing has tried."))
        else:
            self.net_label.setText("The network guard is not installed in this process.")

    def _show(self, d: dict[str, Any]) -> None:
        self.data = d
        scope = Scope.from_dict(d["scope"])
        for p, cb in self.platform_boxes.items():
            cb.setChecked(p not in scope.excluded_platforms)
        for c, cb in self.category_boxes.items():
            cb.setChecked(c not in scope.excluded_categories)
        for t, cb in self.topic_boxes.items():
            cb.setChecked(t not in scope.allowed_sensitive_topics)
        self.scope_from.setDate(NO_DATE if scope.date_from_ms is None else ms_day(scope.date_from_ms))
        # The scope's end is exclusive (midnight after the last day); the box shows the last day kept.
        self.scope_to.setDate(NO_DATE if scope.date_to_ms is None else ms_day(scope.date_to_ms).addDays(-1))
        self.scope_label.setText(describe(scope))
        self.log.clear()
        if not d["log"]:
            self.log.addItem("No answer has used your records yet.")
        for e in d["log"]:
            when = record_view.fmt_ts(e["at_ms"])
            q = f" “{e['question'][:80]}”" if e.get("question") else f" answer {e['answer_id']}"
            records = len(e["record_ids"])
            used = sources_text(e["sources"], records) if e.get("sources") else f"{records} record{'s' if records != 1 else ''}"
            item = QListWidgetItem(f"{when} —{q} used {used}")
            item.setToolTip("Double-click to see the first record it used")
            item.setData(Qt.ItemDataRole.UserRole, e["record_ids"])
            self.log.addItem(item)
        self._fill_forget_targets()

    def _fill_forget_targets(self) -> None:
        kind = self.forget_kind.currentData()
        self.forget_target.clear()
        d = self.data
        if not d:
            return
        if kind == "platform":
            for p, n in d["platforms"]:
                self.forget_target.addItem(f"{platform_label(p)} ({n:,} records)", p)
        else:
            key = {"thread": "threads", "person": "people", "archive": "archives"}[kind]
            for ref, name, n in d[key]:
                self.forget_target.addItem(f"{name} ({n:,})", ref)

    def _open_log_item(self, item: QListWidgetItem) -> None:
        ids = item.data(Qt.ItemDataRole.UserRole)
        if ids:
            record_view.open_record(self.session, ids[0], self)

    # -- actions ---------------------------------------------------------------------------------
    def current_scope(self) -> Scope:
        """The scope the page shows; dates go through ``scope.set_dates`` (KnownError if reversed)."""
        scope = Scope.from_dict(self.data.get("scope"))
        scope.excluded_platforms = {p for p, cb in self.platform_boxes.items() if not cb.isChecked()}
        scope.excluded_categories = {c for c, cb in self.category_boxes.items() if not cb.isChecked()}
        scope.allowed_sensitive_topics = {t for t, cb in self.topic_boxes.items() if not cb.isChecked()}
        d_from, d_to = self.scope_from.date(), self.scope_to.date()
        return set_dates(scope, None if d_from == NO_DATE else day_ms(d_from),
                         None if d_to == NO_DATE else day_ms(d_to.addDays(1)))

    def save_scope(self) -> None:
        try:
            scope = self.current_scope()
        except errors.KnownError as exc:
            errors.show_error(self, exc)
            return

        def _save(v) -> None:
            with v.transaction():
                save_scope(v, scope)

        self.session.db(_save).success(lambda _r: self.session.data_changed.emit("scope")).run()

    def forget_chosen(self, *, confirm: bool = True) -> None:
        kind, ref = self.forget_kind.currentData(), self.forget_target.currentData()
        if ref is None:
            return
        label = self.forget_target.currentText()

        def _ask(n: int) -> None:
            if confirm and errors.dialogs_enabled():
                ans = QMessageBox.warning(self, "Forget for good?",
                                          f"Forget {self.forget_kind.currentText().lower()}: {label}?\n\n"
                                          f"{n:,} record(s) will be removed from the vault, the search index, your profile "
                                          "and saved chats. A later import will not bring them back. This cannot be undone.",
                                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                                          QMessageBox.StandardButton.Cancel)
                if ans != QMessageBox.StandardButton.Yes:
                    return
            self._do_forget(kind, ref)

        self.session.db(lambda v: forget_count(v, kind, ref)).success(_ask).run()

    def _do_forget(self, kind: str, ref: Any) -> None:
        arg = {"thread": "thread_id", "person": "person_id", "archive": "archive_id", "platform": "platform"}[kind]

        def _run(v, progress, cancel):
            from desktop_app.core.privacy.forget import forget

            return forget(v, **{arg: ref}, progress=progress, cancel=cancel)

        self.forget_label.setText("Forgetting…")
        op = self.session.db(_run, progress=True)
        op.success(self._forgot)
        op.run()

    def _forgot(self, receipt: dict[str, Any]) -> None:
        self.last_receipt = receipt
        n = receipt.get("records") or receipt.get("records_deleted") or receipt.get("counts", {}).get("records", 0)
        self.forget_label.setText(f"Forgotten: {n} record(s) removed." if n else "Forgotten.")
        self.session.data_changed.emit("records")

    def export_dialog(self) -> None:
        open_format = self.export_open.isChecked()
        pw = self.export_pw.text() or os.environ.get("HEARTH_EXPORT_PASSPHRASE", "")
        if not open_format and not pw:
            errors.show_error(self, errors.KnownError("Choose a passphrase for the encrypted export first."))
            return
        if errors.dialogs_enabled():
            dest = QFileDialog.getExistingDirectory(self, "Where should the export go?", os.path.expanduser("~"))
            if not dest:
                return
        else:
            return
        self.export_to(dest, passphrase=pw or None, open_format=open_format)

    def export_to(self, dest: str, *, passphrase: str | None, open_format: bool = False):
        def _run(v, progress, cancel):
            from desktop_app.core.privacy.export import export_vault

            return export_vault(v, dest, passphrase=passphrase, open_format=open_format, progress=progress,
                                cancel=cancel)

        self.export_pw.clear()
        self.export_btn.setEnabled(False)
        self.export_bar.setVisible(True)
        self.export_bar.setRange(0, 0)
        self.export_label.setText("Exporting…")
        # sqlcipher_export ATTACHes: it needs the connection outside any other thread's transaction.
        op = self.session.db(_run, progress=True)
        op.success(self._exported).on_finished(lambda: (self.export_btn.setEnabled(True), self.export_bar.setVisible(False)))
        self.window_.track(op, "Exporting")
        op.run()
        return op

    def _exported(self, receipt: dict[str, Any]) -> None:
        self.last_receipt = receipt
        mb = receipt.get("bytes", 0) / 1e6
        self.export_label.setText(f"Saved {receipt.get('path')} ({mb:.1f} MB"
                                  f"{', encrypted' if receipt.get('encrypted') else ', NOT encrypted'}).")

    def delete_dialog(self) -> None:
        s = self.data.get("stats") or {}
        profile = self.session.profile
        what = (f"• the vault {profile / 'vault.db'} with {s.get('records', 0):,} records, {s.get('people', 0):,} people "
                f"and {s.get('archives', 0)} archive(s), your profile facts, chats and search index\n"
                f"• its key ({'in the OS keychain' if s.get('key_mode') == 'keychain' else 'your passphrase will no longer open anything'})\n"
                f"• Hearth's settings, caches and logs in {profile} and the user folders")
        text, ok = QInputDialog.getText(self, "Delete everything?",
                                        f"This removes, for good:\n{what}\n\nExports you saved elsewhere stay.\n\n"
                                        "Type DELETE to confirm:")
        if ok and text.strip().upper() == "DELETE":
            self.delete_everything()

    def delete_everything(self):
        from desktop_app.core.privacy.delete import delete_everything

        return self.window_.delete_everything(delete_everything)

    def clear(self) -> None:
        self.log.clear()
        self.forget_target.clear()
        self.export_pw.clear()
        self.data = {}
