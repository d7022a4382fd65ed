"""Schema migrations owned by the privacy area (names start with 'privacy_')."""

MIGRATIONS: list = [
    ("privacy_0001_audit_forgets_exports", """
CREATE TABLE privacy_uses(                  -- the data-use log: which records fed which answer
    answer_id TEXT NOT NULL,
    record_id INTEGER NOT NULL,
    at INTEGER NOT NULL,                     -- UTC milliseconds
    PRIMARY KEY(answer_id, record_id),
    FOREIGN KEY(record_id) REFERENCES records(id) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX privacy_uses_record ON privacy_uses(record_id);
CREATE TABLE privacy_forgets(               -- one row per forget; ids and counts only, never content
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    target TEXT NOT NULL,                    -- record | thread | person | archive | platform
    target_ref TEXT NOT NULL DEFAULT '',     -- ids or platform name, never text
    counts TEXT NOT NULL,                    -- JSON
    reimport_allowed INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE privacy_exports(               -- where exports went, so 'delete everything' can list them
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    path TEXT NOT NULL,
    encrypted INTEGER NOT NULL,
    bytes INTEGER,
    sha256 TEXT
);
"""),
]
