"""People: contacts with message counts over time, their identities across platforms; merge/split."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem,
                               QPushButton, QSplitter, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget)

from desktop_app.core.domain import platform_label
from desktop_app.ui import errors, queries, record_view
from desktop_app.ui.charts import BarChart
from desktop_app.ui.pages.base import Page


# profile.people is imported where it runs (the DB pool), so building this page does not load it.
def _load_people(vault) -> list[dict[str, Any]]:
    from desktop_app.core.profile.people import list_people

    return [{"id": p["id"], "name": p["name"], "is_me": p["is_me"], "messages": p["records"],
             "identities": len(p["identities"]), "merged": p["merged"]} for p in list_people(vault)]


class PeoplePage(Page):
    title = "People"
    subtitle = "Everyone in your archive. The same person on several platforms can be merged (or split again)."

    def __init__(self, window) -> None:
        super().__init__(window)
        split = QSplitter()
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 6, 0)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter by name")
        self.filter.setAccessibleName("Filter people")
        self.filter.textChanged.connect(self._apply_filter)
        ll.addWidget(self.filter)
        self.list = QListWidget()
        # Long entries wrap instead of scrolling sideways (the minimum width is 820 px).
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setAccessibleName("People")
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.currentItemChanged.connect(lambda cur, _p: self._on_person(cur))
        ll.addWidget(self.list, 1)
        row = QHBoxLayout()
        self.merge_btn = QPushButton("Merge selected")
        self.merge_btn.setAccessibleName("Merge the selected people into one")
        self.merge_btn.setToolTip("Select two or more people (Ctrl+click) who are the same person")
        self.merge_btn.clicked.connect(self._merge)
        self.split_btn = QPushButton("Split")
        self.split_btn.setAccessibleName("Split the selected person")
        self.split_btn.clicked.connect(self._split)
        for b in (self.merge_btn, self.split_btn):
            row.addWidget(b)
        ll.addLayout(row)
        self.scope_btn = QPushButton("Keep out of answers")
        self.scope_btn.setAccessibleName("Keep this person out of the assistant's answers")
        self.scope_btn.setToolTip("The assistant and your profile will not use this person's messages or your 1:1 chats")
        self.scope_btn.clicked.connect(self.toggle_scope)
        ll.addWidget(self.scope_btn)
        split.addWidget(left)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(6, 0, 0, 0)
        self.name = QLabel("Select a person")
        self.name.setObjectName("pageTitle")
        self.name.setTextFormat(Qt.TextFormat.PlainText)
        rl.addWidget(self.name)
        self.chart = BarChart("Their messages per month")
        rl.addWidget(self.chart, 2)
        self.ids = QTreeWidget()
        self.ids.setHeaderLabels(["Identity", "Platform", "Username"])
        self.ids.setAccessibleName("Identities of this person")
        self.ids.setRootIsDecorated(False)
        rl.addWidget(QLabel("Identities (merged into this person)"))
        rl.addWidget(self.ids, 1)
        self.threads = QTreeWidget()
        self.threads.setHeaderLabels(["Conversation", "Platform", "Records"])
        self.threads.setAccessibleName("Conversations with this person")
        self.threads.setRootIsDecorated(False)
        self.threads.itemDoubleClicked.connect(self._open_thread)
        rl.addWidget(QLabel("Conversations (double-click to open)"))
        rl.addWidget(self.threads, 1)
        split.addWidget(right)
        split.setSizes([300, 700])
        self.outer.addWidget(split, 1)
        self.people: list[dict[str, Any]] = []
        self.excluded: set[int] = set()

    def refresh(self) -> None:
        from desktop_app.core.privacy.scope import load_scope

        self.session.db(lambda v: (_load_people(v), load_scope(v).excluded_person_ids)).success(self._show).run()

    def _show(self, res: tuple[list[dict[str, Any]], set[int]]) -> None:
        people, self.excluded = res
        self.people = people
        cur = self.list.currentItem().data(Qt.ItemDataRole.UserRole) if self.list.currentItem() else None
        self.list.clear()
        for p in people:
            label = f"{p['name']}{'  (you)' if p['is_me'] else ''} — {p['messages']:,}"
            if p.get("merged"):
                label += f"  · {len(p['merged']) + 1} identities merged"
            if p["id"] in self.excluded:
                label += "  · kept out of answers"
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, p["id"])
            self.list.addItem(item)
            if p["id"] == cur:
                self.list.setCurrentItem(item)
        self._apply_filter(self.filter.text())
        if self.list.currentItem() is None and self.list.count():
            self.list.setCurrentRow(0)

    def _apply_filter(self, text: str) -> None:
        t = text.lower()
        for i in range(self.list.count()):
            it = self.list.item(i)
            it.setHidden(bool(t) and t not in it.text().lower())

    def _on_person(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        pid = item.data(Qt.ItemDataRole.UserRole)
        self.scope_btn.setText("Allow in answers again" if pid in self.excluded else "Keep out of answers")
        self.name.setText(item.text().split(" — ")[0])
        self.session.db(lambda v: queries.person_detail(v, pid)).success(self._show_detail).run()

    def _show_detail(self, d: dict[str, Any]) -> None:
        self.chart.set_months(d["months"])
        self.ids.clear()
        for i in d["identities"]:
            self.ids.addTopLevelItem(QTreeWidgetItem([i["name"], platform_label(i["platform"]), i.get("username") or ""]))
        self.threads.clear()
        for t in d["threads"]:
            it = QTreeWidgetItem([t["title"], platform_label(t["platform"]), str(t["records"])])
            it.setData(0, Qt.ItemDataRole.UserRole, t["id"])
            self.threads.addTopLevelItem(it)
        for tree in (self.ids, self.threads):
            tree.resizeColumnToContents(0)

    def _open_thread(self, item: QTreeWidgetItem, _col: int) -> None:
        tid = item.data(0, Qt.ItemDataRole.UserRole)

        def _first(v) -> int | None:
            return v.scalar("SELECT id FROM records WHERE thread_id = ? ORDER BY ts DESC LIMIT 1", (tid,))

        self.session.db(_first).success(lambda rid: record_view.open_record(self.session, rid, self) if rid else None).run()

    def toggle_scope(self) -> None:
        from desktop_app.core.privacy import scope as scope_mod

        ids = self.selected_ids()
        if not ids:
            return
        pid = ids[0]

        def _toggle(v) -> None:
            s = scope_mod.load_scope(v)
            s = scope_mod.include(s, "person", pid) if pid in s.excluded_person_ids else scope_mod.exclude(s, "person", pid)
            with v.transaction():
                scope_mod.save_scope(v, s)

        self.session.db(_toggle).success(lambda _r: self.session.data_changed.emit("scope")).run()

    def selected_ids(self) -> list[int]:
        return [it.data(Qt.ItemDataRole.UserRole) for it in self.list.selectedItems()]

    def _merge(self) -> None:
        ids = self.selected_ids()
        if len(ids) < 2:
            errors.inform(self, "Select two or more people (Ctrl+click) who are the same person, then Merge.")
            return
        def _do(v) -> int:
            from desktop_app.core.profile.people import merge

            keep = ids[0]
            for other in ids[1:]:
                keep = merge(v, keep, other)
            return keep

        self.session.db(_do).success(lambda _k: self.session.data_changed.emit("people")).run()

    def _split(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        def _do(v) -> Any:
            from desktop_app.core.profile.people import split

            return split(v, ids[0])

        self.session.db(_do).success(lambda _r: self.session.data_changed.emit("people")).run()

    def clear(self) -> None:
        self.list.clear()
        self.ids.clear()
        self.threads.clear()
        self.chart.clear()
        self.name.setText("")
        self.people = []
