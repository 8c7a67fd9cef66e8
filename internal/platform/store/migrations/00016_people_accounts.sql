-- People as accounts (SPEC section 16): a person is active until an admin
-- deactivates them; a deactivated person keeps their row (tasks, units and
-- the audit log still name them) but signs in with nothing: their tokens are
-- revoked and their sessions end in the transaction that deactivates them,
-- and token and session lookups read active too. deactivated_at says when.
--
-- oidc_subject maps a single sign-on account to a person when people are
-- mapped by a claim other than email (sub, an employee number; '' for none);
-- email is indexed in lower case, as sign-ons compare it, because the
-- default claim maps by it.

-- +goose Up
ALTER TABLE people ADD COLUMN active BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE people ADD COLUMN deactivated_at BIGINT;
ALTER TABLE people ADD COLUMN oidc_subject TEXT NOT NULL DEFAULT '';
CREATE INDEX people_by_email ON people (LOWER(email));
CREATE UNIQUE INDEX people_by_oidc_subject ON people (oidc_subject) WHERE oidc_subject <> '';

-- +goose Down
DROP INDEX people_by_oidc_subject;
DROP INDEX people_by_email;
ALTER TABLE people DROP COLUMN oidc_subject;
ALTER TABLE people DROP COLUMN deactivated_at;
ALTER TABLE people DROP COLUMN active;
