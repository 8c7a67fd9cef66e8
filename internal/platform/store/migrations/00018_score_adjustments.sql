-- Score adjustments (考评, SPEC section 18): points a campaign's owner adds
-- to or removes from a unit's score by hand, with the reason. Points are
-- kept in hundredths (points_x100), as scores show two decimals, so that
-- no database rounds a float. Rows are never changed or deleted: a mistake
-- is undone by another adjustment, and the audit log names who made each.
-- One file for both databases: the id is made by the store, not generated.

-- +goose Up
CREATE TABLE score_adjustments (
    id          TEXT PRIMARY KEY,
    campaign    TEXT NOT NULL,
    unit        TEXT NOT NULL,
    points_x100 BIGINT NOT NULL,
    reason      TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    created_at  BIGINT NOT NULL
);
CREATE INDEX score_adjustments_by_campaign ON score_adjustments (campaign, created_at, id);

-- +goose Down
DROP TABLE score_adjustments;
