-- Search (SPEC section 17), SQLite's twin of
-- migrations/postgres/00017_task_search.sql, which says what is searched.
-- Here the index is FTS5 with the trigram tokenizer: a word of three
-- characters or more is a MATCH on it, a shorter one a LIKE over the same
-- text. task_search_docs holds the text (one row a task, an integer key that
-- VACUUM keeps, unlike tasks' own rowid); task_search indexes it as external
-- content. Triggers keep both in step with every write of a task row and
-- with a person's or unit's name.

-- +goose Up
CREATE TABLE task_search_docs (
    rowid    INTEGER PRIMARY KEY,
    campaign TEXT NOT NULL,
    id       TEXT NOT NULL,
    text     TEXT NOT NULL,
    UNIQUE (campaign, id)
);
CREATE VIRTUAL TABLE task_search USING fts5(text, content='task_search_docs', content_rowid='rowid', tokenize='trigram');

-- +goose StatementBegin
CREATE TRIGGER task_search_docs_inserted AFTER INSERT ON task_search_docs BEGIN
    INSERT INTO task_search (rowid, text) VALUES (NEW.rowid, NEW.text);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER task_search_docs_deleted AFTER DELETE ON task_search_docs BEGIN
    INSERT INTO task_search (task_search, rowid, text) VALUES ('delete', OLD.rowid, OLD.text);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER task_search_docs_updated AFTER UPDATE ON task_search_docs BEGIN
    INSERT INTO task_search (task_search, rowid, text) VALUES ('delete', OLD.rowid, OLD.text);
    INSERT INTO task_search (rowid, text) VALUES (NEW.rowid, NEW.text);
END;
-- +goose StatementEnd

-- The text of a task: title, id, the owner's name, the owning unit's name.
-- +goose StatementBegin
CREATE TRIGGER tasks_search_inserted AFTER INSERT ON tasks BEGIN
    INSERT INTO task_search_docs (campaign, id, text) VALUES (NEW.campaign, NEW.id,
        NEW.title || ' ' || NEW.id
        || ' ' || coalesce((SELECT name FROM people WHERE id = NEW.owner), '')
        || ' ' || coalesce((SELECT name FROM units WHERE id = CASE WHEN NEW.owner LIKE 'unit:%' THEN substr(NEW.owner, 6) END), ''));
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER tasks_search_updated AFTER UPDATE OF title, owner ON tasks
WHEN OLD.title IS NOT NEW.title OR OLD.owner IS NOT NEW.owner BEGIN
    UPDATE task_search_docs SET text = NEW.title || ' ' || NEW.id
        || ' ' || coalesce((SELECT name FROM people WHERE id = NEW.owner), '')
        || ' ' || coalesce((SELECT name FROM units WHERE id = CASE WHEN NEW.owner LIKE 'unit:%' THEN substr(NEW.owner, 6) END), '')
     WHERE campaign = NEW.campaign AND id = NEW.id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER tasks_search_deleted AFTER DELETE ON tasks BEGIN
    DELETE FROM task_search_docs WHERE campaign = OLD.campaign AND id = OLD.id;
END;
-- +goose StatementEnd

-- A person or a unit named (or renamed) after its tasks were written.
-- +goose StatementBegin
CREATE TRIGGER people_search_inserted AFTER INSERT ON people BEGIN
    UPDATE task_search_docs SET text = (SELECT t.title || ' ' || t.id || ' ' || NEW.name || ' '
        FROM tasks t WHERE t.campaign = task_search_docs.campaign AND t.id = task_search_docs.id)
     WHERE (campaign, id) IN (SELECT campaign, id FROM tasks WHERE owner = NEW.id);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER people_search_renamed AFTER UPDATE OF name ON people WHEN OLD.name IS NOT NEW.name BEGIN
    UPDATE task_search_docs SET text = (SELECT t.title || ' ' || t.id || ' ' || NEW.name || ' '
        FROM tasks t WHERE t.campaign = task_search_docs.campaign AND t.id = task_search_docs.id)
     WHERE (campaign, id) IN (SELECT campaign, id FROM tasks WHERE owner = NEW.id);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER units_search_inserted AFTER INSERT ON units BEGIN
    UPDATE task_search_docs SET text = (SELECT t.title || ' ' || t.id || '  ' || NEW.name
        FROM tasks t WHERE t.campaign = task_search_docs.campaign AND t.id = task_search_docs.id)
     WHERE (campaign, id) IN (SELECT campaign, id FROM tasks WHERE owner = 'unit:' || NEW.id);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER units_search_renamed AFTER UPDATE OF name ON units WHEN OLD.name IS NOT NEW.name BEGIN
    UPDATE task_search_docs SET text = (SELECT t.title || ' ' || t.id || '  ' || NEW.name
        FROM tasks t WHERE t.campaign = task_search_docs.campaign AND t.id = task_search_docs.id)
     WHERE (campaign, id) IN (SELECT campaign, id FROM tasks WHERE owner = 'unit:' || NEW.id);
END;
-- +goose StatementEnd

-- The tasks already there.
INSERT INTO task_search_docs (campaign, id, text)
SELECT t.campaign, t.id, t.title || ' ' || t.id
    || ' ' || coalesce((SELECT name FROM people WHERE id = t.owner), '')
    || ' ' || coalesce((SELECT name FROM units WHERE id = CASE WHEN t.owner LIKE 'unit:%' THEN substr(t.owner, 6) END), '')
  FROM tasks t;

-- +goose Down
DROP TRIGGER units_search_renamed;
DROP TRIGGER units_search_inserted;
DROP TRIGGER people_search_renamed;
DROP TRIGGER people_search_inserted;
DROP TRIGGER tasks_search_deleted;
DROP TRIGGER tasks_search_updated;
DROP TRIGGER tasks_search_inserted;
DROP TABLE task_search;
DROP TABLE task_search_docs;
