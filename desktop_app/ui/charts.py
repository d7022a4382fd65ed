"""Bar charts painted by hand, themed like the rest of the window.

Charts that read: round value ticks (1, 2, 2.5, 5 x 10^n), months with no records drawn as gaps,
a range that leaves out a few stray outlying months (said under the title), and axis labels that
never elide: month charts label the years (or months) that fit, other charts every k-th bar, and
names are abbreviated by whole words. The layout is recomputed on every paint, so any size and a
live theme switch are right without rebuilding anything. (QtCharts elided each category label
to its own bar's width, whatever the neighbours showed, and repeated years on date axes.)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable, Sequence

from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter
from PySide6.QtWidgets import QToolTip, QWidget

from desktop_app.ui import theme

OUTLIER_SHARE = 0.01      # months holding at most 1% of the records together ...
OUTLIER_SPAN = 0.25       # ... and stretching the axis by at least a quarter are left out
LABEL_GAP = 8             # pixels between two axis labels
PAD = 8
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def nice_axis(top: float, ticks: int = 5) -> tuple[float, float]:
    """The axis maximum and tick step: round numbers (1, 2, 2.5, 5 x 10^n) covering ``top``."""
    if top <= 0:
        return 1.0, 1.0
    raw = top / max(1, ticks - 1)
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    step = max(step, 1.0)
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
    if lo < len(filled) * OUTLIER_SPAN:
        lo, before = 0, 0
    if len(filled) - hi < len(filled) * OUTLIER_SPAN:
        hi, after = len(filled), 0
    return filled[lo:hi], before, after


def runs(months: Sequence[tuple[str, int]]) -> list[list[tuple[str, int]]]:
    """Runs of consecutive months with records (what the timeline draws; the rest are gaps)."""
    out: list[list[tuple[str, int]]] = []
    cur: list[tuple[str, int]] = []
    for k, n in months:
        if n:
            cur.append((k, n))
        elif cur:
            out.append(cur)
            cur = []
    if cur:
        out.append(cur)
    return out


def short_name(name: str) -> str:
    """"Maria González" -> "Maria G.": a person's name short enough for an axis."""
    parts = name.split()
    return name if len(parts) < 2 else f"{parts[0]} {parts[-1][0]}."


def fit_words(fm: QFontMetrics, text: str, width: int) -> str:
    """Shorten by whole words (never "..."): what is left is still a name people recognise."""
    while fm.horizontalAdvance(text) > width and " " in text:
        text = text.rsplit(" ", 1)[0]
    return text


def month_label(key: str, *, with_year: bool = True) -> str:
    y, m = key.split("-")
    return f"{MONTHS[int(m) - 1]} {y}" if with_year else MONTHS[int(m) - 1]


def local_zone() -> str:
    """This computer's time zone as people read it ("CET", "UTC+02")."""
    import time

    name = time.strftime("%Z")
    if name and not name.startswith(("+", "-")):
        return name
    off = -(time.altzone if time.localtime().tm_isdst else time.timezone)
    return f"UTC{'+' if off >= 0 else '-'}{abs(off) // 3600:02d}" + (f":{abs(off) % 3600 // 60:02d}" if off % 3600 else "")


@dataclass
class _Label:
    text: str
    rect: QRect        # the room the label has (it must fit inside)


class BarChart(QWidget):
    """A bar chart; ``on_click(index)`` is called with the clicked bar (``keys[index]``)."""

    def __init__(self, title: str, *, horizontal: bool = False, on_click: Callable[[int], None] | None = None) -> None:
        super().__init__()
        self.title = title
        self.horizontal = horizontal
        self.on_click = on_click
        self.setAccessibleName(title)
        self.setMinimumHeight(120)  # three rows of charts fit the window's minimum height
        self.setMouseTracking(True)
        self.categories: list[str] = []   # full labels, one per bar (tooltips)
        self.keys: list[str] = []         # what a click refers to (a month key for month charts)
        self.values: list[int] = []
        self.note = ""
        self.monthly = False
        self._label_every = 1
        if on_click is not None:
            self.setCursor(Qt.CursorShape.PointingHandCursor)

    # -- data ------------------------------------------------------------------------------------
    def set_months(self, months: Sequence[tuple[str, int]]) -> None:
        """Months ("YYYY-MM", n) in order; empty months between them are drawn as gaps."""
        shown, before, after = sensible_range(months)
        notes = [f"{n:,} {word} record{'s' if n != 1 else ''} not shown"
                 for n, word in ((before, "earlier"), (after, "later")) if n]
        self.monthly = True
        self.keys = [k for k, _ in shown]
        self.categories = [month_label(k) for k in self.keys]
        self.values = [n for _, n in shown]
        self.note = ", ".join(notes)
        self.update()

    def set_data(self, categories: Sequence[str], values: Sequence[int], *, label_every: int = 1) -> None:
        self.monthly = False
        self.categories = [str(c) for c in categories]
        self.keys = list(self.categories)
        self.values = [int(v) for v in values]
        self.note = ""
        self._label_every = max(1, label_every)
        self.update()

    def clear(self) -> None:
        self.categories, self.keys, self.values = [], [], []
        self.note = ""
        self.update()

    # -- layout ----------------------------------------------------------------------------------
    def _title_rect(self) -> tuple[str, QRect]:
        text = self.title + (f" ({self.note})" if self.note else "")
        fm = self.fontMetrics()
        r = fm.boundingRect(QRect(PAD, PAD // 2, self.width() - 2 * PAD, 1000),
                            int(Qt.AlignmentFlag.AlignHCenter | Qt.TextFlag.TextWordWrap), text)
        return text, QRect(PAD, PAD // 2, self.width() - 2 * PAD, r.height())

    def _plot(self) -> tuple[QRect, list[tuple[float, str]], float]:
        """The plot area, the value ticks (value, label) and the axis top."""
        fm = self.fontMetrics()
        _t, title = self._title_rect()
        top, step = nice_axis(max([1, *self.values]))
        ticks = [(i * step, f"{int(i * step):,}") for i in range(int(round(top / step)) + 1)]
        if self.horizontal:
            names = self._names()
            name_w = max((fm.horizontalAdvance(n) for n in names), default=0)
            value_w = fm.horizontalAdvance(f"{max([0, *self.values]):,}") + PAD
            plot = QRect(PAD + name_w + PAD, title.bottom() + PAD, 0, 0)
            plot.setRight(self.width() - PAD - value_w)
            plot.setBottom(self.height() - PAD)
            return plot, ticks, top
        left = PAD + max(fm.horizontalAdvance(t) for _, t in ticks) + 6
        plot = QRect(left, title.bottom() + PAD + fm.height() // 2, 0, 0)
        plot.setRight(self.width() - PAD - fm.horizontalAdvance("0000") // 2)
        plot.setBottom(self.height() - PAD - fm.height() - 4)
        return plot, ticks, top

    def _name_budget(self) -> int:
        return max(48, int(self.width() * 0.38))

    def _names(self) -> list[str]:
        """Names for the horizontal chart: whole, then "First L.", then first names, to fit the budget."""
        fm = self.fontMetrics()
        budget = self._name_budget()
        names = list(self.categories)
        for shorten in (short_name, lambda n: n.split()[0] if n.split() else n):
            if max((fm.horizontalAdvance(n) for n in names), default=0) <= budget:
                break
            names = [shorten(n) for n in names]
        return [fit_words(fm, n, budget) for n in names]

    def axis_labels(self) -> list[_Label]:
        """The category labels drawn, each with the room it has."""
        if not self.values:
            return []
        fm = self.fontMetrics()
        plot, _ticks, _top = self._plot()
        n = len(self.values)
        if self.horizontal:
            row = plot.height() / n
            return [_Label(name, QRect(PAD, int(plot.top() + i * row), plot.left() - 2 * PAD + 1, int(row)))
                    for i, name in enumerate(self._names())]
        slot = plot.width() / n
        if self.monthly:
            picks = self._month_picks(fm, plot.width(), slot)
        else:
            widest = max(fm.horizontalAdvance(c) for c in self.categories) + LABEL_GAP
            every = max(self._label_every, math.ceil(widest / max(1.0, slot)))
            picks = [(i, self.categories[i]) for i in range(0, n, every)]
        out = []
        tail = self._tail_room() if self.monthly else 0
        for j, (i, text) in enumerate(picks):
            nxt = picks[j + 1][0] if j + 1 < len(picks) else n
            room = int((nxt - i) * slot + (tail if j + 1 == len(picks) else 0)) if self.monthly \
                else int(slot * max(1, nxt - i))
            x = int(plot.left() + i * slot + (0 if self.monthly else slot / 2 - room / 2))
            x = max(0, min(x, self.width() - room))
            out.append(_Label(text, QRect(x, plot.bottom() + 4, room, fm.height())))
        return out

    def _month_picks(self, fm: QFontMetrics, width: int, slot: float) -> list[tuple[int, str]]:
        """Year labels at each January that fits (every k years), or month labels on short spans."""
        keys = self.keys
        n = len(keys)
        tail = self._tail_room()
        if n > 18 or len({k[:4] for k in keys}) > 2:
            year_w = fm.horizontalAdvance("2024") + LABEL_GAP
            first_year = int(keys[0][:4])
            for k in (1, 2, 5, 10, 20, 50):
                picks = [(i, key[:4]) for i, key in enumerate(keys) if key.endswith("-01") and int(key[:4]) % k == 0]
                # The first year is named where the chart starts when its January is not in view.
                if first_year % k == 0 and (not picks or picks[0][0] * slot >= year_w):
                    if not picks or picks[0][0] > 0:
                        picks = [(0, keys[0][:4]), *picks]
                if len(picks) > 1 and (n - picks[-1][0]) * slot + tail < year_w - LABEL_GAP:
                    picks = picks[:-1]  # a January too close to the end to hold its year
                gaps = [b[0] - a[0] for a, b in zip(picks, picks[1:])]
                if picks and all(g * slot >= year_w for g in gaps):
                    return picks
            return [(0, keys[0][:4])]
        month_w = fm.horizontalAdvance("Sep 2024") + LABEL_GAP
        every = max(1, math.ceil(month_w / max(1.0, slot)))
        picks = [(i, month_label(keys[i])) for i in range(0, n, every)]
        if len(picks) > 1 and (n - picks[-1][0]) * slot + tail < month_w - LABEL_GAP:
            picks = picks[:-1]
        return picks

    def _tail_room(self) -> int:
        plot, _t, _top = self._plot()
        return max(0, self.width() - PAD // 2 - plot.right())

    def labels_fit(self) -> bool:
        """True when every drawn label fits the room it has (nothing would be cut or elided)."""
        fm = self.fontMetrics()
        text, title = self._title_rect()
        if fm.boundingRect(title, int(Qt.TextFlag.TextWordWrap), text).height() > title.height():
            return False
        return all(fm.horizontalAdvance(lab.text) <= lab.rect.width() for lab in self.axis_labels())

    # -- painting --------------------------------------------------------------------------------
    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt override
        c = theme.colors()
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setPen(QColor(c["border"]))
        p.setBrush(QColor(c["base"]))
        p.drawRoundedRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5), 8, 8)
        text, title = self._title_rect()
        p.setPen(QColor(c["text"]))
        p.drawText(title, int(Qt.AlignmentFlag.AlignHCenter | Qt.TextFlag.TextWordWrap), text)
        if not self.values:
            p.end()
            return
        plot, ticks, top = self._plot()
        if plot.width() < 10 or plot.height() < 10:
            p.end()
            return
        fm = self.fontMetrics()
        accent = QColor(c["highlight"])
        n = len(self.values)
        if self.horizontal:
            row = plot.height() / n
            for i, (v, lab) in enumerate(zip(self.values, self.axis_labels())):
                y = plot.top() + i * row
                w = plot.width() * v / top if top else 0
                p.fillRect(QRectF(plot.left(), y + row * 0.15, max(1.0, w), row * 0.7), accent)
                p.setPen(QColor(c["text"]))
                p.drawText(lab.rect, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), lab.text)
                p.setPen(QColor(c["muted"]))
                p.drawText(QRectF(plot.left() + w + 4, y, self.width(), row),
                           int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), f"{v:,}")
            p.end()
            return
        for value, label in ticks:  # grid and value labels
            y = plot.bottom() - plot.height() * value / top
            p.setPen(QColor(c["border"]))
            p.drawLine(plot.left(), int(y), plot.right(), int(y))
            p.setPen(QColor(c["muted"]))
            p.drawText(QRect(0, int(y - fm.height() / 2), plot.left() - 6, fm.height()),
                       int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), label)
        slot = plot.width() / n
        bar = slot if (self.monthly and slot < 6) else slot * 0.8
        for i, v in enumerate(self.values):
            if not v:
                continue  # an empty month or hour is a gap
            h = plot.height() * v / top
            p.fillRect(QRectF(plot.left() + i * slot + (slot - bar) / 2, plot.bottom() - h, max(1.0, bar), h), accent)
        p.setPen(QColor(c["text"]))
        for lab in self.axis_labels():
            align = Qt.AlignmentFlag.AlignLeft if self.monthly else Qt.AlignmentFlag.AlignHCenter
            p.drawText(lab.rect, int(align | Qt.AlignmentFlag.AlignTop), lab.text)
        p.end()

    # -- pointer ---------------------------------------------------------------------------------
    def index_at(self, x: float, y: float) -> int | None:
        if not self.values:
            return None
        plot, _t, _top = self._plot()
        n = len(self.values)
        if self.horizontal:
            i = int((y - plot.top()) / max(1.0, plot.height() / n))
        else:
            i = int((x - plot.left()) / max(1.0, plot.width() / n))
        return i if 0 <= i < n else None

    def mouseMoveEvent(self, event) -> None:  # noqa: N802 - Qt override
        i = self.index_at(event.position().x(), event.position().y())
        if i is None:
            QToolTip.hideText()
            return
        QToolTip.showText(event.globalPosition().toPoint(), f"{self.categories[i]}: {self.values[i]:,}", self)

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802 - Qt override
        i = self.index_at(event.position().x(), event.position().y())
        if i is not None and self.on_click is not None:
            self.on_click(i)
