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
    # The IVF layout of the in-memory vector index (vectors.py), kept here so an unlock loads it
    # instead of re-running k-means. Centroids are means of their members' vectors, so deleting
    # a member (forget, or a window rebuilt) nulls its list's centroid in the same transaction
    # (trigger); it is recomputed from the remaining members at the next load.
    ("retrieval_0002_ivf", """
CREATE TABLE retrieval_ivf(
    model TEXT PRIMARY KEY,
    layout INTEGER NOT NULL,                  -- random id of one k-means run
    dim INTEGER NOT NULL,
    nlist INTEGER NOT NULL,
    built_n INTEGER NOT NULL                  -- vectors when it was built (rebuilt once the count moves 4x)
) WITHOUT ROWID;
CREATE TABLE retrieval_ivf_lists(
    layout INTEGER NOT NULL,
    list_no INTEGER NOT NULL,
    centroid BLOB,                            -- float32, L2-normalised mean of the members; NULL = recompute
    PRIMARY KEY(layout, list_no)
) WITHOUT ROWID;
CREATE TABLE retrieval_ivf_assign(
    unit_id INTEGER PRIMARY KEY REFERENCES retrieval_vectors(unit_id) ON DELETE CASCADE,
    layout INTEGER NOT NULL,
    list_no INTEGER NOT NULL
);
CREATE TRIGGER retrieval_ivf_assign_ad AFTER DELETE ON retrieval_ivf_assign BEGIN
    UPDATE retrieval_ivf_lists SET centroid = NULL WHERE layout = old.layout AND list_no = old.list_no;
END;
"""),
    # Time phrases of a record resolved against its own time ("yesterday" said on 8 May 2023 →
    # 7 May 2023), filled by retrieval's sync (retrieval/timerefs.py). Derived from the record's
    # text, so it lives in the vault and goes with the record (cascade, and the forget hook).
    ("retrieval_0003_timerefs", """
CREATE TABLE retrieval_timerefs(
    record_id INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,                   -- char offsets of the phrase in the record's text
    "end" INTEGER NOT NULL,
    phrase TEXT NOT NULL,
    from_ms INTEGER NOT NULL,                 -- UTC ms, inclusive
    to_ms INTEGER NOT NULL,                   -- UTC ms, exclusive
    granularity TEXT NOT NULL,                -- day | week | weekend | month | season | year
    label TEXT NOT NULL,
    PRIMARY KEY(record_id, start)
) WITHOUT ROWID;
CREATE INDEX retrieval_timerefs_from ON retrieval_timerefs(from_ms);
"""),
    # What a record's text alone does not say, searchable by keyword: the words of its kind
    # ("saved", "followed", "clicked ad") and a post's title line ("X wrote on Y's timeline") when
    # the text is the body; with the text, for records other than messages (retrieval/aux_index.py).
    # A copy of record text: the trigger drops it with the record, and forget's FTS optimise and
    # checkpoint reach it like every FTS5 table.
    ("retrieval_0004_aux_fts", """
CREATE VIRTUAL TABLE retrieval_aux_fts USING fts5(text, tokenize='unicode61 remove_diacritics 2');
CREATE TRIGGER retrieval_aux_fts_ad AFTER DELETE ON records BEGIN
    DELETE FROM retrieval_aux_fts WHERE rowid = old.id;
END;
"""),
]
