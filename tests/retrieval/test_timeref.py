"""The English time-expression resolver: phrases, ranges and labels against the message's own time."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop_app.core.timeref import TimeRef, annotate, resolve


def ms(y: int, m: int, d: int, h: int = 13) -> int:
    return int(dt.datetime(y, m, d, h, tzinfo=dt.timezone.utc).timestamp() * 1000)


def day(ts: int) -> dt.date:
    return dt.datetime.fromtimestamp(ts / 1000, dt.timezone.utc).date()


CASES = [
    # (text, said on, phrase, label, granularity, first day, day after the last)
    ("I went to a support group yesterday and", (2023, 5, 8), "yesterday", "7 May 2023", "day", (2023, 5, 7), (2023, 5, 8)),
    ("Last night was amazing!", (2023, 8, 14), "Last night", "13 August 2023", "day", (2023, 8, 13), (2023, 8, 14)),
    ("I ran a charity race last Saturday", (2023, 5, 25), "last Saturday", "20 May 2023", "day", (2023, 5, 20), (2023, 5, 21)),
    ("joined a new group last Tues. Great", (2023, 7, 20), "last Tues", "18 July 2023", "day", (2023, 7, 18), (2023, 7, 19)),
    ("Last Friday I went", (2023, 7, 14), "Last Friday", "7 July 2023", "day", (2023, 7, 7), (2023, 7, 8)),  # said on a Friday
    ("going camping next month.", (2023, 5, 25), "next month", "June 2023", "month", (2023, 6, 1), (2023, 7, 1)),
    ("my school event last week.", (2023, 6, 9), "last week", "the week before 9 June 2023", "week", (2023, 6, 2), (2023, 6, 9)),
    ("a conference two days ago", (2023, 7, 12), "two days ago", "10 July 2023", "day", (2023, 7, 10), (2023, 7, 11)),
    ("I got a puppy two weeks ago!", (2023, 8, 11), "two weeks ago", "two weeks before 11 August 2023", "week",
     (2023, 7, 28), (2023, 8, 4)),
    ("camping two weekends ago.", (2023, 7, 17), "two weekends ago", "two weekends before 17 July 2023", "weekend",
     (2023, 7, 8), (2023, 7, 10)),
    ("Last weekend I joined", (2023, 7, 17), "Last weekend", "the weekend before 17 July 2023", "weekend",
     (2023, 7, 15), (2023, 7, 17)),
    ("that roadtrip this past weekend", (2023, 10, 20), "this past weekend", "the weekend before 20 October 2023",
     "weekend", (2023, 10, 14), (2023, 10, 16)),
    ("what I did this week?", (2023, 8, 23), "this week", "the week of 23 August 2023", "week", (2023, 8, 21), (2023, 8, 28)),
    ("a book I read last year", (2023, 7, 12), "last year", "2022", "year", (2022, 1, 1), (2023, 1, 1)),
    ("our trip last summer.", (2023, 8, 13), "last summer", "summer 2022", "season", (2022, 6, 1), (2022, 9, 1)),
    ("our trip last summer.", (2023, 10, 2), "last summer", "summer 2023", "season", (2023, 6, 1), (2023, 9, 1)),
    ("a conference this month.", (2023, 7, 3), "this month", "July 2023", "month", (2023, 7, 1), (2023, 8, 1)),
    ("we moved in 2022 and", (2023, 7, 3), "in 2022", "2022", "year", (2022, 1, 1), (2023, 1, 1)),
    ("see you in May 2023", (2023, 1, 3), "in May 2023", "May 2023", "month", (2023, 5, 1), (2023, 6, 1)),
    ("the wedding is on 5 May!", (2023, 1, 3), "on 5 May", "5 May 2023", "day", (2023, 5, 5), (2023, 5, 6)),
    ("born May 7th, 2001 in", (2023, 1, 3), "May 7th, 2001", "7 May 2001", "day", (2001, 5, 7), (2001, 5, 8)),
    ("the opening is tomorrow.", (2023, 6, 19), "tomorrow", "20 June 2023", "day", (2023, 6, 20), (2023, 6, 21)),
    ("in three weeks we fly", (2023, 6, 19), "in three weeks", "three weeks after 19 June 2023", "week",
     (2023, 7, 4), (2023, 7, 11)),
    # a month without its year: the one after the message for what is to come, the one before for the past
    ("Aisha proposed!! we're getting married in May", (2021, 7, 28), "in May", "May 2022", "month",
     (2022, 5, 1), (2022, 6, 1)),
    ("My uncle's place at Blue Lake is free in August.", (2023, 7, 10), "in August", "August 2023", "month",
     (2023, 8, 1), (2023, 9, 1)),
    ("I moved here in May, it's great", (2021, 7, 28), "in May", "May 2021", "month", (2021, 5, 1), (2021, 6, 1)),
    ("we went camping in June", (2023, 8, 1), "in June", "June 2023", "month", (2023, 6, 1), (2023, 7, 1)),
    ("last May we went", (2023, 3, 1), "last May", "May 2022", "month", (2022, 5, 1), (2022, 6, 1)),
    ("next March I start", (2023, 7, 1), "next March", "March 2024", "month", (2024, 3, 1), (2024, 4, 1)),
]


@pytest.mark.parametrize("text,said,phrase,label,gran,first,after", CASES)
def test_phrases_resolve_against_the_message_time(text, said, phrase, label, gran, first, after):
    refs = resolve(text, ms(*said))
    assert len(refs) == 1, refs
    r = refs[0]
    assert (r.phrase, r.label, r.granularity) == (phrase, label, gran)
    assert text[r.start:r.end] == phrase
    assert (day(r.from_ms), day(r.to_ms)) == (dt.date(*first), dt.date(*after))


@pytest.mark.parametrize("text", [
    "I may 5 of them", "recently I went", "a few days ago", "the last week of May", "at last!", "next to the door",
    "see you on Friday", "this sun is hot", "the last time we met", "", "2 cats and 3 dogs",
    "in May the weather turns", "you may go in may",   # a month neither past nor to come: no guess
])
def test_vague_or_ordinary_words_give_nothing(text):
    assert resolve(text, ms(2023, 5, 8)) == []


def test_several_phrases_and_annotation():
    text = "Yesterday was great, and next week we go camping."
    refs = resolve(text, ms(2023, 5, 8))
    assert [r.phrase for r in refs] == ["Yesterday", "next week"]
    assert annotate(text, refs) == ("Yesterday (7 May 2023) was great, and next week (the week after 8 May 2023) "
                                    "we go camping.")
    assert refs[0].annotated() == "Yesterday (7 May 2023)"


def test_the_zone_decides_the_day():
    # 23:30 UTC on 8 May is already 9 May in Berlin: "yesterday" there is 8 May, from Berlin's midnight
    ts = int(dt.datetime(2023, 5, 8, 23, 30, tzinfo=dt.timezone.utc).timestamp() * 1000)
    assert resolve("yesterday", ts)[0].label == "7 May 2023"
    r = resolve("yesterday", ts, "Europe/Berlin")[0]
    assert r.label == "8 May 2023"
    assert r.from_ms == int(dt.datetime(2023, 5, 7, 22, tzinfo=dt.timezone.utc).timestamp() * 1000)
    assert r.to_ms - r.from_ms == 86_400_000
    assert resolve("yesterday", ts, "Not/AZone")[0].label == "7 May 2023"   # unknown zone: UTC, no error


def test_timeref_is_a_frozen_value():
    r = resolve("yesterday", ms(2023, 5, 8))[0]
    assert isinstance(r, TimeRef)
    with pytest.raises(Exception):
        r.label = "x"  # type: ignore[misc]
