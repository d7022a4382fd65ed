"""Fill a vault with deterministic synthetic records (people, threads, posts, ad data) for GUI tests."""

from __future__ import annotations

import datetime as dt
import json
import random
import time

from desktop_app.core.domain import Record, Thread
from desktop_app.core.ingest.writer import RecordWriter

ME = "Alex Rivera"
FRIENDS = ["Sam Okafor", "Priya Natarajan", "Jonas Weber", "Mei Lin", "Lucía Fernández", "Tom Hughes",
           "Aisha Bello", "Noah Kim"]
TOPICS = ["hiking in the Alps", "the new bakery on Elm street", "our trip to Lisbon", "band practice on Thursday",
          "Mei's birthday dinner", "the marathon training plan", "that sci-fi book club pick", "moving apartments",
          "the garden tomatoes", "a job interview at the museum"]
LINES = ["Did you see {t}?", "I keep thinking about {t}.", "Can we talk about {t} tomorrow?",
         "Honestly {t} was the best part of the month.", "Remind me about {t} later", "haha yes, {t}!",
         "Photos from {t} are up", "Not sure about {t}, what do you think?"]


def fill(vault, *, n_messages: int = 600, seed: int = 7, canary: str | None = None) -> dict[str, int]:
    """Write archives, threads, messages, posts, comments and ad interests; returns counts."""
    rnd = random.Random(seed)
    start = int(dt.datetime(2019, 1, 1, tzinfo=dt.timezone.utc).timestamp() * 1000)
    span = int(5.5 * 365 * 86400 * 1000)
    with vault.transaction():
        cur = vault.execute("INSERT INTO archives(sha256, name, platform, format, era, size, imported_at, report) "
                            "VALUES (?,?,?,?,?,?,?,?)",
                            (f"{seed:064x}", "facebook-alexrivera-2024.zip", "facebook", "json", "2024", 18_400_000,
                             int(time.time()), json.dumps({"records": n_messages, "skipped": 0, "warnings": []})))
        archive_id = cur.lastrowid
        w = RecordWriter(vault, archive_id=archive_id, owner_names=[ME])
        w.mark_me("facebook", ME)
        w.mark_me("instagram", ME)
        threads = []
        for i, f in enumerate(FRIENDS):
            platform = "messenger" if i % 3 else "instagram"
            t = Thread(key=f"{platform}:inbox/{f.split()[0].lower()}_{i}", platform=platform, title=f,
                       participants=[ME, f], folder="inbox")
            w.thread_id(t)
            threads.append((t, f))
        group = Thread(key="messenger:inbox/climbing_crew", platform="messenger", title="Climbing crew 🧗",
                       participants=[ME, *FRIENDS[:4]], folder="inbox", is_group=True)
        w.thread_id(group)
        recs: list[Record] = []
        for i in range(n_messages):
            t, friend = threads[i % len(threads)] if i % 7 else (group, rnd.choice(FRIENDS[:4]))
            mine = rnd.random() < 0.45
            # People are more active in the evening and at weekends: gives the charts a shape.
            ts = start + rnd.randrange(span)
            ts = ts - ts % 3_600_000 + rnd.choice([9, 12, 18, 19, 20, 21, 22, 23]) * 0 + rnd.randrange(3_600_000)
            text = rnd.choice(LINES).format(t=rnd.choice(TOPICS))
            if canary and i == 3:
                text = f"{text} {canary}"
            recs.append(Record(platform=t.platform, kind="message", ts_ms=ts, author=ME if mine else friend, text=text,
                               thread_key=t.key, is_mine=mine, source="messages/inbox/message_1.json"))
        for i in range(max(10, n_messages // 10)):
            ts = start + rnd.randrange(span)
            recs.append(Record(platform="facebook", kind="post", ts_ms=ts, author=ME, is_mine=True,
                               text=f"Weekend update: {rnd.choice(TOPICS)}. " + rnd.choice(LINES).format(t=rnd.choice(TOPICS)),
                               source="your_facebook_activity/posts/your_posts_1.json"))
            recs.append(Record(platform="facebook", kind="comment", ts_ms=ts + 60_000, author=rnd.choice(FRIENDS),
                               is_mine=False, text=f"Love this! {rnd.choice(TOPICS)}", source="comments.json"))
        for interest in ("Hiking", "Baking", "Science fiction", "Marathons", "Gardening", "Museums"):
            recs.append(Record(platform="facebook", kind="ad_interest", ts_ms=None, author="", text=interest,
                               source="ads_information/ads_interests.json"))
        counts = w.write(recs)
    return {"inserted": counts.inserted, "archive_id": archive_id}
