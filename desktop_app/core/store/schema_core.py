"""Core tables: archives, people, threads, records, the FTS index, settings, tombstones, jobs."""

MIGRATIONS = [
    ("core_0001_base", """
CREATE TABLE archives(
    id INTEGER PRIMARY KEY,
    sha256 TEXT NOT NULL UNIQUE,          -- of the whole file (or folder manifest)
    name TEXT NOT NULL,
    platform TEXT, format TEXT, era TEXT,
    size INTEGER,
    imported_at INTEGER,
    report TEXT                            -- JSON import report
);
CREATE TABLE people(
    id INTEGER PRIMARY KEY,
    display_name TEXT NOT NULL,
    is_me INTEGER NOT NULL DEFAULT 0,
    merged_into INTEGER REFERENCES people(id),
    user_edited INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE identities(
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES people(id),
    platform TEXT NOT NULL,
    name TEXT NOT NULL,                    -- NFC display name as the archive spells it
    username TEXT NOT NULL DEFAULT '',
    UNIQUE(platform, name)
);
CREATE INDEX identities_person ON identities(person_id);
CREATE TABLE threads(
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    platform TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    folder TEXT NOT NULL DEFAULT '',
    is_group INTEGER NOT NULL DEFAULT 0,
    extra TEXT
);
CREATE TABLE thread_participants(
    thread_id INTEGER NOT NULL REFERENCES threads(id),
    person_id INTEGER NOT NULL REFERENCES people(id),
    PRIMARY KEY(thread_id, person_id)
) WITHOUT ROWID;
CREATE TABLE records(
    id INTEGER PRIMARY KEY,
    platform TEXT NOT NULL,
    kind TEXT NOT NULL,
    category TEXT NOT NULL,
    ts INTEGER,                            -- UTC milliseconds
    author TEXT NOT NULL DEFAULT '',
    author_id INTEGER REFERENCES people(id),
    thread_id INTEGER REFERENCES threads(id),
    is_mine INTEGER,
    text TEXT NOT NULL DEFAULT '',
    extra TEXT,                            -- JSON
    source TEXT NOT NULL DEFAULT '',
    archive_id INTEGER REFERENCES archives(id),
    content_hash TEXT NOT NULL UNIQUE
);
CREATE INDEX records_ts ON records(ts);
CREATE INDEX records_kind_ts ON records(kind, ts);
CREATE INDEX records_thread_ts ON records(thread_id, ts);
CREATE INDEX records_author ON records(author_id);
CREATE INDEX records_archive ON records(archive_id);
CREATE VIRTUAL TABLE records_fts USING fts5(
    text, author,
    content='records', content_rowid='id',
    tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER records_ai AFTER INSERT ON records BEGIN
    INSERT INTO records_fts(rowid, text, author) VALUES (new.id, new.text, new.author);
END;
CREATE TRIGGER records_ad AFTER DELETE ON records BEGIN
    INSERT INTO records_fts(records_fts, rowid, text, author) VALUES ('delete', old.id, old.text, old.author);
END;
CREATE TRIGGER records_au AFTER UPDATE OF text, author ON records BEGIN
    INSERT INTO records_fts(records_fts, rowid, text, author) VALUES ('delete', old.id, old.text, old.author);
    INSERT INTO records_fts(rowid, text, author) VALUES (new.id, new.text, new.author);
END;
CREATE TABLE settings(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE tombstones(                   -- forgotten items a re-import must not bring back
    content_hash TEXT PRIMARY KEY,
    scope TEXT NOT NULL,
    at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE jobs(
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,                    -- import | embed | ...
    state TEXT NOT NULL,                   -- running | done | cancelled | failed
    params TEXT, checkpoint TEXT, report TEXT,
    started_at INTEGER, updated_at INTEGER
);
"""),
]
