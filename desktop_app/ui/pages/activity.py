"""Activity: charts of the archive over time, by contact, and by hour and weekday (within the scope)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QGridLayout, QLabel

from desktop_app.ui import queries
from desktop_app.ui.charts import BarChart, local_zone
from desktop_app.ui.pages.base import Page

WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


class ActivityPage(Page):
    title = "Activity"
    subtitle = "What your archive looks like over time. Only records inside your privacy scope are counted."

    def __init__(self, window) -> None:
        super().__init__(window)
        grid = QGridLayout()
        zone = local_zone()
        self.months = BarChart("Records per month")
        self.top = BarChart("Top contacts (messages they sent)", horizontal=True)
        self.hours = BarChart(f"By hour of day ({zone})")
        self.days = BarChart(f"By weekday ({zone})")
        grid.addWidget(self.months, 0, 0, 1, 2)
        grid.addWidget(self.top, 1, 0, 2, 1)
        grid.addWidget(self.hours, 1, 1)
        grid.addWidget(self.days, 2, 1)
        grid.setRowStretch(0, 3)
        grid.setRowStretch(1, 2)
        grid.setRowStretch(2, 2)
        self.outer.addLayout(grid, 1)
        self.summary = QLabel("")
        self.summary.setObjectName("muted")
        self.outer.addWidget(self.summary)
        self.data: dict[str, Any] = {}

    def refresh(self) -> None:
        def _load(v) -> dict[str, Any]:
            hours, days = queries.activity_by_hour_weekday(v)
            return {"months": queries.activity_by_month(v), "top": queries.top_contacts(v, 10), "hours": hours, "days": days}

        self.session.db(_load).success(self._show).run()

    def _show(self, d: dict[str, Any]) -> None:
        self.data = d
        self.months.set_months(d["months"])
        top = d["top"]  # the most-messaged first, top down
        self.top.set_data([n for n, _ in top], [c for _, c in top])
        self.hours.set_data([f"{h:02d}" for h in range(24)], d["hours"])
        self.days.set_data(WEEKDAYS, d["days"])
        total = sum(n for _, n in d["months"])
        self.summary.setText(f"{total:,} dated records in {len(d['months'])} months. Times are in this "
                             f"computer's time zone ({local_zone()})." if total else
                             "No dated records yet: import an archive in Sources.")

    def clear(self) -> None:
        for c in (self.months, self.top, self.hours, self.days):
            c.clear()
        self.data = {}
