-- Projection writes not yet known to be committed (SPEC section 9, issue
-- "no phantom"). A workflow writes the projection from a local activity,
-- inside a workflow task that may never commit; the write that overrules such
-- a phantom may never come (the tail phantom). Every write notes its task
-- here, in the same transaction; the note goes once the write is known to be
-- committed (the API got the update's result, or a check against the
-- workflow's committed state came out clean). What is left after a crash is
-- exactly the set of tasks to check before anything is served.
--
-- One row a task: the greatest fence written. version is the fence's, kept
-- apart so an update's result (a view with its version) can confirm it.
-- by_update: an update's handler made the write (only such a write can be
-- left with nothing to overrule it; the others' workflow tasks are retried).

-- +goose Up
CREATE TABLE unconfirmed_writes (
    campaign TEXT NOT NULL,
    task     TEXT NOT NULL,
    fence    TEXT NOT NULL,
    version  BIGINT NOT NULL,
    at       BIGINT NOT NULL,
    by_update BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (campaign, task)
);
CREATE INDEX unconfirmed_writes_at ON unconfirmed_writes (at);

-- +goose Down
DROP TABLE unconfirmed_writes;
