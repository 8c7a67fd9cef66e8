-- Search (SPEC section 17): a task is found by words of its title, its id,
-- its owner's name or its owning unit's name. Chinese has no spaces, so the
-- words are substrings, matched with ILIKE '%word%'; pg_trgm's GIN index
-- serves such patterns of three characters or more (shorter ones read the
-- rows, still right, only slower). SQLite's twin is
-- migrations/sqlite/00017_task_search.sql.
--
-- The searchable text is a column of tasks written by a trigger, so every
-- write of a task row (the projection, the import's seed) keeps it in step in
-- its own transaction, and renaming a person or a unit rewrites the text of
-- the tasks they own.

-- +goose Up
CREATE EXTENSION IF NOT EXISTS pg_trgm;
ALTER TABLE tasks ADD COLUMN search TEXT NOT NULL DEFAULT '';

-- +goose StatementBegin
CREATE FUNCTION task_search_text(task_title TEXT, task_id TEXT, task_owner TEXT) RETURNS TEXT
LANGUAGE sql STABLE AS $$
    SELECT concat_ws(' ', task_title, task_id,
        (SELECT name FROM people WHERE id = task_owner),
        (SELECT name FROM units WHERE id = CASE WHEN task_owner LIKE 'unit:%' THEN substr(task_owner, 6) END))
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION tasks_set_search() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.search := task_search_text(NEW.title, NEW.id, NEW.owner);
    RETURN NEW;
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER tasks_search BEFORE INSERT OR UPDATE OF title, id, owner ON tasks
    FOR EACH ROW EXECUTE FUNCTION tasks_set_search();

-- A person or a unit named (or renamed) after its tasks were written.
-- +goose StatementBegin
CREATE FUNCTION owner_renamed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE tasks SET search = task_search_text(title, id, owner)
     WHERE owner = CASE WHEN TG_TABLE_NAME = 'units' THEN 'unit:' || NEW.id ELSE NEW.id END;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER people_search AFTER INSERT OR UPDATE OF name ON people
    FOR EACH ROW EXECUTE FUNCTION owner_renamed();
CREATE TRIGGER units_search AFTER INSERT OR UPDATE OF name ON units
    FOR EACH ROW EXECUTE FUNCTION owner_renamed();

UPDATE tasks SET search = task_search_text(title, id, owner);
CREATE INDEX tasks_search_trgm ON tasks USING gin (search gin_trgm_ops);

-- +goose Down
DROP INDEX tasks_search_trgm;
DROP TRIGGER units_search ON units;
DROP TRIGGER people_search ON people;
DROP FUNCTION owner_renamed();
DROP TRIGGER tasks_search ON tasks;
DROP FUNCTION tasks_set_search();
DROP FUNCTION task_search_text(TEXT, TEXT, TEXT);
ALTER TABLE tasks DROP COLUMN search;
