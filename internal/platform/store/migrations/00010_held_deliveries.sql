-- Deliveries of what quiet hours and daily bundles held back (SPEC section
-- 14). deliveries records that a notifier made a notification's first send,
-- to everyone it did not hold; it names nobody. A notice held for a person's
-- quiet hours is sent again once they end, to that person only, under the
-- same event seq: released_deliveries records each such copy by notifier and
-- person, so a retried release sends it once and the first send's row does
-- not stop it. bundle_deliveries records a person's daily bundle by
-- notifier, keyed by the bundle (person, day and the reminders it holds).

-- +goose Up
CREATE TABLE released_deliveries (
    campaign TEXT NOT NULL,
    task     TEXT NOT NULL,
    seq      BIGINT NOT NULL,
    notifier TEXT NOT NULL,
    person   TEXT NOT NULL,
    at       BIGINT NOT NULL,
    PRIMARY KEY (campaign, task, seq, notifier, person)
);

CREATE TABLE bundle_deliveries (
    bundle   TEXT NOT NULL,
    notifier TEXT NOT NULL,
    at       BIGINT NOT NULL,
    PRIMARY KEY (bundle, notifier)
);

-- +goose Down
DROP TABLE bundle_deliveries;
DROP TABLE released_deliveries;
