"""Schema migrations owned by the ingest area (names start with 'ingest_')."""

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
