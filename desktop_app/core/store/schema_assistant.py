"""Schema migrations owned by the assistant area (names start with 'assistant_')."""

MIGRATIONS: list = [
    ("assistant_0001_conversations", """
CREATE TABLE assistant_conversations(
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,            -- UTC milliseconds
    updated_at INTEGER NOT NULL
);
CREATE TABLE assistant_answers(
    id INTEGER PRIMARY KEY,
    conversation_id INTEGER NOT NULL REFERENCES assistant_conversations(id) ON DELETE CASCADE,
    question TEXT NOT NULL,
    text TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL DEFAULT 'grounded',  -- grounded | analytic | no_data
    status TEXT NOT NULL DEFAULT 'done',    -- done | cancelled
    created_at INTEGER NOT NULL,
    scope TEXT,                             -- JSON Scope.to_dict() it ran under
    model TEXT, model_sha256 TEXT,
    timings TEXT,                           -- JSON
    facts TEXT,                             -- JSON, analytic answers: the exact figures
    warnings TEXT,                          -- JSON list
    prompt TEXT,                            -- the full prompt, only when asked for
    redacted INTEGER NOT NULL DEFAULT 0,    -- 1 once a cited record was forgotten
    superseded_by INTEGER                   -- set when the answer was regenerated
);
CREATE INDEX assistant_answers_conv ON assistant_answers(conversation_id, id);
CREATE TABLE assistant_citations(
    answer_id INTEGER NOT NULL,
    n INTEGER NOT NULL,                     -- the [n] shown in the answer
    record_id INTEGER NOT NULL,
    is_primary INTEGER NOT NULL DEFAULT 1,  -- 0: another record of the same window hit
    cited INTEGER NOT NULL DEFAULT 0,       -- the answer text refers to [n]
    snippet TEXT NOT NULL DEFAULT '',
    PRIMARY KEY(answer_id, n, record_id),
    FOREIGN KEY(answer_id) REFERENCES assistant_answers(id) ON DELETE CASCADE,
    FOREIGN KEY(record_id) REFERENCES records(id) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX assistant_citations_record ON assistant_citations(record_id);
"""),
]
