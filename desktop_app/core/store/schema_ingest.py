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
