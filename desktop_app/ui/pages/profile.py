"""Profile: what Hearth derived about you, with evidence; confirm, edit, hide, delete; "Meta vs. me"."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QHBoxLayout, QInputDialog, QLabel, QPushButton, QSplitter, QTabWidget, QTreeWidget,
                               QTreeWidgetItem, QVBoxLayout, QWidget)

from desktop_app.core.domain import platform_label
from desktop_app.ui import record_view
from desktop_app.ui.pages.base import Page

# profile.facts, meta and derive are imported where they run (the DB and ML pools), so building
# this page on the GUI thread does not load them.


def _fact_dict(f: Any) -> dict[str, Any]:
    return f.to_dict() if hasattr(f, "to_dict") else dict(f)


def _load(vault) -> dict[str, Any]:
    from desktop_app.core.profile import facts

    return {"facts": [_fact_dict(f) for f in facts.list_(vault, include_hidden=True, with_evidence=True)]}


def _load_meta(vault, embedder) -> dict[str, Any] | None:
    """Meta vs. me, with support read by meaning through the window's child-process embedder
    (this process never loads torch); it may embed records, so it runs on the ml pool."""
    from desktop_app.core.profile import meta

    try:
        return meta.meta_vs_me(vault, embedder=embedder)
    except Exception:  # noqa: BLE001 - the comparison is optional; the facts still show
        return None


def _value_text(v: Any) -> str:
    """A short human value: details (histograms, ids) stay out of the list."""
    if isinstance(v, (list, tuple)):
        return ", ".join(_value_text(x) for x in v[:6] if not isinstance(x, (dict, list)))
    if isinstance(v, dict):
        for key in ("value", "text", "name", "place", "language", "title"):
            if isinstance(v.get(key), (str, int, float)):
                out = str(v[key])
                if isinstance(v.get("count"), int):
                    out += f" ({v['count']:,}×)"
                return out
        # No natural value (an activity histogram, a span of years): the fact's own label says it.
        return ""
    return "" if v is None else str(v)


def _records(n: int) -> str:
    return f"{n:,} record{'s' if n != 1 else ''}"


class ProfilePage(Page):
    title = "Profile"
    subtitle = ("What Hearth worked out about you from your archive, each with the records behind it. "
                "Only confirmed or unhidden facts are used in answers.")

    def __init__(self, window) -> None:
        super().__init__(window)
        top = QHBoxLayout()
        self.derive_btn = QPushButton("Re-derive from my archive")
        self.derive_btn.setAccessibleName("Derive the profile again")
        self.derive_btn.clicked.connect(self.derive)
        self.status = QLabel("")
        self.status.setObjectName("muted")
        self.status.setWordWrap(True)
        top.addWidget(self.derive_btn)
        top.addWidget(self.status, 1)
        self.outer.addLayout(top)
        tabs = QTabWidget()
        facts_w = QWidget()
        fl = QVBoxLayout(facts_w)
        split = QSplitter(Qt.Orientation.Vertical)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Fact", "Value", "Status", "Confidence", "Evidence"])
        self.tree.setAccessibleName("Profile facts")
        self.tree.setRootIsDecorated(True)
        self.tree.currentItemChanged.connect(lambda cur, _p: self._on_fact(cur))
        self.tree.setColumnWidth(0, 340)
        self.tree.setColumnWidth(1, 300)
        self.tree.setColumnWidth(2, 110)
        split.addWidget(self.tree)
        self.evidence = QTreeWidget()
        self.evidence.setHeaderLabels(["Evidence (double-click to open)"])
        self.evidence.setAccessibleName("Evidence for the selected fact")
        self.evidence.setRootIsDecorated(False)
        self.evidence.itemDoubleClicked.connect(
            lambda it, _c: record_view.open_record(self.session, it.data(0, Qt.ItemDataRole.UserRole), self))
        split.addWidget(self.evidence)
        split.setSizes([400, 140])
        fl.addWidget(split, 1)
        row = QHBoxLayout()
        self.buttons = {}
        for key, label in (("confirm", "Confirm"), ("edit", "Edit…"), ("hide", "Hide"), ("unhide", "Show again"),
                           ("delete", "Delete")):
            b = QPushButton(label)
            b.setAccessibleName(f"{label.rstrip('…')} the selected fact")
            b.clicked.connect(lambda _=False, k=key: self.act(k))
            self.buttons[key] = b
            row.addWidget(b)
        row.addStretch(1)
        fl.addLayout(row)
        tabs.addTab(facts_w, "Facts about you")
        meta_w = QWidget()
        ml = QVBoxLayout(meta_w)
        self.meta_summary = QLabel("")
        self.meta_summary.setWordWrap(True)
        self.meta_summary.setTextFormat(Qt.TextFormat.PlainText)
        ml.addWidget(self.meta_summary)
        self.meta_tree = QTreeWidget()
        self.meta_tree.setHeaderLabels(["Meta thinks you like", "Meta's source", "Your own posts/messages mention it", "You"])
        self.meta_tree.setAccessibleName("Meta versus me")
        self.meta_tree.setRootIsDecorated(False)
        self.meta_tree.setColumnWidth(0, 240)
        ml.addWidget(self.meta_tree, 1)
        tabs.addTab(meta_w, "Meta vs. me")
        self.outer.addWidget(tabs, 1)
        self.facts: list[dict[str, Any]] = []

    def refresh(self) -> None:
        self.session.db(_load).success(self._show).run()
        emb = getattr(self.session, "embedder", None)
        self.session.ml(lambda v: _load_meta(v, emb)).success(self._show_meta).run()

    def _show(self, d: dict[str, Any]) -> None:
        self.facts = d["facts"]
        cur = self.selected_fact()
        self.tree.clear()
        groups: dict[str, QTreeWidgetItem] = {}
        for f in self.facts:
            g = groups.get(f["kind"])
            if g is None:
                g = groups[f["kind"]] = QTreeWidgetItem([f["kind"].replace("_", " ").title()])
                self.tree.addTopLevelItem(g)
                g.setExpanded(True)
            status = str(f["status"]).capitalize() + (" · edited" if f.get("edited") else "") + ("" if f.get("use_for_answers", True) else " · not in answers")
            it = QTreeWidgetItem([f.get("label") or f["key"], _value_text(f.get("value")), status,
                                  f"{f.get('confidence', 0):.0%}", _records(len(f.get("evidence") or []))])
            it.setData(0, Qt.ItemDataRole.UserRole, f["id"])
            it.setToolTip(0, it.text(0))  # long labels are cut by the column; the tooltip has them whole
            it.setToolTip(1, it.text(1))
            g.addChild(it)
            if cur is not None and f["id"] == cur:
                self.tree.setCurrentItem(it)
        if self.tree.currentItem() is None and self.tree.topLevelItemCount():
            first = self.tree.topLevelItem(0)
            if first.childCount():
                self.tree.setCurrentItem(first.child(0))
        self.status.setText(f"{len(self.facts)} fact(s)." if self.facts else
                            "No facts yet: import an archive, then press “Re-derive from my archive”.")

    def _show_meta(self, m: dict[str, Any] | None) -> None:
        self.meta_tree.clear()
        if not m:
            self.meta_summary.setText("Nothing to compare yet (no ad-interest data from Meta in your archive).")
            return
        c = m.get("counts", {})
        self.meta_summary.setText(
            f"Meta inferred {c.get('meta_inferred', 0)} interest(s) about you; {c.get('unsupported', 0)} have no support "
            f"in anything you wrote. {c.get('advertisers', 0)} advertiser(s) had your information.")
        items = m.get("meta_inferred") or []
        for e in items:
            it = QTreeWidgetItem([e.get("name", ""), ", ".join(e.get("meta_says", [])),
                                  str(e.get("support_count", 0)) if e.get("supported") else "no — " + (e.get("flag") or ""),
                                  e.get("your_status") or ""])
            self.meta_tree.addTopLevelItem(it)

    def selected_fact(self) -> int | None:
        it = self.tree.currentItem() if hasattr(self, "tree") else None
        return it.data(0, Qt.ItemDataRole.UserRole) if it is not None else None

    def _on_fact(self, item: QTreeWidgetItem | None) -> None:
        self.evidence.clear()
        fid = item.data(0, Qt.ItemDataRole.UserRole) if item else None
        f = next((x for x in self.facts if x["id"] == fid), None)
        if f is None:
            return
        ids = list(f.get("evidence") or [])[:50]

        def _rows(v) -> list[tuple]:
            q = ",".join("?" * len(ids)) or "NULL"
            return v.query(f"SELECT id, platform, kind, ts, substr(text, 1, 160) FROM records WHERE id IN ({q})", ids)

        self.session.db(_rows).success(self._show_evidence).run()

    def _show_evidence(self, rows: list[tuple]) -> None:
        self.evidence.clear()
        for rid, platform, kind, ts, text in rows:
            it = QTreeWidgetItem([f"{record_view.fmt_ts(ts, with_time=False)} · {platform_label(platform)} {kind}: {(text or '').replace(chr(10), ' ')}"])
            it.setData(0, Qt.ItemDataRole.UserRole, rid)
            self.evidence.addTopLevelItem(it)

    def act(self, action: str, value: Any = None) -> None:
        fid = self.selected_fact()
        if fid is None:
            return
        if action == "edit" and value is None:
            f = next((x for x in self.facts if x["id"] == fid), {})
            text, ok = QInputDialog.getText(self, "Edit fact", f"{f.get('label') or f.get('key')}:",
                                            text=_value_text(f.get("value")))
            if not ok:
                return
            value = text
        from desktop_app.core.profile import facts as mod

        fn = {"confirm": mod.confirm, "hide": mod.hide, "unhide": mod.unhide, "delete": mod.delete,
              "edit": lambda v, i: mod.edit(v, i, value)}[action]
        self.session.db(lambda v: fn(v, fid)).success(lambda _r: self.session.data_changed.emit("profile")).run()

    def derive(self) -> None:
        def _run(v, progress, cancel):
            from desktop_app.core.profile.derive import derive_profile

            return derive_profile(v, progress=progress, cancel=cancel)

        self.derive_btn.setEnabled(False)
        self.status.setText("Working it out from your archive…")
        op = self.session.io(_run, progress=True)
        op.success(lambda _r: self.session.data_changed.emit("profile"))
        op.on_finished(lambda: self.derive_btn.setEnabled(True))
        op.run()

    def clear(self) -> None:
        self.tree.clear()
        self.evidence.clear()
        self.meta_tree.clear()
        self.facts = []
