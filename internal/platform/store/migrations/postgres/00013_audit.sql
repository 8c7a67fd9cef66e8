-- The audit log (SPEC section 15): one row per change made outside a task's
-- workflow, written in the transaction of the change it records. It is
-- append-only: nothing in the product updates or deletes a row, and the
-- triggers below refuse it to anyone who tries (a bug, or someone with the
-- database's password and a psql prompt). Rows are kept: public bodies in
-- China must keep such logs for at least six months, and closeout deletes
-- none; an operator who must archive old rows does it outside the product,
-- dropping the triggers knowingly.
--
-- id orders the log and is the reader's cursor; at is Unix milliseconds.
-- detail is a JSON object, never holding a secret (package audit cleans it).
--
-- This file has a SQLite twin (migrations/sqlite/00013_audit.sql): the id's
-- generator and the triggers' language differ between the two.

-- +goose Up
CREATE TABLE audit_log (
    id     BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at     BIGINT NOT NULL,
    actor  TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL DEFAULT '',
    detail TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_by_actor ON audit_log (actor, id);
CREATE INDEX audit_log_by_target ON audit_log (target, id);
CREATE INDEX audit_log_by_action ON audit_log (action, id);
CREATE INDEX audit_log_by_at ON audit_log (at, id);

-- +goose StatementBegin
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

-- +goose Down
DROP TABLE audit_log;
DROP FUNCTION audit_log_append_only();
