"""The one time-zone policy (core/timezone.py) and the profile reading days, hours and years through it."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop_app.core import timezone as tz


def test_local_day_and_month_boundaries_are_utc_ranges():
    berlin = tz.parse_zone("Europe/Berlin")
    start, end = tz.month_range(2024, 3, berlin)
    assert start == int(dt.datetime(2024, 2, 29, 23, 0, tzinfo=dt.timezone.utc).timestamp() * 1000)
    assert end == int(dt.datetime(2024, 3, 31, 22, 0, tzinfo=dt.timezone.utc).timestamp() * 1000)  # after DST began
    # A message at 00:30 local on 31 March is in March, though it is 30 March 22:30 UTC.
    late = int(dt.datetime(2024, 3, 30, 23, 30, tzinfo=dt.timezone.utc).timestamp() * 1000)
    assert start <= late < end and tz.to_local(late, berlin).day == 31
    d0, d1 = tz.day_range(dt.date(2024, 3, 31), berlin)
    assert d1 - d0 == 23 * 3_600_000                                        # the spring-forward day
    y0, y1 = tz.year_range(2024, tz.parse_zone("UTC"))
    assert (y1 - y0) // 86_400_000 == 366
    assert tz.offset_minutes(late, berlin) == 60


def test_vault_setting_wins_and_defaults_to_this_computer(vault, monkeypatch):
    monkeypatch.setenv("TZ", "America/Sao_Paulo")
    assert tz.zone_name(tz.zone_for(vault)) == "America/Sao_Paulo"
    assert tz.set_zone(vault, "Asia/Tokyo") == "Asia/Tokyo"
    assert tz.zone_name(tz.zone_for(vault)) == "Asia/Tokyo"
    assert tz.set_zone(vault, "utc") == "UTC" and tz.zone_for(vault) is dt.timezone.utc
    tz.set_zone(vault, None)
    assert tz.zone_name(tz.zone_for(vault)) == "America/Sao_Paulo"
    with pytest.raises(tz.UnknownZone, match="Unknown time zone 'Mars/Olympus'"):
        tz.set_zone(vault, "Mars/Olympus")


def test_activity_hours_and_on_this_day_follow_the_zone(pvault):
    """Persona chats are at 19:00-22:00 UTC: in Tokyo (UTC+9) that is 04:00-07:00, the next day."""
    from desktop_app.core.profile.derive import derive_profile
    from desktop_app.core.profile.suggestions import suggestions
    from tests.profile.conftest import fact

    tz.set_zone(pvault, "Asia/Tokyo")
    derive_profile(pvault)
    hours = fact(pvault, "activity", "hours")
    assert hours.value["timezone"] == "Asia/Tokyo" and hours.value["peak_start"] in (4, 5)
    assert "Asia/Tokyo" in hours.label
    # Posts at 12:00 UTC on 9 May are 21:00 on 9 May in Tokyo.
    s = suggestions(pvault, now=dt.datetime(2024, 5, 9, 12, 0))
    assert [d["years_ago"] for d in s["on_this_day"]] == [3, 2, 1]
    tz.set_zone(pvault, "Pacific/Kiritimati")    # UTC+14: those posts fall on 10 May there
    assert suggestions(pvault, now=dt.datetime(2024, 5, 9, 12, 0))["on_this_day"] == []
    assert [d["years_ago"] for d in suggestions(pvault, now=dt.datetime(2024, 5, 10, 12, 0))["on_this_day"]] == [3, 2, 1]
