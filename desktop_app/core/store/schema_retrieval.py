"""Schema migrations owned by the retrieval area (names start with 'retrieval_').

Units are what gets embedded: one per record ("record") and one per conversation burst
("window"). Unit text is never stored: it is rebuilt from the records when embedding, so the
only derived data kept are the memberships and the vectors, all inside the encrypted vault.
"""

MIGRATIONS: list = [
    ("retrieval_0001_units", """
CREATE TABLE retrieval_units(
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,                       -- record | window
    -- the record a record-unit stands for, the first message of a window: deleting it drops the unit
    record_id INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,
    thread_id INTEGER REFERENCES threads(id) ON DELETE CASCADE,
    ts_start INTEGER, ts_end INTEGER,
    n_records INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX retrieval_units_record ON retrieval_units(record_id) WHERE kind = 'record';
CREATE INDEX retrieval_units_thread ON retrieval_units(thread_id, kind);
CREATE TABLE retrieval_unit_records(
    unit_id INTEGER NOT NULL REFERENCES retrieval_units(id) ON DELETE CASCADE,
    record_id INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,
    pos INTEGER NOT NULL,
    PRIMARY KEY(unit_id, record_id)
) WITHOUT ROWID;
CREATE INDEX retrieval_unit_records_record ON retrieval_unit_records(record_id);
CREATE TABLE retrieval_vectors(
    unit_id INTEGER PRIMARY KEY REFERENCES retrieval_units(id) ON DELETE CASCADE,
    model TEXT NOT NULL,
    dim INTEGER NOT NULL,
    vec BLOB NOT NULL                         -- float16 little-endian, L2-normalised
);
"""),
]
