-- Supervision sheets (督办单, SPEC section 18). A sheet is a document: its
-- content is frozen when it is issued (doc, JSON), so a later change to the
-- task does not rewrite what was sent. Its number is the campaign's next
-- for the year, gap-free and never reused: sheet_counters holds the last
-- number given per (campaign, year), and the one transaction that records a
-- sheet also moves its counter (store.IssueSheet), so a crash keeps both or
-- neither. UNIQUE (campaign, year, seq) is the database's own guard.
-- The same tables on both databases: one file, as migration_dialects.go has
-- it for every migration that can be written once.

-- +goose Up
CREATE TABLE sheet_counters (
    campaign TEXT NOT NULL REFERENCES campaigns (id),
    year     INTEGER NOT NULL,
    last     BIGINT NOT NULL,
    PRIMARY KEY (campaign, year)
);

CREATE TABLE sheets (
    id        TEXT PRIMARY KEY,
    campaign  TEXT NOT NULL REFERENCES campaigns (id),
    year      INTEGER NOT NULL,
    seq       BIGINT NOT NULL,
    number    TEXT NOT NULL,
    task      TEXT NOT NULL,
    grade     TEXT NOT NULL,
    issued_at BIGINT NOT NULL,
    issued_by TEXT NOT NULL,
    doc       TEXT NOT NULL,
    UNIQUE (campaign, year, seq)
);
CREATE INDEX sheets_by_task ON sheets (campaign, task);

-- +goose Down
DROP INDEX sheets_by_task;
DROP TABLE sheets;
DROP TABLE sheet_counters;
