-- Tokens with a life (SPEC section 15): an id people can name without
-- holding the token, a label, an expiry (NULL only for service tokens), when
-- it was last used (written at most once a minute) and when it was revoked.
-- A revoked token's row stays, so the audit log's token ids keep meaning
-- something; nothing authenticates with it. bootstrap marks the token that
-- CLOSEOUT_ADMIN_TOKEN installs, so that setting another value revokes it.
--
-- Tokens issued before this migration had no expiry; they get the longest
-- one a token may have now, 365 days from when they were issued, so none
-- lives for ever (the bootstrap token is made a service token again at the
-- next start).
--
-- Dashboard sessions get a table of their own: the browser's cookie holds a
-- random session id (only its hash is kept here), not an API token, so
-- signing out ends the session without revoking the token it was opened
-- with. token_id names that token, if any: revoking it ends its sessions.
-- A session ends at expires_at, or after a stretch without use counted from
-- last_seen_at (written at most once a minute).
--
-- Idempotency replay records expire after 24 hours; created_at is indexed so
-- that pruning them reads only what it deletes.

-- +goose Up
ALTER TABLE tokens ADD COLUMN token_id TEXT NOT NULL DEFAULT '';
ALTER TABLE tokens ADD COLUMN label TEXT NOT NULL DEFAULT '';
ALTER TABLE tokens ADD COLUMN expires_at BIGINT;
ALTER TABLE tokens ADD COLUMN last_used_at BIGINT;
ALTER TABLE tokens ADD COLUMN service BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE tokens ADD COLUMN bootstrap BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE tokens ADD COLUMN revoked_at BIGINT;
-- The hash is the SHA-256 of 256 random bits: a prefix of it names the token
-- and tells nothing about the token itself.
UPDATE tokens SET token_id = 'tok_' || substr(hash, 1, 20), expires_at = created_at + 31536000000;
CREATE UNIQUE INDEX tokens_by_token_id ON tokens (token_id);
CREATE INDEX tokens_by_person ON tokens (person_id, created_at);

CREATE TABLE sessions (
    hash         TEXT PRIMARY KEY, -- hex SHA-256 of the session id; the id itself is only in the cookie
    person_id    TEXT NOT NULL REFERENCES people (id),
    token_id     TEXT NOT NULL DEFAULT '', -- the token it was opened with, '' for none
    created_at   BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL
);
CREATE INDEX sessions_by_person ON sessions (person_id);
CREATE INDEX sessions_by_token ON sessions (token_id);

CREATE INDEX idempotency_keys_by_created ON idempotency_keys (created_at);

-- +goose Down
DROP INDEX idempotency_keys_by_created;
DROP TABLE sessions;
DROP INDEX tokens_by_person;
DROP INDEX tokens_by_token_id;
ALTER TABLE tokens DROP COLUMN revoked_at;
ALTER TABLE tokens DROP COLUMN bootstrap;
ALTER TABLE tokens DROP COLUMN service;
ALTER TABLE tokens DROP COLUMN last_used_at;
ALTER TABLE tokens DROP COLUMN expires_at;
ALTER TABLE tokens DROP COLUMN label;
ALTER TABLE tokens DROP COLUMN token_id;
