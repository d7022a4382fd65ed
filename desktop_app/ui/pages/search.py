"""Search & timeline: query with filters, highlighted hits, the thread around a hit, months with counts."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDateEdit, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
                               QPushButton, QSplitter, QStackedWidget, QTableView, QVBoxLayout, QWidget)

from desktop_app.core.domain import platform_label
from desktop_app.ui import queries, record_view, wording
from desktop_app.ui.markdown_view import SafeBrowser
from desktop_app.ui.models import HitsModel, RecordTableModel, SnippetDelegate, kind_label
from desktop_app.ui.pages import search_api
from desktop_app.ui.pages.base import Page
from desktop_app.ui.qdates import day_ms


class SearchPage(Page):
    title = "Search & timeline"

    def __init__(self, window) -> None:
        super().__init__(window)
        bar = QHBoxLayout()
        self.query = QLineEdit()
        self.query.setPlaceholderText("Search words, names, places… (Ctrl+F)")
        self.query.setAccessibleName("Search query")
        self.query.setClearButtonEnabled(True)
        self.query.returnPressed.connect(self.run_search)
        bar.addWidget(self.query, 1)
        # The filters get their own row: at the minimum width the query box keeps its room.
        filters = QHBoxLayout()
        self.platform = QComboBox()
        self.platform.setAccessibleName("Platform filter")
        self.kind = QComboBox()
        self.kind.setAccessibleName("Kind filter")
        for combo, label in ((self.platform, "All platforms"), (self.kind, "All kinds")):
            combo.addItem(label, "")
            combo.currentIndexChanged.connect(lambda _i: self.run_search())
            filters.addWidget(combo)
        self.person = QLineEdit()
        self.person.setPlaceholderText("Person")
        self.person.setAccessibleName("Person filter")
        self.person.setMinimumWidth(110)
        self.person.setMaximumWidth(180)
        self.person.returnPressed.connect(self.run_search)
        filters.addWidget(self.person)
        self.mode = QComboBox()
        self.mode.setAccessibleName("Search mode")
        for label, val in (("Words + meaning", "hybrid"), ("Exact words", "keyword"), ("Meaning only", "semantic")):
            self.mode.addItem(label, val)
        filters.addWidget(self.mode)
        filters.addStretch(1)
        go = QPushButton("Search")
        go.setObjectName("primary")
        go.setAccessibleName("Run the search")
        go.clicked.connect(self.run_search)
        bar.addWidget(go)
        self.outer.addLayout(bar)
        self.outer.addLayout(filters)
        dates = QHBoxLayout()  # a third row: at 820 px the filters and dates do not fit on one
        self.use_dates = QCheckBox("Between")
        self.use_dates.setAccessibleName("Limit to dates")
        self.date_from = QDateEdit(QDate.currentDate().addYears(-1))
        self.date_to = QDateEdit(QDate.currentDate())
        for w, name in ((self.date_from, "From date"), (self.date_to, "To date")):
            w.setCalendarPopup(True)
            w.setDisplayFormat("yyyy-MM-dd")
            w.setAccessibleName(name)
            w.dateChanged.connect(lambda _d: self.use_dates.setChecked(True))
        self.use_dates.toggled.connect(lambda _on: self.run_search())
        dates.addWidget(self.use_dates)
        dates.addWidget(self.date_from)
        dates.addWidget(QLabel("and"))
        dates.addWidget(self.date_to)
        self.notice = QLabel("")
        self.notice.setObjectName("muted")
        self.notice.setTextFormat(Qt.TextFormat.PlainText)
        self.notice.setAccessibleName("Search notice")
        self.notice.setWordWrap(True)
        dates.addWidget(self.notice, 1)
        self.outer.addLayout(dates)

        from desktop_app.ui.charts import BarChart

        self.timeline = BarChart("Records by month (click a month to see it)", on_click=self._on_month_clicked)
        self.timeline.setMaximumHeight(190)
        self.outer.addWidget(self.timeline)
        self.months: list[tuple[str, int]] = []

        split = QSplitter()
        self.lists = QStackedWidget()
        self.browse_model = RecordTableModel(self.session, self)
        self.browse_model.total_known.connect(self._on_browse_total)
        self.browse_view = self._table(self.browse_model, "All records")
        self.hits_model = HitsModel(self)
        self.hits_view = self._table(self.hits_model, "Search results")
        self.hits_view.setItemDelegateForColumn(3, SnippetDelegate(self.hits_view))
        self.lists.addWidget(self.browse_view)
        self.lists.addWidget(self.hits_view)
        split.addWidget(self.lists)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(6, 0, 0, 0)
        self.ctx_title = QLabel("Select a result to see it in its conversation.")
        self.ctx_title.setObjectName("muted")
        self.ctx_title.setTextFormat(Qt.TextFormat.PlainText)
        self.ctx_title.setWordWrap(True)
        rl.addWidget(self.ctx_title)
        self.ctx = SafeBrowser()
        self.ctx.setAccessibleName("Thread around the selected record")
        rl.addWidget(self.ctx, 1)
        open_btn = QPushButton("Open in a window")
        open_btn.setAccessibleName("Open the selected record in its own window")
        open_btn.clicked.connect(self._open_selected)
        rl.addWidget(open_btn)
        split.addWidget(right)
        split.setSizes([700, 360])  # the match text needs the room more than the context
        self.outer.addWidget(split, 1)
        self.selected_id: int | None = None
        self.last_outcome: search_api.Outcome | None = None

    def _table(self, model, name: str) -> QTableView:
        v = QTableView()
        v.setModel(model)
        v.setAccessibleName(name)
        v.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        v.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        v.verticalHeader().hide()
        v.verticalHeader().setDefaultSectionSize(26)
        v.setAlternatingRowColors(True)
        v.setWordWrap(False)
        hh = v.horizontalHeader()
        hh.setStretchLastSection(True)
        hh.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # hits show a date, the browse list a date and time
        # Widths from the text they hold, so the match column keeps its room at 820 px.
        fm = v.fontMetrics()
        v.setColumnWidth(0, fm.horizontalAdvance("2024-12-31 23:59" if isinstance(model, RecordTableModel)
                                                 else "2024-12-31") + 16)
        v.setColumnWidth(1, fm.horizontalAdvance("Instagram comment") + 16)
        v.setColumnWidth(2, fm.horizontalAdvance("Maria González") + 12)
        v.selectionModel().currentRowChanged.connect(lambda cur, _prev: self._on_row(model, cur.row()))
        v.doubleClicked.connect(lambda _i: self._open_selected())
        return v

    # -- data ------------------------------------------------------------------------------------
    def refresh(self) -> None:
        self.session.db(lambda v: (queries.distinct_values(v), queries.activity_by_month(v))).success(self._show_meta).run()
        self.run_search()

    def _show_meta(self, res: tuple[dict[str, list[str]], list[tuple[str, int]]]) -> None:
        vals, months = res
        for combo, key in ((self.platform, "platforms"), (self.kind, "kinds")):
            cur = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem("All platforms" if key == "platforms" else "All kinds", "")
            for v in vals[key]:
                combo.addItem(platform_label(v) if key == "platforms" else kind_label(v), v)
            i = combo.findData(cur)
            combo.setCurrentIndex(max(0, i))
            combo.blockSignals(False)
        self.months = months
        self.timeline.set_months(months)
        if months and not self.use_dates.isChecked():
            # Offer the archive's own span in the date boxes.
            for edit, (y, m) in ((self.date_from, months[0][0].split("-")), (self.date_to, months[-1][0].split("-"))):
                edit.blockSignals(True)
                d = QDate(int(y), int(m), 1)
                edit.setDate(d if edit is self.date_from else d.addMonths(1).addDays(-1))
                edit.blockSignals(False)

    def _on_month_clicked(self, index: int) -> None:
        keys = self.timeline.keys  # the months the chart shows (empty ones included)
        if not 0 <= index < len(keys):
            return
        y, m = map(int, keys[index].split("-"))
        start = QDate(y, m, 1)
        self.date_from.blockSignals(True)
        self.date_to.blockSignals(True)
        self.date_from.setDate(start)
        self.date_to.setDate(start.addMonths(1).addDays(-1))
        self.date_from.blockSignals(False)
        self.date_to.blockSignals(False)
        if self.use_dates.isChecked():
            self.run_search()
        else:
            self.use_dates.setChecked(True)

    def current_query(self) -> search_api.Query:
        q = search_api.Query(text=self.query.text().strip(), platform=self.platform.currentData() or "",
                             kind=self.kind.currentData() or "", person=self.person.text().strip(),
                             mode=self.mode.currentData() or "hybrid")
        if self.use_dates.isChecked():
            q.date_from_ms = day_ms(self.date_from.date())
            q.date_to_ms = day_ms(self.date_to.date().addDays(1))
        return q

    def run_search(self) -> None:
        q = self.current_query()
        if not q.text:
            self._browse(q)
            return
        self.notice.setText("Searching…")
        emb = self.session.embedder
        self.session.db(lambda v: search_api.run(v, q, embedder=emb)).success(self._show_hits).run()

    def _browse(self, q: search_api.Query) -> None:
        conds, params = search_api.filter_conditions(q)
        conds = conds or ["1"]
        self.lists.setCurrentWidget(self.browse_view)
        self.notice.setText("Loading…")
        self.browse_model.set_filter(" AND ".join(conds), params)

    def _on_browse_total(self, n: int) -> None:
        self.notice.setText(f"{n:,} record(s), newest first. Type words to search.")

    def _show_hits(self, out: search_api.Outcome) -> None:
        self.last_outcome = out
        self.hits_model.set_hits(out.hits)
        self.lists.setCurrentWidget(self.hits_view)
        msg = f"{len(out.hits)} result(s)."
        if out.notice:
            msg += " " + wording.for_window(out.notice)
        self.notice.setText(msg)
        if out.hits:
            self.hits_view.selectRow(0)

    def _on_row(self, model, row: int) -> None:
        rid = model.record_id(row) if isinstance(model, RecordTableModel) else \
            (model.hits[row].get("record_id") if 0 <= row < len(model.hits) else None)
        if rid is None:
            return
        self.selected_id = int(rid)
        self.session.db(lambda v: queries.context(v, int(rid), radius=8)).success(self._show_context).run()

    def _show_context(self, ctx: dict[str, Any]) -> None:
        rec = ctx.get("record")
        if rec is None:
            self.ctx_title.setText("This record is no longer in the vault.")
            self.ctx.clear()
            return
        what = f"{platform_label(rec['platform'])} {kind_label(rec['kind']).lower()}, {record_view.fmt_ts(rec['ts'])}"
        title = ctx.get("title") or ""
        # A post's context title is its kind already ("Facebook post"): say it once.
        self.ctx_title.setText(what if not title or what.lower().startswith(title.lower()) else f"{title} — {what}")
        self.ctx.setHtml(record_view.context_html(ctx))
        self.ctx.scrollToAnchor("target")

    def _open_selected(self) -> None:
        if self.selected_id is not None:
            record_view.open_record(self.session, self.selected_id, self)

    def clear(self) -> None:
        self.browse_model.clear()
        self.hits_model.set_hits([])
        self.ctx.clear()
        self.query.clear()
        self.person.clear()
        self.timeline.clear()
