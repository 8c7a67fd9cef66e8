-- Units (单位, SPEC section 10): offices work is assigned to, in a tree by
-- parent. A unit's people are its members and its contacts (the people its
-- notifications go to); its head is a column of the unit. Head, contacts and
-- members all count as members when a person acts for the unit: unit_people
-- holds one row per person listed as a member or a contact, and units is
-- indexed by head, so "the units of a person" is two index lookups.
--
-- A dispatched child task names its parent task; campaign totals count
-- parents and plain tasks only (parent = ''), and a unit's task list reads
-- the children of one parent by (campaign, parent, id).

-- +goose Up
CREATE TABLE units (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL DEFAULT '',
    parent     TEXT NOT NULL DEFAULT '', -- '' for a root
    head       TEXT NOT NULL DEFAULT '', -- a person id, or ''
    created_at BIGINT NOT NULL
);
CREATE INDEX units_by_parent ON units (parent, id);
CREATE INDEX units_by_head ON units (head);

CREATE TABLE unit_people (
    unit    TEXT NOT NULL,
    person  TEXT NOT NULL,
    member  BOOLEAN NOT NULL DEFAULT TRUE,  -- listed among the members
    contact BOOLEAN NOT NULL DEFAULT FALSE, -- listed among the contacts
    PRIMARY KEY (unit, person)
);
CREATE INDEX unit_people_by_person ON unit_people (person, unit);

ALTER TABLE tasks ADD COLUMN parent TEXT NOT NULL DEFAULT '';
CREATE INDEX tasks_by_parent ON tasks (campaign, parent, id);
-- Whether the task reports figures: a report lists those tasks from this
-- index instead of reading every document of the campaign.
ALTER TABLE tasks ADD COLUMN has_indicators BOOLEAN NOT NULL DEFAULT FALSE;
CREATE INDEX tasks_with_indicators ON tasks (campaign, has_indicators, id);

-- +goose Down
DROP INDEX tasks_with_indicators;
ALTER TABLE tasks DROP COLUMN has_indicators;
DROP INDEX tasks_by_parent;
ALTER TABLE tasks DROP COLUMN parent;
DROP TABLE unit_people;
DROP TABLE units;
