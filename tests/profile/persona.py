"""A generated persona: the same friends on Facebook/Messenger, Instagram and WhatsApp, with known answers.

Records are shaped like the importer's (one profile record per field, ``extra={"field", "value"}``,
interests as their names, check-ins with ``extra.place``), written with the real RecordWriter.
"""

from __future__ import annotations

import datetime as dt

from desktop_app.core.domain import Record, Thread
from desktop_app.core.ingest.writer import RecordWriter
from desktop_app.core.store.vault import Vault

ME = "Alex Rivera"


def ms(y: int, mo: int, d: int, h: int = 12, mi: int = 0) -> int:
    return int(dt.datetime(y, mo, d, h, mi, tzinfo=dt.timezone.utc).timestamp() * 1000)


def _thread(w: RecordWriter, platform: str, key: str, other: str, me: str = ME) -> str:
    w.thread_id(Thread(key=key, platform=platform, title=other, participants=[me, other]))
    return key


def _chat(platform: str, key: str, other: str, n: int, year: int, *, me: str = ME, lines=None) -> list[Record]:
    out = []
    lines = lines or ["are we still on for the hike on saturday", "i will bring the camera and some snacks",
                      "that trail was amazing, the photos came out great"]
    for i in range(n):
        mine = i % 2 == 0
        out.append(Record(platform, "message", ms(year, 1 + i % 12, 1 + i % 27, 19 + i % 4), me if mine else other,
                          lines[i % len(lines)] + f" ({i})", thread_key=key, is_mine=mine))
    return out


def build(vault: Vault, *, extra_records: list[Record] | None = None) -> None:
    """Write the persona archive (idempotent: a second call adds nothing, like a re-import)."""
    with vault.transaction():
        w = RecordWriter(vault, owner_names=[ME])
        w.mark_me("facebook", ME, username="alex.rivera.9")
        w.mark_me("messenger", ME)
        w.mark_me("instagram", ME, username="alex.rivera")
        recs: list[Record] = []
        # Profile, one record per field as the importer writes them.
        for field, value, ts in [("name", ME, None), ("current_city", "Lisbon", ms(2019, 6, 1)),
                                 ("hometown", "Porto", None), ("birthday", "1990-04-12", None),
                                 ("relationship", "Married", ms(2021, 9, 4)), ("work", "Acme Corp — Designer", ms(2020, 3, 2)),
                                 ("education", "University of Porto", None), ("religious_views", "Buddhist", None)]:
            recs.append(Record("facebook", "profile", ts, "", f"{field.replace('_', ' ').capitalize()}: {value}",
                               is_mine=True, extra={"field": field, "value": value, "dedup_key": field}))
        recs.append(Record("instagram", "profile", None, "", "Username: alex.rivera", is_mine=True,
                           extra={"field": "username", "value": "alex.rivera", "dedup_key": "username"}))
        # Sam Lee on three platforms (IG display name from the DM file), Jordan on two, Priya on two.
        recs += _chat("messenger", _thread(w, "messenger", "messenger:inbox/samlee", "Sam Lee"), "Sam Lee", 14, 2021)
        recs += _chat("instagram", _thread(w, "instagram", "instagram:inbox/samlee", "sam.lee"), "sam.lee", 8, 2022)
        recs += _chat("whatsapp", _thread(w, "whatsapp", "whatsapp:sam", "Sam Lee", me="Alex"), "Sam Lee", 10, 2023,
                      me="Alex")
        recs += _chat("messenger", _thread(w, "messenger", "messenger:inbox/jordan", "Jordan Kim"), "Jordan Kim", 8, 2022)
        recs += _chat("whatsapp", _thread(w, "whatsapp", "whatsapp:jordan", "Jordan Kim", me="Alex"), "Jordan Kim", 6,
                      2023, me="Alex")
        recs += _chat("instagram", _thread(w, "instagram", "instagram:inbox/priya", "Priya Patel"), "Priya Patel", 6, 2022)
        # A different Sam, WhatsApp only: must not merge with Sam Lee.
        recs += _chat("whatsapp", _thread(w, "whatsapp", "whatsapp:samc", "Sam Carter", me="Alex"), "Sam Carter", 4,
                      2023, me="Alex")
        # An old friend, Portuguese chat, 2015: "lost touch".
        recs += _chat("messenger", _thread(w, "messenger", "messenger:inbox/casey", "Casey Morgan"), "Casey Morgan", 6,
                      2015, lines=["não sei se vou conseguir ir, mas vou tentar", "o que você acha de irmos à praia",
                                   "obrigado, foi muito bom te ver"])
        # Own posts: hiking and photography, hashtags, a move and a new job.
        posts = [(ms(2019, 6, 2), "We moved to Lisbon! New city, new trails #hiking"),
                 (ms(2020, 3, 3), "Started working at Acme Corp today, so excited"),
                 (ms(2021, 5, 9), "Sunrise hiking in Sintra, best photography light #hiking #photography"),
                 (ms(2022, 5, 9), "Another hiking weekend with the camera #photography"),
                 (ms(2023, 5, 9), "Photography walk along the river, the light was perfect")]
        recs += [Record("facebook", "post", ts, ME, text, is_mine=True) for ts, text in posts]
        # Check-ins, Meta's inferences, an advertiser, a liked page.
        for ts, place in [(ms(2019, 7, 1), "Lisbon, Portugal"), (ms(2021, 2, 1), "Lisbon, Portugal"),
                          (ms(2022, 8, 1), "Cafe Luna")]:
            recs.append(Record("facebook", "checkin", ts, "", place, is_mine=True, extra={"place": {"name": place}}))
        recs.append(Record("instagram", "place", None, "", "Lisbon, Portugal", is_mine=False,
                           source="personal_information/information_about_you/profile_based_in.json"))
        for kind, name in [("ad_interest", "Hiking"), ("ad_interest", "Photography"), ("ad_interest", "Cryptocurrency"),
                           ("ad_interest", "Yoga"), ("ad_interest", "Diabetes awareness"),
                           ("ad_category", "Frequent international travelers"), ("topic", "Hiking"),
                           ("topic", "Football (Association Rules, Soccer)")]:
            recs.append(Record("facebook", kind, None, "", name, is_mine=False))
        recs.append(Record("facebook", "advertiser", None, "", "Acme Shoes", is_mine=False,
                           extra={"has_data_file_custom_audience": True}))
        recs.append(Record("facebook", "like", ms(2020, 1, 1), "", "Trail Runners Lisbon", is_mine=True,
                           source="your_facebook_activity/pages/pages_you've_liked.json"))
        recs.append(Record("instagram", "like", ms(2022, 5, 10), "", "Priya Patel", is_mine=True,
                           extra={"owner": "Priya Patel", "hashtags": ["hiking"]}))
        recs += extra_records or []
        w.write(recs)
