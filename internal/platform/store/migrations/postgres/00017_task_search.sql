-- Search (SPEC section 17): a task is found by words of its title, its id,
-- its owner's name or its owning unit's name. Chinese has no spaces, so the
-- words are substrings, matched with ILIKE '%word%', which pg_trgm's GIN
-- indexes serve. SQLite's twin is migrations/sqlite/00017_task_search.sql.
--
-- A trigram index finds nothing in a word shorter than three characters,
-- and two-character Chinese words are the commonest (借调, 督办, a name like
-- 王芳). So the text is kept twice: search as it is, for words of three
-- characters or more, and search_short with every character written three
-- times ("王芳" as "王王王芳芳芳"), where a short word, tripled the same way,
-- is a trigram or more the index serves. A tripled word is in the tripled
-- text exactly when the word is in the text (a match can start only at a
-- character's first copy, or the word repeats one character and is there
-- anyway). Longer words stay on the plain text: tripled, an id's digits
-- make trigrams ("000") that nearly every row has.
--
-- Both columns are written by a trigger, so every write of a task row (the
-- projection, the import's seed) keeps them in step in its own
-- transaction, and naming or renaming a person or a unit rewrites the text
-- of the tasks they own.

-- +goose Up
CREATE EXTENSION IF NOT EXISTS pg_trgm;
ALTER TABLE tasks ADD COLUMN search TEXT NOT NULL DEFAULT '';
ALTER TABLE tasks ADD COLUMN search_short TEXT NOT NULL DEFAULT '';

-- +goose StatementBegin
CREATE FUNCTION task_search_text(task_title TEXT, task_id TEXT, task_owner TEXT) RETURNS TEXT
LANGUAGE sql STABLE AS $$
    SELECT concat_ws(' ', task_title, task_id,
        (SELECT name FROM people WHERE id = task_owner),
        (SELECT name FROM units WHERE id = CASE WHEN task_owner LIKE 'unit:%' THEN substr(task_owner, 6) END))
$$;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE FUNCTION search_tripled(plain TEXT) RETURNS TEXT
LANGUAGE sql IMMUTABLE AS $$
    SELECT regexp_replace(plain, '(.)', '\1\1\1', 'g')
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION tasks_set_search() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.search := task_search_text(NEW.title, NEW.id, NEW.owner);
    NEW.search_short := search_tripled(NEW.search);
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
    UPDATE tasks SET search = task_search_text(title, id, owner),
                     search_short = search_tripled(task_search_text(title, id, owner))
     WHERE owner = CASE WHEN TG_TABLE_NAME = 'units' THEN 'unit:' || NEW.id ELSE NEW.id END;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd
-- Only a name that changed: a re-import writes every person and unit of its
-- plan again, mostly as they were.
CREATE TRIGGER people_search_inserted AFTER INSERT ON people
    FOR EACH ROW EXECUTE FUNCTION owner_renamed();
CREATE TRIGGER people_search_renamed AFTER UPDATE OF name ON people
    FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name) EXECUTE FUNCTION owner_renamed();
CREATE TRIGGER units_search_inserted AFTER INSERT ON units
    FOR EACH ROW EXECUTE FUNCTION owner_renamed();
CREATE TRIGGER units_search_renamed AFTER UPDATE OF name ON units
    FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name) EXECUTE FUNCTION owner_renamed();

UPDATE tasks SET search = task_search_text(title, id, owner),
                 search_short = search_tripled(task_search_text(title, id, owner));
CREATE INDEX tasks_search_trgm ON tasks USING gin (search gin_trgm_ops);
CREATE INDEX tasks_search_short_trgm ON tasks USING gin (search_short gin_trgm_ops);

-- +goose Down
DROP INDEX tasks_search_short_trgm;
DROP INDEX tasks_search_trgm;
DROP TRIGGER units_search_renamed ON units;
DROP TRIGGER units_search_inserted ON units;
DROP TRIGGER people_search_renamed ON people;
DROP TRIGGER people_search_inserted ON people;
DROP FUNCTION owner_renamed();
DROP TRIGGER tasks_search ON tasks;
DROP FUNCTION tasks_set_search();
DROP FUNCTION search_tripled(TEXT);
DROP FUNCTION task_search_text(TEXT, TEXT, TEXT);
ALTER TABLE tasks DROP COLUMN search_short;
ALTER TABLE tasks DROP COLUMN search;
