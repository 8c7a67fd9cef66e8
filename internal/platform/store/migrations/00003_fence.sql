-- Fenced projection writes (SPEC section 9, docs/projection.md). A workflow
-- task writes the projection before it commits; when it never commits, the
-- committed write that follows must win. Every task row and event keeps the
-- fence of the write that put it there: text whose order is the order of
-- committed progress. Rows written before fencing keep '' and lose to any
-- fenced write. A task row also keeps the seq its view ends at: a write
-- that lost to the stored view may add no event past it.

-- +goose Up
ALTER TABLE tasks ADD COLUMN fence TEXT NOT NULL DEFAULT '';
ALTER TABLE tasks ADD COLUMN seq BIGINT NOT NULL DEFAULT 0;
ALTER TABLE events ADD COLUMN fence TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE events DROP COLUMN fence;
ALTER TABLE tasks DROP COLUMN seq;
ALTER TABLE tasks DROP COLUMN fence;
