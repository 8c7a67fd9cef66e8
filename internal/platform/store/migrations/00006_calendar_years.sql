-- Calendar years loaded by an admin (SPEC section 13): a State Council notice
-- that came out after the release, overriding the provisional year (or a
-- shipped one) of a named calendar. The dates are JSON lists of YYYY-MM-DD.
--
-- version is a counter over all rows of a calendar, bumped by every write
-- that changes a year (writers are serialised), so max(version) tells every
-- process with one cheap query whether the years it planned with are still
-- the stored ones.

-- +goose Up
CREATE TABLE calendar_years (
    calendar  TEXT NOT NULL,
    year      INTEGER NOT NULL,
    source    TEXT NOT NULL,
    holidays  TEXT NOT NULL,
    workdays  TEXT NOT NULL,
    loaded_by TEXT NOT NULL DEFAULT '',
    loaded_at BIGINT NOT NULL,
    version   BIGINT NOT NULL,
    PRIMARY KEY (calendar, year)
);

-- +goose Down
DROP TABLE calendar_years;
