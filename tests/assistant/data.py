"""A small hand-made history for assistant tests: known counts, firsts, lasts and top-N."""

from __future__ import annotations

import datetime as dt

from desktop_app.core.domain import Record, Thread
from desktop_app.core.ingest.writer import RecordWriter
from desktop_app.core.llm.engine import StubEngine

ME = "Alex Doe"


def ms(y: int, m: int = 1, d: int = 1, h: int = 12) -> int:
    return int(dt.datetime(y, m, d, h, tzinfo=dt.timezone.utc).timestamp() * 1000)


def msg(thread: str, author: str, ts: int, text: str) -> Record:
    return Record(platform="facebook", kind="message", ts_ms=ts, author=author, text=text,
                  thread_key=f"facebook:inbox/{thread}")


def populate(vault) -> dict:
    """Write the fixture; return the expected figures."""
    threads = [
        Thread(key="facebook:inbox/sam", platform="facebook", title="Sam Rivera", participants=[ME, "Sam Rivera"]),
        Thread(key="facebook:inbox/maria", platform="facebook", title="Maria Lopez", participants=[ME, "Maria Lopez"]),
        Thread(key="facebook:inbox/group", platform="facebook", title="Book club",
               participants=[ME, "Sam Rivera", "Maria Lopez", "Kim Lee"], is_group=True),
    ]
    recs = [
        # Sam: 2019 x3 (2 mine), 2020 x2 (1 mine)
        msg("sam", ME, ms(2019, 2, 3), "Hey Sam, want to go climbing on Saturday?"),
        msg("sam", "Sam Rivera", ms(2019, 2, 3, 13), "Sure! The gym on 5th street opens at nine."),
        msg("sam", ME, ms(2019, 6, 1), "Happy birthday Sam!"),
        msg("sam", ME, ms(2020, 3, 1), "Did you see the lockdown news?"),
        msg("sam", "Sam Rivera", ms(2020, 3, 2), "Yes, stay safe."),
        # Maria: 2020 x4 (2 mine), 2021 x1 (mine)
        msg("maria", ME, ms(2020, 1, 5), "Maria, I got the new job at Northwind as a data analyst!"),
        msg("maria", "Maria Lopez", ms(2020, 1, 5, 14), "Congratulations! When do you start?"),
        msg("maria", ME, ms(2020, 1, 6), "I start on February 1st."),
        msg("maria", "Maria Lopez", ms(2020, 7, 9), "Lunch next week?"),
        msg("maria", ME, ms(2021, 4, 4), "Sorry I missed your call."),
        msg("maria", "Maria Lopez", ms(2021, 4, 5), "No worries, talk soon!"),
        # group: 2019 x2 (1 mine)
        msg("group", "Kim Lee", ms(2019, 9, 9), "Next book: Dune."),
        msg("group", ME, ms(2019, 9, 10), "Great pick, I loved Dune."),
        Record(platform="facebook", kind="post", ts_ms=ms(2018, 5, 5), author=ME, text="Moved to Lisbon today!"),
        Record(platform="instagram", kind="post", ts_ms=ms(2021, 8, 8), author=ME, text="Sunset at the beach"),
    ]
    with vault.transaction():
        w = RecordWriter(vault, owner_names=[ME])
        w.mark_me("facebook", ME)
        w.mark_me("instagram", ME)
        for t in threads:
            w.thread_id(t)
        w.write(recs)
    return {
        "sent_2019": 3, "sent_2020": 3, "messages_total": 13, "sent_to_sam": 3,
        "first_to_sam_day": "2019-02-03", "last_from_maria_day": "2021-04-05",
        "top_all": "Maria Lopez", "top_all_n": 6, "top_2019": "Sam Rivera", "top_2019_n": 3,
    }


def record_id(vault, text_part: str) -> int:
    return int(vault.scalar("SELECT id FROM records WHERE text LIKE ?", (f"%{text_part}%",)))


class Canned(StubEngine):
    """A stub model that answers every question with ``text``: drives the assistant's answer checks."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def reply(self, prompt) -> str:
        return self.text


def write_chat(vault, rows: list[tuple[str, str]]) -> None:
    """One two-person chat, an hour between messages: rows of (author, text); "Alex Doe" is the owner."""
    base = dt.datetime(2024, 3, 1, 9, tzinfo=dt.timezone.utc)
    with vault.transaction():
        w = RecordWriter(vault, owner_names=[ME])
        w.mark_me("facebook", ME)
        w.write([Record("facebook", "message", int((base + dt.timedelta(hours=i)).timestamp() * 1000), author, text,
                        thread_key="facebook:inbox/tom_1", is_mine=author == ME)
                 for i, (author, text) in enumerate(rows)])
