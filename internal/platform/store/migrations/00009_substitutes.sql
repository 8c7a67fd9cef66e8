-- Substitutes (SPEC section 14): while a window lasts, substitute may take
-- every action person may. A window runs from from_at until until_at, or
-- until ended_at when it was ended early (DELETE); ended_at is never later
-- than until_at, so COALESCE(ended_at, until_at) is where it stops. A window
-- ended before it began is empty and counts nowhere. Rows are never deleted:
-- they say who could act for whom, and when, long after.
--
-- The windows of one person never overlap (the store refuses it); the actor
-- of an action reads the windows naming them as substitute, by
-- substitutes_by_substitute.
--
-- An event records the person its actor stood in for, '' when they acted
-- for themself.

-- +goose Up
CREATE TABLE substitutes (
    id         TEXT PRIMARY KEY,
    person     TEXT NOT NULL,
    substitute TEXT NOT NULL,
    from_at    BIGINT NOT NULL,
    until_at   BIGINT NOT NULL,
    reason     TEXT NOT NULL DEFAULT '',
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    ended_at   BIGINT
);
CREATE INDEX substitutes_by_person ON substitutes (person, from_at);
CREATE INDEX substitutes_by_substitute ON substitutes (substitute, from_at);

ALTER TABLE events ADD COLUMN on_behalf_of TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE events DROP COLUMN on_behalf_of;
DROP TABLE substitutes;
