-- Passwords and invitations (SPEC section 16). A person's password is kept
-- as its argon2id hash alone (the encoded string carries its salt and
-- parameters, so stronger parameters later need no migration). An
-- invitation is a one-time link to set a password: the table holds the
-- SHA-256 of its code (256 random bits, so a plain hash is enough), never
-- the code. A person has at most one invitation open: issuing another (a
-- reset) replaces it, and setting the password uses it up.

-- +goose Up
CREATE TABLE passwords (
    person_id TEXT PRIMARY KEY REFERENCES people (id),
    hash      TEXT NOT NULL,
    set_at    BIGINT NOT NULL
);

CREATE TABLE invitations (
    hash       TEXT PRIMARY KEY, -- hex SHA-256 of the code; the code is only in the link
    person_id  TEXT NOT NULL REFERENCES people (id),
    issued_by  TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX invitations_by_person ON invitations (person_id);

-- +goose Down
DROP INDEX invitations_by_person;
DROP TABLE invitations;
DROP TABLE passwords;
