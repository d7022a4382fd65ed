"""Small QtCharts helpers themed like the rest of the window (imported only by pages that chart)."""

from __future__ import annotations

from typing import Callable, Sequence

from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView, QValueAxis
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QCursor, QPainter
from PySide6.QtWidgets import QToolTip

from desktop_app.ui import theme


class BarChart(QChartView):
    """A bar chart; ``on_click(index)`` is called with the clicked category index."""

    def __init__(self, title: str, *, horizontal: bool = False, on_click: Callable[[int], None] | None = None) -> None:
        super().__init__()
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.chart_ = QChart()
        self.chart_.setTitle(title)
        self.chart_.legend().hide()
        self.chart_.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        self.chart_.setMargins(self.chart_.margins().__class__(4, 4, 4, 4))
        self.setChart(self.chart_)
        self.horizontal = horizontal
        self.on_click = on_click
        self.setAccessibleName(title)
        self.setMinimumHeight(160)
        self.categories: list[str] = []
        self._style()

    def _style(self) -> None:
        c = theme.colors()
        self.chart_.setBackgroundBrush(QColor(c["base"]))
        self.chart_.setTitleBrush(QColor(c["text"]))
        self.setBackgroundBrush(QColor(c["window"]))

    def set_months(self, months: Sequence[tuple[str, int]]) -> None:
        """Months ("YYYY-MM", n) as an area over a date axis (bars when there are only a few)."""
        if len(months) <= 18:
            self.set_data([m for m, _ in months], [n for _, n in months])
            return
        from PySide6.QtCharts import QAreaSeries, QDateTimeAxis, QLineSeries
        from PySide6.QtCore import QDateTime

        c = theme.colors()
        self._style()
        self.chart_.removeAllSeries()
        for ax in list(self.chart_.axes()):
            self.chart_.removeAxis(ax)
        self.categories = [m for m, _ in months]
        upper, lower = QLineSeries(), QLineSeries()
        for m, n in months:
            y, mo = map(int, m.split("-"))
            x = float(QDateTime.fromString(f"{y:04d}-{mo:02d}-15T00:00:00Z", "yyyy-MM-ddTHH:mm:ssZ").toMSecsSinceEpoch())
            upper.append(x, float(n))
            lower.append(x, 0.0)
        area = QAreaSeries(upper, lower)
        area.setColor(QColor(c["highlight"]))
        area.setBorderColor(QColor(c["highlight"]))
        self._keep = (upper, lower)
        self.chart_.addSeries(area)
        month_list = list(months)

        first_x = upper.at(0).x()
        span_x = max(1.0, upper.at(upper.count() - 1).x() - first_x)

        def _nearest(x: float) -> int:
            return max(0, min(upper.count() - 1, round((x - first_x) / span_x * (upper.count() - 1))))

        def _hover(pt, state: bool) -> None:
            if state:
                m, n = month_list[_nearest(pt.x())]
                QToolTip.showText(QCursor.pos(), f"{m}: {n:,} records", self)

        area.hovered.connect(_hover)
        if self.on_click is not None:
            area.clicked.connect(lambda pt: self.on_click(_nearest(pt.x())))
        x_axis = QDateTimeAxis()
        x_axis.setFormat("MMM yyyy")
        x_axis.setTickCount(6)
        y_axis = QValueAxis()
        y_axis.setLabelFormat("%d")
        y_axis.setMin(0)
        y_axis.setMax(max([1, *(n for _, n in months)]) * 1.1)
        for ax in (x_axis, y_axis):
            ax.setLabelsColor(QColor(c["text"]))
            ax.setGridLineColor(QColor(c["border"]))
            ax.setLinePenColor(QColor(c["border"]))
        self.chart_.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
        self.chart_.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
        area.attachAxis(x_axis)
        area.attachAxis(y_axis)

    def set_data(self, categories: Sequence[str], values: Sequence[int], *, label_every: int = 1) -> None:
        c = theme.colors()
        self._style()
        self.chart_.removeAllSeries()
        for ax in list(self.chart_.axes()):
            self.chart_.removeAxis(ax)
        self.categories = list(categories)
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
        cats, vals = list(categories), list(values)

        def _hover(state: bool, index: int, _set=None) -> None:
            if state and 0 <= index < len(cats):
                QToolTip.showText(QCursor.pos(), f"{cats[index]}: {vals[index]:,}", self)

        bs.hovered.connect(_hover)
        self.chart_.addSeries(series)
        labels = [cat if i % max(1, label_every) == 0 else "" for i, cat in enumerate(categories)]
        # Categories must be unique for QBarCategoryAxis: pad hidden labels with zero-width spaces.
        labels = [lab if lab else " " * (i + 1) for i, lab in enumerate(labels)]
        cat_axis = QBarCategoryAxis()
        cat_axis.append(labels)
        val_axis = QValueAxis()
        val_axis.setLabelFormat("%d")
        val_axis.setMin(0)
        val_axis.setMax(max([1, *values]) * 1.1)
        for ax in (cat_axis, val_axis):
            ax.setLabelsColor(QColor(c["text"]))
            ax.setGridLineColor(QColor(c["border"]))
            ax.setLinePenColor(QColor(c["border"]))
        if self.horizontal:
            self.chart_.addAxis(cat_axis, Qt.AlignmentFlag.AlignLeft)
            self.chart_.addAxis(val_axis, Qt.AlignmentFlag.AlignBottom)
        else:
            self.chart_.addAxis(cat_axis, Qt.AlignmentFlag.AlignBottom)
            self.chart_.addAxis(val_axis, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(cat_axis)
        series.attachAxis(val_axis)
        if not self.horizontal and len(categories) > 12 and max(len(c) for c in categories) > 3:
            cat_axis.setLabelsAngle(-60)

    def clear(self) -> None:
        self.chart_.removeAllSeries()
        for ax in list(self.chart_.axes()):
            self.chart_.removeAxis(ax)
        self.categories = []
