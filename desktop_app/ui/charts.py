"""Small QtCharts helpers themed like the rest of the window (imported only by pages that chart).

Charts that read: round value ticks (1, 2, 2.5, 5 x 10^n), months with no records drawn as
gaps, a range that leaves out a few stray outlying months (said in the caption), and axis labels
that never elide: category labels are thinned, names abbreviated and date ticks spaced to the
width the chart has, recomputed on every resize.
"""

from __future__ import annotations

import math
from typing import Callable, Sequence

from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView, QValueAxis
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QCursor, QFontMetrics, QPainter
from PySide6.QtWidgets import QToolTip

from desktop_app.ui import theme

OUTLIER_SHARE = 0.01      # months holding at most 1% of the records together ...
OUTLIER_SPAN = 0.25       # ... and stretching the axis by at least a quarter are left out
LABEL_GAP = 10            # pixels between two axis labels


def nice_axis(top: float, ticks: int = 5) -> tuple[float, float]:
    """The axis maximum and tick step: round numbers (1, 2, 2.5, 5 x 10^n) covering ``top``."""
    if top <= 0:
        return 1.0, 1.0
    raw = top / max(1, ticks - 1)
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    if step < 1:
        step = 1.0
    return math.ceil(top / step) * step, step


def month_keys(first: str, last: str) -> list[str]:
    """Every "YYYY-MM" from ``first`` to ``last`` inclusive."""
    y, m = map(int, first.split("-"))
    y2, m2 = map(int, last.split("-"))
    out = []
    while (y, m) <= (y2, m2):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def fill_months(months: Sequence[tuple[str, int]]) -> list[tuple[str, int]]:
    """The months with the empty ones between them as 0 (so gaps show as gaps)."""
    if not months:
        return []
    counts = dict(months)
    return [(k, counts.get(k, 0)) for k in month_keys(months[0][0], months[-1][0])]


def sensible_range(months: Sequence[tuple[str, int]]) -> tuple[list[tuple[str, int]], int, int]:
    """(months to draw, records left out before, records left out after).

    A stray record from years before the rest would squash the whole timeline into its last
    sliver: months at either end holding together at most 1% of the records are dropped when
    that shortens the axis by at least a quarter.
    """
    filled = fill_months(months)
    total = sum(n for _, n in filled)
    if total == 0 or len(filled) < 8:
        return filled, 0, 0
    limit = total * OUTLIER_SHARE
    lo, before = 0, 0
    while lo < len(filled) - 1 and before + filled[lo][1] <= limit:
        before += filled[lo][1]
        lo += 1
    hi, after = len(filled), 0
    while hi - 1 > lo and after + filled[hi - 1][1] <= limit:
        after += filled[hi - 1][1]
        hi -= 1
    # Only worth it when it shortens the axis; then start at the first busy month.
    if lo < len(filled) * OUTLIER_SPAN:
        lo, before = 0, 0
    if len(filled) - hi < len(filled) * OUTLIER_SPAN:
        hi, after = len(filled), 0
    return filled[lo:hi], before, after


def short_name(name: str) -> str:
    """"Maria González" -> "Maria G.": a person's name short enough for an axis."""
    parts = name.split()
    if len(parts) < 2:
        return name
    return f"{parts[0]} {parts[-1][0]}."


def local_zone() -> str:
    """This computer's time zone as people read it ("CET", "UTC+02")."""
    import time

    name = time.strftime("%Z")
    if name and not name.startswith(("+", "-")):
        return name
    off = -time.timezone if not time.localtime().tm_isdst else -time.altzone
    return f"UTC{'+' if off >= 0 else '-'}{abs(off) // 3600:02d}" + (f":{abs(off) % 3600 // 60:02d}" if off % 3600 else "")


class BarChart(QChartView):
    """A bar chart; ``on_click(index)`` is called with the clicked category index (``keys[index]``)."""

    def __init__(self, title: str, *, horizontal: bool = False, on_click: Callable[[int], None] | None = None) -> None:
        super().__init__()
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.chart_ = QChart()
        self.title = title
        self.chart_.setTitle(title)
        self.chart_.legend().hide()
        self.chart_.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        self.chart_.setMargins(self.chart_.margins().__class__(4, 4, 4, 4))
        self.setChart(self.chart_)
        self.horizontal = horizontal
        self.on_click = on_click
        self.setAccessibleName(title)
        self.setMinimumHeight(160)
        self.categories: list[str] = []   # the full labels, one per bar (tooltips)
        self.keys: list[str] = []         # what a click refers to (a month key for month charts)
        self.values: list[int] = []
        self.note = ""                     # e.g. records left out of the range
        self._kind = ""                    # "bars" | "area" | ""
        self._axis_labels: list[str] = []
        self._cat_axis: QBarCategoryAxis | None = None
        self._date_axis = None
        self._months: list[tuple[str, int]] = []
        self._style()

    def _style(self) -> None:
        c = theme.colors()
        self.chart_.setBackgroundBrush(QColor(c["base"]))
        self.chart_.setTitleBrush(QColor(c["text"]))
        self.setBackgroundBrush(QColor(c["window"]))

    def _reset(self) -> None:
        self._style()
        self.chart_.removeAllSeries()
        for ax in list(self.chart_.axes()):
            self.chart_.removeAxis(ax)
        self._cat_axis = None
        self._date_axis = None

    def _set_title(self) -> None:
        self.chart_.setTitle(self.title + (f" — {self.note}" if self.note else ""))

    def _value_axis(self, top: int) -> QValueAxis:
        c = theme.colors()
        hi, step = nice_axis(max(1, top))
        axis = QValueAxis()
        axis.setRange(0, hi)
        axis.setTickCount(int(round(hi / step)) + 1)
        axis.setLabelFormat("%d")
        self._theme_axis(axis, c)
        return axis

    @staticmethod
    def _theme_axis(axis, c: dict[str, str]) -> None:
        axis.setLabelsColor(QColor(c["text"]))
        axis.setGridLineColor(QColor(c["border"]))
        axis.setLinePenColor(QColor(c["border"]))

    # -- months ----------------------------------------------------------------------------------
    def set_months(self, months: Sequence[tuple[str, int]]) -> None:
        """Months ("YYYY-MM", n): bars when there are few, else an area with gaps for empty months."""
        shown, before, after = sensible_range(months)
        notes = []
        if before:
            notes.append(f"{before:,} earlier record{'s' if before != 1 else ''} not shown")
        if after:
            notes.append(f"{after:,} later record{'s' if after != 1 else ''} not shown")
        self.note = ", ".join(notes)
        self._months = shown
        if len(shown) <= 18:
            labels = [_month_label(k, with_year=True) for k, _ in shown]
            self.set_data(labels, [n for _, n in shown])
            self.keys = [k for k, _ in shown]
            return
        from PySide6.QtCharts import QAreaSeries, QDateTimeAxis, QLineSeries
        from PySide6.QtCore import QDateTime

        c = theme.colors()
        self._reset()
        self._set_title()
        self._kind = "area"
        self.keys = [k for k, _ in shown]
        self.categories = list(self.keys)
        self.values = [n for _, n in shown]

        def _x(key: str) -> float:
            return float(QDateTime.fromString(f"{key}-15T00:00:00", "yyyy-MM-ddTHH:mm:ss").toMSecsSinceEpoch())

        first_x, last_x = _x(shown[0][0]), _x(shown[-1][0])
        span_x = max(1.0, last_x - first_x)
        keys = self.keys

        def _nearest(x: float) -> int:
            return max(0, min(len(keys) - 1, round((x - first_x) / span_x * (len(keys) - 1))))

        def _hover(pt, state: bool) -> None:
            if state:
                i = _nearest(pt.x())
                QToolTip.showText(QCursor.pos(), f"{_month_label(keys[i], with_year=True)}: {self.values[i]:,} records", self)

        x_axis = QDateTimeAxis()
        y_axis = self._value_axis(max(self.values))
        self._theme_axis(x_axis, c)
        x_axis.setRange(QDateTime.fromMSecsSinceEpoch(int(first_x)), QDateTime.fromMSecsSinceEpoch(int(last_x)))
        self.chart_.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
        self.chart_.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
        self._date_axis = x_axis
        self._keep = []
        # One area per run of months with records: an empty month is a gap, not a slope.
        for run in _runs(shown):
            upper, lower = QLineSeries(), QLineSeries()
            for k, n in run:
                upper.append(_x(k), float(n))
                lower.append(_x(k), 0.0)
            if len(run) == 1:  # a lone month still shows: a thin sliver either side of it
                x = _x(run[0][0])
                for s, y in ((upper, float(run[0][1])), (lower, 0.0)):
                    s.clear()
                    s.append(x - 8 * 86400_000, y)
                    s.append(x + 8 * 86400_000, y)
            area = QAreaSeries(upper, lower)
            area.setColor(QColor(c["highlight"]))
            area.setBorderColor(QColor(c["highlight"]))
            area.hovered.connect(_hover)
            if self.on_click is not None:
                area.clicked.connect(lambda pt: self.on_click(_nearest(pt.x())))
            self._keep += [upper, lower]
            self.chart_.addSeries(area)
            area.attachAxis(x_axis)
            area.attachAxis(y_axis)
        self._fit_labels()

    # -- bars ------------------------------------------------------------------------------------
    def set_data(self, categories: Sequence[str], values: Sequence[int], *, label_every: int = 1) -> None:
        c = theme.colors()
        self._reset()
        if not self._months or len(self._months) != len(categories):
            self.note = ""
            self._months = []
        self._set_title()
        self._kind = "bars"
        self.categories = list(categories)
        self.keys = list(categories)
        self.values = list(values)
        bs = QBarSet("count")
        bs.append([float(v) for v in values])
        bs.setColor(QColor(c["highlight"]))
        bs.setBorderColor(QColor(c["highlight"]))
        if self.horizontal:
            from PySide6.QtCharts import QHorizontalBarSeries

            series = QHorizontalBarSeries()
        else:
            series = QBarSeries()
        series.append(bs)
        series.setBarWidth(0.8)
        if self.on_click is not None:
            series.clicked.connect(lambda index, _set: self.on_click(index))
        cats, vals = self.categories, self.values

        def _hover(state: bool, index: int, _set=None) -> None:
            if state and 0 <= index < len(cats):
                QToolTip.showText(QCursor.pos(), f"{cats[index]}: {vals[index]:,}", self)

        bs.hovered.connect(_hover)
        self.chart_.addSeries(series)
        cat_axis = QBarCategoryAxis()
        val_axis = self._value_axis(max([1, *values]))
        self._theme_axis(cat_axis, c)
        if self.horizontal:
            self.chart_.addAxis(cat_axis, Qt.AlignmentFlag.AlignLeft)
            self.chart_.addAxis(val_axis, Qt.AlignmentFlag.AlignBottom)
        else:
            self.chart_.addAxis(cat_axis, Qt.AlignmentFlag.AlignBottom)
            self.chart_.addAxis(val_axis, Qt.AlignmentFlag.AlignLeft)
        self._cat_axis = cat_axis
        self._label_every = max(1, label_every)
        self._set_category_labels(self._bar_labels())
        series.attachAxis(cat_axis)
        series.attachAxis(val_axis)

    def _set_category_labels(self, labels: list[str]) -> None:
        # Categories must be unique for QBarCategoryAxis: hidden labels are runs of spaces.
        labels = [lab if lab else " " * (i + 1) for i, lab in enumerate(labels)]
        self._axis_labels = labels
        axis = self._cat_axis
        if axis is None:
            return
        if axis.categories():
            axis.clear()
        axis.append(labels)

    def _bar_labels(self) -> list[str]:
        """Labels that fit the room each bar has: abbreviated names, or every k-th label."""
        cats = self.categories
        if not cats:
            return []
        fm = QFontMetrics(self._cat_axis.labelsFont() if self._cat_axis else self.font())
        plot = self.chart_.plotArea()
        width = plot.width() if plot.width() > 50 else max(100, self.width() - 80)
        if self.horizontal:
            # The names' column may take about a third of the chart.
            budget = max(60, int(self.width() * 0.34))
            labels = list(cats)
            if max(fm.horizontalAdvance(x) for x in labels) > budget:
                labels = [short_name(x) for x in labels]
            if max(fm.horizontalAdvance(x) for x in labels) > budget:
                labels = [x.split()[0] if x.split() else x for x in labels]
            return [_elide_free(fm, x, budget) for x in labels]
        slot = width / len(cats)
        widest = max(fm.horizontalAdvance(x) for x in cats) + LABEL_GAP
        every = max(self._label_every, math.ceil(widest / max(1.0, slot)))
        return [x if i % every == 0 else "" for i, x in enumerate(cats)]

    # -- fitting ---------------------------------------------------------------------------------
    def _fit_labels(self) -> None:
        if self._kind == "bars" and self._cat_axis is not None:
            labels = self._bar_labels()
            if labels != self._axis_labels[:len(labels)] or len(labels) != len(self._axis_labels):
                self._set_category_labels(labels)
        elif self._kind == "area" and self._date_axis is not None:
            fm = QFontMetrics(self._date_axis.labelsFont())
            years = {k[:4] for k in self.keys}
            fmt = "yyyy" if len(years) > 4 else "MMM yyyy"
            self._date_axis.setFormat(fmt)
            label_w = fm.horizontalAdvance("2024" if fmt == "yyyy" else "Sep 2024") + 2 * LABEL_GAP
            plot = self.chart_.plotArea()
            width = plot.width() if plot.width() > 50 else max(100, self.width() - 80)
            self._date_axis.setTickCount(max(2, min(8, int(width // label_w))))

    def labels_fit(self) -> bool:
        """True when no axis label is wider than the room Qt gives it (Qt would elide it with "...")."""
        plot = self.chart_.plotArea()
        if self._kind == "bars" and self._cat_axis is not None and self.categories:
            fm = QFontMetrics(self._cat_axis.labelsFont())
            shown = [x for x in self._axis_labels if x.strip()]
            if not shown:
                return True
            if self.horizontal:
                return max(fm.horizontalAdvance(x) for x in shown) <= max(60, int(self.width() * 0.34))
            slot = plot.width() / len(self.categories)
            every = next((i for i, x in enumerate(self._axis_labels[1:], 1) if x.strip()), len(self._axis_labels))
            return max(fm.horizontalAdvance(x) for x in shown) <= slot * every
        if self._kind == "area" and self._date_axis is not None:
            fm = QFontMetrics(self._date_axis.labelsFont())
            sample = "2024" if self._date_axis.format() == "yyyy" else "Sep 2024"
            n = self._date_axis.tickCount()
            return n * fm.horizontalAdvance(sample) <= plot.width() + fm.horizontalAdvance(sample)
        return True

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._fit_labels()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        self._fit_labels()

    def clear(self) -> None:
        self._reset()
        self.categories = []
        self.keys = []
        self.values = []
        self._kind = ""
        self.note = ""
        self._months = []


def _runs(months: Sequence[tuple[str, int]]) -> list[list[tuple[str, int]]]:
    runs: list[list[tuple[str, int]]] = []
    cur: list[tuple[str, int]] = []
    for k, n in months:
        if n:
            cur.append((k, n))
        elif cur:
            runs.append(cur)
            cur = []
    if cur:
        runs.append(cur)
    return runs


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _month_label(key: str, *, with_year: bool) -> str:
    y, m = key.split("-")
    return f"{_MONTHS[int(m) - 1]} {y}" if with_year else _MONTHS[int(m) - 1]


def _elide_free(fm: QFontMetrics, text: str, width: int) -> str:
    """Shorten by whole words (never "..."): what is left is still a name people recognise."""
    while fm.horizontalAdvance(text) > width and " " in text:
        text = text.rsplit(" ", 1)[0]
    return text
