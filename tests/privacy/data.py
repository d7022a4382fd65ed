"""A small planted history for privacy tests: two platforms, 1:1 and group threads, canaries."""

from __future__ import annotations


from desktop_app.core.domain import Record, Thread
from desktop_app.core.ingest.writer import RecordWriter

# Lower-case single tokens, so they are findable in both table rows and FTS index pages.
THREAD_CANARY = "qzxthreadcanary"       # only in the 1:1 facebook thread with Sam
SAM_CANARY = "qzxsamgroupcanary"        # Sam's own message in the group thread
INSTA_CANARY = "qzxinstacanary"         # only on instagram
KEEP = "keepmeplease"                   # in records that must survive
SAM_NAME = "Samqzx Canaryson"           # a person's name is personal data too

DAY = 86_400_000
T0 = 1_600_000_000_000


def plant(vault, n_thread: int = 30) -> dict:
    """Write the history; return ids of the interesting things."""
    with vault.transaction():
        fa = vault.execute("INSERT INTO archives(sha256, name, platform) VALUES ('a'||hex(randomblob(8)), "
                           "'facebook.zip', 'facebook')").lastrowid
        ia = vault.execute("INSERT INTO archives(sha256, name, platform) VALUES ('b'||hex(randomblob(8)), "
                           "'instagram.zip', 'instagram')").lastrowid
        w = RecordWriter(vault, archive_id=fa, owner_names=["Me Myself"])
        w.mark_me("facebook", "Me Myself")
        w.thread_id(Thread("facebook:inbox/sam", "facebook", SAM_NAME, [SAM_NAME, "Me Myself"]))
        w.thread_id(Thread("facebook:inbox/group", "facebook", "The group", [SAM_NAME, "Me Myself", "Alex"],
                           is_group=True))
        recs = []
        for i in range(n_thread):
            who = SAM_NAME if i % 2 else "Me Myself"
            recs.append(Record("facebook", "message", T0 + i * DAY, who, f"{THREAD_CANARY} secret number {i}",
                               thread_key="facebook:inbox/sam"))
        recs.append(Record("facebook", "message", T0 + 1000, SAM_NAME, f"{SAM_CANARY} in the group",
                           thread_key="facebook:inbox/group"))
        recs.append(Record("facebook", "message", T0 + 2000, "Alex", f"{KEEP} alex in the group",
                           thread_key="facebook:inbox/group"))
        recs += [Record("facebook", "post", T0 + i * 400 * DAY, "Me Myself", f"{KEEP} post {i} about the cabin")
                 for i in range(4)]
        recs.append(Record("facebook", "ad_interest", None, "", f"{KEEP} interest hiking"))
        w.write(recs)
        w2 = RecordWriter(vault, archive_id=ia, owner_names=["Me Myself"])
        w2.thread_id(Thread("instagram:inbox/kim", "instagram", "Kim", ["Kim", "Me Myself"]))
        w2.write([Record("instagram", "message", T0 + i * DAY, "Kim", f"{INSTA_CANARY} photo talk {i}",
                         thread_key="instagram:inbox/kim") for i in range(10)])
    ids = {
        "facebook_archive": fa, "instagram_archive": ia,
        "sam_thread": vault.scalar("SELECT id FROM threads WHERE key = 'facebook:inbox/sam'"),
        "group_thread": vault.scalar("SELECT id FROM threads WHERE key = 'facebook:inbox/group'"),
        "kim_thread": vault.scalar("SELECT id FROM threads WHERE key = 'instagram:inbox/kim'"),
        "sam": vault.scalar("SELECT person_id FROM identities WHERE name = ?", (SAM_NAME,)),
        "me": vault.scalar("SELECT id FROM people WHERE is_me = 1"),
    }
    return ids


def records_for_replant(n_thread: int = 30) -> list[Record]:
    """The same 1:1 thread records again (as a re-import would produce)."""
    return [Record("facebook", "message", T0 + i * DAY, SAM_NAME if i % 2 else "Me Myself",
                   f"{THREAD_CANARY} secret number {i}", thread_key="facebook:inbox/sam") for i in range(n_thread)]
