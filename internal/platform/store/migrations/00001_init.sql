-- closeout's projection. One schema for PostgreSQL and SQLite: only portable
-- types (TEXT, BIGINT, INTEGER, BOOLEAN). Instants are BIGINT milliseconds since
-- the Unix epoch (UTC), which sort and compare the same in both databases.
-- Every row here is written by workflow activities or by the API's own
-- bookkeeping (people, tokens, idempotency keys); the workflows are the truth.

-- +goose Up
CREATE TABLE people (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL DEFAULT '',
    email      TEXT NOT NULL DEFAULT '',
    slack_id   TEXT NOT NULL DEFAULT '',
    roles      TEXT NOT NULL DEFAULT 'member', -- comma-separated: admin, manager, member
    created_at BIGINT NOT NULL
);
CREATE INDEX people_by_slack_id ON people (slack_id);

CREATE TABLE tokens (
    hash       TEXT PRIMARY KEY, -- hex SHA-256 of the token; the token itself is never stored
    person_id  TEXT NOT NULL REFERENCES people (id),
    created_at BIGINT NOT NULL
);

CREATE TABLE campaigns (
    id            TEXT PRIMARY KEY,
    title         TEXT NOT NULL,
    owner         TEXT NOT NULL,
    timezone      TEXT NOT NULL,
    calendar      TEXT NOT NULL, -- a calendar name, or the inline calendar as JSON
    start_at      BIGINT NOT NULL,
    deadline      BIGINT NOT NULL,
    status        TEXT NOT NULL,
    slack_channel TEXT NOT NULL DEFAULT '',
    digest        TEXT NOT NULL DEFAULT '',
    plan_hash     TEXT NOT NULL,
    plan          TEXT NOT NULL DEFAULT '', -- the plan as imported (canonical JSON), read only to re-plan
    doc           TEXT NOT NULL, -- the campaign as the API shows it, JSON, without its plan
    created_at    BIGINT NOT NULL
);

CREATE TABLE tracks (
    campaign TEXT NOT NULL,
    id       TEXT NOT NULL,
    title    TEXT NOT NULL,
    position INTEGER NOT NULL,
    PRIMARY KEY (campaign, id)
);

-- A task's full view is in doc; the other columns are copies of its fields
-- that lists and reports filter, sort and count on.
CREATE TABLE tasks (
    campaign         TEXT NOT NULL,
    id               TEXT NOT NULL,
    track            TEXT NOT NULL DEFAULT '',
    title            TEXT NOT NULL DEFAULT '',
    owner            TEXT NOT NULL,
    leader           TEXT NOT NULL DEFAULT '',
    flagged          BOOLEAN NOT NULL DEFAULT FALSE,
    status           TEXT NOT NULL,
    light            TEXT NOT NULL,
    current_approver TEXT NOT NULL DEFAULT '',
    deadline         BIGINT NOT NULL,
    closed_at        BIGINT,
    closed_on_time   BOOLEAN,
    overdue          BOOLEAN NOT NULL DEFAULT FALSE,
    escalation_level INTEGER NOT NULL DEFAULT 0,
    version          BIGINT NOT NULL,
    doc              TEXT NOT NULL,
    PRIMARY KEY (campaign, id)
);
-- List filters, each ending in id for keyset pagination.
CREATE INDEX tasks_by_status ON tasks (campaign, status, id);
CREATE INDEX tasks_by_light ON tasks (campaign, light, id);
CREATE INDEX tasks_by_track ON tasks (campaign, track, id);
CREATE INDEX tasks_by_flagged ON tasks (campaign, flagged, id);
CREATE INDEX tasks_by_owner ON tasks (owner, status, campaign, id);
CREATE INDEX tasks_by_approver ON tasks (current_approver, campaign, id);
CREATE INDEX tasks_overdue ON tasks (campaign, overdue, deadline);

-- How many tasks of a campaign are in each group that reports count, kept
-- in the same transaction as every task write, so a report reads a few dozen
-- rows whatever the campaign's size.
CREATE TABLE campaign_rollup (
    campaign TEXT NOT NULL,
    track    TEXT NOT NULL,
    status   TEXT NOT NULL,
    light    TEXT NOT NULL,
    on_time  BOOLEAN NOT NULL,
    overdue  BOOLEAN NOT NULL,
    n        BIGINT NOT NULL,
    PRIMARY KEY (campaign, track, status, light, on_time, overdue)
);

CREATE TABLE events (
    campaign TEXT NOT NULL,
    task     TEXT NOT NULL,
    seq      BIGINT NOT NULL,
    at       BIGINT NOT NULL,
    actor    TEXT NOT NULL,
    type     TEXT NOT NULL,
    data     TEXT NOT NULL DEFAULT '{}',
    PRIMARY KEY (campaign, task, seq)
);

CREATE TABLE idempotency_keys (
    person_id    TEXT NOT NULL,
    key          TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status       INTEGER NOT NULL DEFAULT 0, -- 0 while the first request is in flight
    content_type TEXT NOT NULL DEFAULT '',
    body         TEXT NOT NULL DEFAULT '',
    created_at   BIGINT NOT NULL,
    PRIMARY KEY (person_id, key)
);

-- One row per notification delivered through one notifier, so a retried
-- Notify activity does not send again what already went out.
CREATE TABLE deliveries (
    campaign TEXT NOT NULL,
    task     TEXT NOT NULL,
    seq      BIGINT NOT NULL,
    notifier TEXT NOT NULL,
    at       BIGINT NOT NULL,
    PRIMARY KEY (campaign, task, seq, notifier)
);

-- +goose Down
DROP TABLE campaign_rollup;
DROP TABLE deliveries;
DROP TABLE idempotency_keys;
DROP TABLE events;
DROP TABLE tasks;
DROP TABLE tracks;
DROP TABLE campaigns;
DROP TABLE tokens;
DROP TABLE people;
