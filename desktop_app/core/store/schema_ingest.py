"""Schema migrations owned by the ingest area (names start with 'ingest_')."""

from __future__ import annotations

from desktop_app.core.store.dbapi import Connection

MIGRATIONS: list = [
    ("ingest_0001_thread_alias", """
CREATE TABLE ingest_thread_alias(           -- id parts of thread folder names, to merge renamed threads
    platform TEXT NOT NULL,
    alias TEXT NOT NULL,
    thread_id INTEGER NOT NULL,
    PRIMARY KEY(platform, alias),
    FOREIGN KEY(thread_id) REFERENCES threads(id) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX ingest_thread_alias_thread ON ingest_thread_alias(thread_id);
CREATE INDEX ingest_jobs_kind_state ON jobs(kind, state);
"""),
]

# The core FTS trigger indexes one row at a time; bulk imports switch it off inside their own
# transaction (a row in ingest_fts_defer) and index the batch with one INSERT ... SELECT, which is
# ~10x faster. Outside an import transaction the table is empty and the trigger behaves as before.
MIGRATIONS.append(("ingest_0002_deferrable_fts", """
CREATE TABLE ingest_fts_defer(x INTEGER);
DROP TRIGGER records_ai;
CREATE TRIGGER records_ai AFTER INSERT ON records WHEN NOT EXISTS (SELECT 1 FROM ingest_fts_defer) BEGIN
    INSERT INTO records_fts(rowid, text, author) VALUES (new.id, new.text, new.author);
END;
"""))


def _pages_not_people(conn: Connection) -> None:
    """Interests, advertisers, topics and liked/followed pages were once stored with the name as
    ``author`` (one spurious person each). Clear the author, re-hash the row the way the importer
    now does (so re-importing the same archive still adds nothing twice) and drop the people rows
    nothing else refers to."""
    import json

    from desktop_app.core.domain import Record

    rows = conn.execute(
        "SELECT id, platform, kind, ts, author, author_id, text, extra FROM records WHERE author != '' AND thread_id IS NULL"
        " AND (kind IN ('ad_interest', 'ad_category', 'advertiser', 'topic', 'like')"
        " OR (kind = 'following' AND source LIKE '%pages%'))").fetchall()
    people: set[int] = set()
    for rid, platform, kind, ts, author, author_id, text, extra_s in rows:
        extra = json.loads(extra_s) if extra_s else {}
        new_hash = Record(platform=platform, kind=kind, ts_ms=ts, author="", text=text, extra=extra).content_hash()
        extra.setdefault("name", author)
        taken = conn.execute("SELECT 1 FROM records WHERE content_hash = ? AND id != ?", (new_hash, rid)).fetchone()
        conn.execute("UPDATE records SET author = '', author_id = NULL, extra = ? WHERE id = ?",
                     (json.dumps(extra, ensure_ascii=False), rid))
        if not taken:
            conn.execute("UPDATE records SET content_hash = ? WHERE id = ?", (new_hash, rid))
        if author_id is not None:
            people.add(author_id)
    for pid in sorted(people):
        used = conn.execute(
            "SELECT (SELECT count(*) FROM records WHERE author_id = ?) + (SELECT count(*) FROM thread_participants"
            " WHERE person_id = ?) + (SELECT count(*) FROM people WHERE merged_into = ?) + (SELECT count(*) FROM people"
            " WHERE id = ? AND (is_me = 1 OR user_edited = 1))", (pid, pid, pid, pid)).fetchone()[0]
        if used:
            continue
        # Another area's table may still point at this person without a cascade: then keep it.
        conn.execute("SAVEPOINT ingest_person")
        try:
            conn.execute("DELETE FROM identities WHERE person_id = ?", (pid,))
            conn.execute("DELETE FROM people WHERE id = ?", (pid,))
            conn.execute("RELEASE ingest_person")
        except Exception:  # noqa: BLE001 - a foreign key elsewhere; the row stays, nothing else changes
            conn.execute("ROLLBACK TO ingest_person")
            conn.execute("RELEASE ingest_person")


MIGRATIONS.append(("ingest_0003_pages_not_people", _pages_not_people))


# The writer now drops records_ai for the length of a batch inside the caller's transaction (see
# RecordWriter.write): the WHEN check of 0002 is no longer needed and cost every insert a subquery.
MIGRATIONS.append(("ingest_0004_plain_fts_trigger", """
DROP TRIGGER records_ai;
CREATE TRIGGER records_ai AFTER INSERT ON records BEGIN
    INSERT INTO records_fts(rowid, text, author) VALUES (new.id, new.text, new.author);
END;
DROP TABLE ingest_fts_defer;
"""))


def _whatsapp_zone(conn: Connection) -> None:
    """WhatsApp chats imported before times had a zone hold the phone's clock reading as if it were
    UTC (thread extra ``local_time``). Place them in the zone a new import would use (the
    machine's, or HEARTH_WHATSAPP_TZ) and keep the reading in ``extra.wall_ms``, which the content
    hash uses, so a re-import still adds nothing twice. Without a usable zone nothing changes and
    the flag stays."""
    import json

    from desktop_app.core.importers import jsonio, whatsapp

    threads = conn.execute("SELECT id, extra FROM threads WHERE platform = 'whatsapp' AND extra IS NOT NULL"
                           " AND json_valid(extra) AND json_extract(extra, '$.local_time') = 1").fetchall()
    if not threads:
        return
    try:
        zone, name = whatsapp.chat_zone()
    except jsonio.FileError:
        return
    for tid, extra_s in threads:
        rows = conn.execute("SELECT id, ts, extra FROM records WHERE thread_id = ? AND ts IS NOT NULL",
                            (tid,)).fetchall()
        for rid, ts, rextra in rows:
            ex = json.loads(rextra) if rextra else {}
            if "wall_ms" in ex:
                continue
            ex["wall_ms"] = ts
            utc = whatsapp.to_utc(ts, zone)
            conn.execute("UPDATE records SET ts = ?, extra = ? WHERE id = ?",
                         (ts if utc is None else utc, json.dumps(ex, ensure_ascii=False), rid))
        tex = json.loads(extra_s)
        tex.pop("local_time", None)
        tex["zone"] = name
        conn.execute("UPDATE threads SET extra = ? WHERE id = ?", (json.dumps(tex, ensure_ascii=False), tid))


MIGRATIONS.append(("ingest_0005_whatsapp_zone", _whatsapp_zone))


# An import's archives stay unfinished (complete = 0) until its last batch commits, in the same
# transaction as the job's 'done'. Readers filter records through privacy.scope.scope_where,
# which leaves out the records of unfinished archives: a killed or cancelled import is never
# seen half-done. Archives from before this migration were finished imports.
MIGRATIONS.append(("ingest_0006_archive_complete", """
ALTER TABLE archives ADD COLUMN complete INTEGER NOT NULL DEFAULT 1;
"""))
