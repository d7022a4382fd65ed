"""Schema migrations owned by the profile area (names start with 'profile_').

Facts are keyed by a stable ``(kind, key)`` so re-derivation updates the same row: the user's
status, edited value and "don't use for answers" flag live in columns derivation never writes.
A deleted fact keeps its row (value cleared, evidence kept) so a re-derive cannot bring it back;
forgetting its evidence records drops that row too.
"""

MIGRATIONS = [
    ("profile_0001_facts", """
CREATE TABLE profile_facts(
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,                    -- identity | person | interest | place | life_event | activity | language
    key TEXT NOT NULL,                     -- stable within kind (normalised name, 'name', 'hours' ...)
    label TEXT NOT NULL DEFAULT '',        -- one line for people
    value TEXT,                            -- JSON, as derived (NULL once deleted)
    user_value TEXT,                       -- JSON, the user's edit; wins over value
    confidence REAL NOT NULL DEFAULT 0,
    rule TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL DEFAULT 'derived' CHECK (source IN ('derived', 'user')),
    status TEXT NOT NULL DEFAULT 'visible' CHECK (status IN ('visible', 'confirmed', 'hidden', 'deleted')),
    use_for_answers INTEGER NOT NULL DEFAULT 1,
    sensitive TEXT,                        -- health | religion | politics | sexuality, or NULL
    stale INTEGER NOT NULL DEFAULT 0,      -- the last derivation no longer produced it
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE(kind, key)
);
CREATE INDEX profile_facts_status ON profile_facts(status, kind);
CREATE TABLE profile_fact_evidence(
    fact_id INTEGER NOT NULL REFERENCES profile_facts(id) ON DELETE CASCADE,
    record_id INTEGER NOT NULL,
    PRIMARY KEY(fact_id, record_id),
    FOREIGN KEY(record_id) REFERENCES records(id) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX profile_fact_evidence_record ON profile_fact_evidence(record_id);
CREATE TABLE profile_person_decisions(      -- the user's merge/split corrections, by identity
    a_identity INTEGER NOT NULL REFERENCES identities(id) ON DELETE CASCADE,
    b_identity INTEGER NOT NULL REFERENCES identities(id) ON DELETE CASCADE,
    decision TEXT NOT NULL CHECK (decision IN ('same', 'different')),
    at INTEGER NOT NULL,
    PRIMARY KEY(a_identity, b_identity)      -- stored with a_identity < b_identity
) WITHOUT ROWID;
"""),
]
