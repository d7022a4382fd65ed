"""Charts that read: round ticks, gaps as gaps, outliers left out (and said), local time, no elided labels."""

from __future__ import annotations

import pytest

from desktop_app.ui import charts
from tests.gui.conftest import idle


@pytest.mark.parametrize("top, expected", [(59573, (60000, 20000)), (7, (8, 2)), (1, (1, 1)), (130, (150, 50)),
                                           (0, (1, 1))])
def test_value_ticks_are_round(top, expected):
    hi, step = charts.nice_axis(top)
    assert (hi, step) == expected
    assert hi >= top


def test_empty_months_are_gaps_and_a_stray_record_does_not_squash_the_timeline():
    months = [("2009-03", 1)] + [(f"2020-{m:02d}", 50) for m in (1, 2, 3)] + [(f"2021-{m:02d}", 40) for m in range(1, 13)]
    filled = charts.fill_months(months)
    assert ("2020-04", 0) in filled  # a month with no records is a zero (drawn as a gap), not skipped
    shown, before, after = charts.sensible_range(months)
    assert shown[0][0] == "2020-01" and before == 1 and after == 0
    assert charts.runs(shown) == [shown[:3], shown[-12:]]  # two areas: the empty 2020 months split them


def test_chart_labels_never_elide_at_small_sizes(qtbot):
    zone = charts.local_zone()
    hours = charts.BarChart(f"By hour of day ({zone})")
    qtbot.addWidget(hours)
    hours.resize(300, 180)
    hours.show()
    hours.set_data([f"{h:02d}" for h in range(24)], list(range(24)))
    qtbot.wait(50)
    assert hours.labels_fit()
    shown = [lab.text for lab in hours.axis_labels()]
    assert 2 <= len(shown) < 24 and "00" in shown  # thinned, not squeezed into "..."
    top = charts.BarChart("Top contacts", horizontal=True)
    qtbot.addWidget(top)
    top.resize(320, 220)
    top.show()
    top.set_data(["Maria González-Fernández", "Sam Carter", "Jordan Lee"], [30, 20, 10])
    qtbot.wait(50)
    assert top.labels_fit()
    names = [lab.text for lab in top.axis_labels()]
    assert names[0] in ("Maria González-Fernández", "Maria G.", "Maria") and "..." not in "".join(names)
    months = charts.BarChart("Records per month")
    qtbot.addWidget(months)
    months.resize(360, 180)
    months.show()
    months.set_months([(f"{y}-{m:02d}", (y * m) % 40 + 1) for y in range(2015, 2025) for m in range(1, 13)])
    qtbot.wait(50)
    years = [lab.text for lab in months.axis_labels()]
    assert months.labels_fit() and years == sorted(set(years)) and all(len(y) == 4 for y in years)
    assert len(years) >= 2  # years, each once, in order: no "2019 2019 2020"


def test_activity_page_uses_local_time_with_the_zone_shown(qtbot, window):
    page = window.show_page("activity")
    idle(qtbot, window)
    assert charts.local_zone() in page.hours.title
    assert "UTC)" not in page.hours.title or charts.local_zone() == "UTC"
    assert page.months.labels_fit() and page.hours.labels_fit() and page.top.labels_fit()


def test_hour_of_day_is_counted_in_local_time(monkeypatch, profile):
    import datetime as dt
    import time

    from desktop_app.core.domain import Record
    from desktop_app.core.ingest.writer import RecordWriter
    from desktop_app.core.store.vault import create_vault
    from desktop_app.ui import queries
    from tests.conftest import PASSPHRASE

    v = create_vault(profile, passphrase=PASSPHRASE)
    ts = int(dt.datetime(2024, 3, 1, 0, 30, tzinfo=dt.timezone.utc).timestamp() * 1000)
    with v.transaction():
        v.execute("INSERT INTO archives(sha256, name, platform, format, era, size, imported_at, report) "
                  "VALUES ('x', 'a.zip', 'facebook', 'json', '2024', 1, 0, '{}')")
        RecordWriter(v, archive_id=1, owner_names=["Me"]).write(
            [Record(platform="facebook", kind="post", ts_ms=ts, author="Me", is_mine=True, text="hello", source="p.json")])
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    time.tzset()
    try:
        hours, _days = queries.activity_by_hour_weekday(v)
        assert hours[9] == 1  # 00:30 UTC is 09:30 in Tokyo
        assert charts.local_zone() == "JST"
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
        v.lock()
