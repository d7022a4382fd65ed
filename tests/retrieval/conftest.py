"""A small vault with two conversations, posts and a merged person, for retrieval tests."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop_app.core.domain import Record, Thread
from desktop_app.core.ingest.writer import RecordWriter


def ms(y: int, m: int, d: int, h: int = 12, mi: int = 0) -> int:
    return int(dt.datetime(y, m, d, h, mi, tzinfo=dt.timezone.utc).timestamp() * 1000)


SAM = "facebook:inbox/sam"
PRIYA = "facebook:inbox/priya"


def small_records() -> list[Record]:
    out = []
    chat = [("Alex Doe", "want to go to the cabin in July?"), ("Sam Carter", "yes! which weekend works"),
            ("Alex Doe", "the one after the festival, I'll rent the car"), ("Sam Carter", "I'll book the ferry then"),
            ("Sam Carter", "café crème at the lake, can't wait")]
    for i, (who, text) in enumerate(chat):
        out.append(Record("facebook", "message", ms(2019, 6, 3, 20, i * 5), who, text, thread_key=SAM))
    out.append(Record("facebook", "message", ms(2021, 2, 1), "Sam Carter", "the plumber finally came", thread_key=SAM))
    out.append(Record("facebook", "message", ms(2021, 2, 1, 12, 3), "Alex Doe", "about time", thread_key=SAM))
    out.append(Record("facebook", "message", ms(2020, 8, 9), "Priya Nair", "adopted a beagle named Biscuit",
                      thread_key=PRIYA))
    out.append(Record("facebook", "message", ms(2020, 8, 9, 12, 2), "Alex Doe", "so cute!!", thread_key=PRIYA))
    out.append(Record("facebook", "post", ms(2018, 7, 14), "Alex Doe", "Moved to Lisbon today, new flat!"))
    out.append(Record("instagram", "post", ms(2022, 7, 20), "Alex Doe", "Summer trip to Crete, cabin by the sea"))
    out.append(Record("facebook", "comment", ms(2019, 12, 1), "Alex Doe", "Congrats on the new job Priya"))
    return out


def fill(vault) -> dict[str, int]:
    with vault.transaction():
        w = RecordWriter(vault, owner_names=["Alex Doe"])
        w.mark_me("facebook", "Alex Doe")
        w.thread_id(Thread(SAM, "facebook", "Sam Carter", ["Sam Carter", "Alex Doe"]))
        w.thread_id(Thread(PRIYA, "facebook", "Priya Nair", ["Priya Nair", "Alex Doe"]))
        w.write(small_records())
        # An Instagram identity of Sam, merged into the Facebook one by the user.
        w.write([Record("instagram", "comment", ms(2022, 7, 21), "sam.c", "looks like paradise")])
    sam = vault.scalar("SELECT person_id FROM identities WHERE name = 'Sam Carter'")
    insta = vault.scalar("SELECT person_id FROM identities WHERE name = 'sam.c'")
    vault.execute("UPDATE people SET merged_into = ? WHERE id = ?", (sam, insta))
    return dict(vault.query("SELECT text, id FROM records"))


@pytest.fixture
def filled(vault):
    return vault, fill(vault)


def write_chat(vault, owner: str, other: str, lines: list[tuple[str, str]],
               key: str = "facebook:inbox/mel") -> dict[str, int]:
    """A two-person chat, one message a minute from 8 May 2023 13:00; {text: record id}."""
    from desktop_app.core.domain import Record, Thread
    from desktop_app.core.ingest.writer import RecordWriter

    with vault.transaction():
        w = RecordWriter(vault, owner_names=[owner])
        w.mark_me("facebook", owner)
        w.thread_id(Thread(key, "facebook", other, [other, owner]))
        w.write([Record("facebook", "message", ms(2023, 5, 8, 13, i), who, text, thread_key=key)
                 for i, (who, text) in enumerate(lines)])
    return dict(vault.query("SELECT text, id FROM records"))
