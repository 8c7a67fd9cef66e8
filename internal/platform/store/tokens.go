package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/closeout/closeout/internal/platform/audit"
)

// Token is what is kept of an API token (SPEC section 15): never the token,
// only its hash (the key, not shown) and what a person may see about it.
type Token struct {
	ID       string `json:"token_id"`
	PersonID string `json:"-"`
	Label    string `json:"label"`
	// Service tokens do not expire (ExpiresAt nil); only an admin issues one.
	Service    bool       `json:"service"`
	CreatedAt  time.Time  `json:"created_at"`
	ExpiresAt  *time.Time `json:"expires_at"`
	LastUsedAt *time.Time `json:"last_used_at"`
	// IssuedWith is the token the request that issued this one came with
	// ("" for none): the audit entry names it, so that what a stolen token
	// minted can be found and revoked with it. It is not kept in the table.
	IssuedWith string `json:"-"`
}

// TokenTouchEvery is how often a token's last_used_at is written at most:
// a token used a thousand times a minute costs one write a minute.
const TokenTouchEvery = time.Minute

// IssueToken records a new token under hash, with its audit entry (the
// actor is the context's, audit.ActorFrom). The caller made t.ID unique
// (auth.NewTokenID).
func (s *DB) IssueToken(ctx context.Context, t Token, hash string) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO tokens (hash, person_id, token_id, label, service, created_at, expires_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`,
			hash, t.PersonID, t.ID, t.Label, t.Service, ms(t.CreatedAt), nullMS(t.ExpiresAt)); err != nil {
			return err
		}
		detail := map[string]any{"token_id": t.ID, "label": t.Label, "service": t.Service}
		if t.IssuedWith != "" {
			detail["issued_with_token_id"] = t.IssuedWith
		}
		if t.ExpiresAt != nil {
			detail["expires_at"] = t.ExpiresAt.UTC().Format(time.RFC3339)
		}
		return s.appendAudit(ctx, tx, audit.Entry{At: t.CreatedAt, Actor: audit.ActorFrom(ctx),
			Action: audit.TokenIssued, Target: audit.PersonTarget(t.PersonID), Detail: detail})
	})
	if isUniqueViolation(err) {
		return ErrExists
	}
	return err
}

// AddToken records a service token (no expiry) for person under hash, with
// an id derived from the hash; adding it again changes nothing. Test
// fixtures and benchmarks install their tokens with it; the API issues
// tokens with IssueToken, the bootstrap admin token comes from
// SetBootstrapToken.
func (s *DB) AddToken(ctx context.Context, personID, hash string, now time.Time) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO tokens (hash, person_id, token_id, service, created_at)
		VALUES ($1, $2, $3, TRUE, $4) ON CONFLICT (hash) DO NOTHING`, hash, personID, tokenIDOfHash(hash), ms(now))
	return err
}

// tokenIDOfHash names a token installed by its hash alone (as migration 14
// names the tokens issued before it): a prefix of a SHA-256 says nothing
// of what was hashed.
func tokenIDOfHash(hash string) string {
	if len(hash) > 20 {
		hash = hash[:20]
	}
	return "tok_" + hash
}

// TokenUse is what authenticating a token learns besides the person.
type TokenUse struct {
	TokenID    string
	ExpiresAt  *time.Time
	lastUsedAt sql.NullInt64
}

// #nosec G101 -- a SQL condition on the tokens table, not a credential
const liveToken = `t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > $2)`

// PersonByToken authenticates a token by its hash at now: ErrNotFound for a
// token that is unknown, revoked or expired, or of a deactivated person. It
// reads the database every time, so a revocation on any process counts on
// every other at once.
func (s *DB) PersonByToken(ctx context.Context, hash string, now time.Time) (Person, TokenUse, error) {
	var (
		use TokenUse
		exp sql.NullInt64
	)
	row := s.db.QueryRowContext(ctx, `SELECT t.token_id, t.expires_at, t.last_used_at,
		p.id, p.name, p.email, p.slack_id, p.roles, p.created_at, p.mobile, p.timezone, p.quiet_hours, p.reminders
		FROM tokens t JOIN people p ON p.id = t.person_id WHERE t.hash = $1 AND p.active AND `+liveToken, hash, ms(now))
	p, err := scanPerson(prefixedRow{row, []any{&use.TokenID, &exp, &use.lastUsedAt}})
	if err != nil {
		return Person{}, TokenUse{}, err
	}
	use.ExpiresAt = timeOrNil(exp)
	return p, use, nil
}

// prefixedRow scans the columns before a person's into pre, then the
// person's with scanPerson.
type prefixedRow struct {
	row *sql.Row
	pre []any
}

func (r prefixedRow) Scan(dest ...any) error { return r.row.Scan(append(r.pre, dest...)...) }

// PersonByTokenHash is PersonByToken at the wall clock's now.
func (s *DB) PersonByTokenHash(ctx context.Context, hash string) (Person, error) {
	p, _, err := s.PersonByToken(ctx, hash, time.Now())
	return p, err
}

// TouchToken notes that the token authenticated at now, unless it was
// noted less than TokenTouchEvery ago. The condition is in the UPDATE, so
// processes racing to note the same minute write once between them.
func (s *DB) TouchToken(ctx context.Context, use TokenUse, now time.Time) error {
	if use.lastUsedAt.Valid && now.Sub(fromMS(use.lastUsedAt.Int64)) < TokenTouchEvery {
		return nil
	}
	_, err := s.db.ExecContext(ctx, `UPDATE tokens SET last_used_at = $2
		WHERE token_id = $1 AND (last_used_at IS NULL OR last_used_at <= $3)`,
		use.TokenID, ms(now), ms(now.Add(-TokenTouchEvery)))
	return err
}

// ListTokens lists person's tokens that still authenticate at now, oldest
// first: never the token nor its hash.
func (s *DB) ListTokens(ctx context.Context, person string, now time.Time) ([]Token, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT t.token_id, t.label, t.service, t.created_at, t.expires_at, t.last_used_at
		FROM tokens t WHERE t.person_id = $1 AND `+liveToken+` ORDER BY t.created_at, t.token_id`, person, ms(now))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Token{}
	for rows.Next() {
		var (
			t         = Token{PersonID: person}
			at        int64
			exp, used sql.NullInt64
		)
		if err := rows.Scan(&t.ID, &t.Label, &t.Service, &at, &exp, &used); err != nil {
			return nil, err
		}
		t.CreatedAt, t.ExpiresAt, t.LastUsedAt = fromMS(at), timeOrNil(exp), timeOrNil(used)
		out = append(out, t)
	}
	return out, rows.Err()
}

// RevokeToken revokes person's token tokenID at now and ends the sessions
// opened with it, with its audit entry. ErrNotFound if person has no such
// token that still authenticates.
func (s *DB) RevokeToken(ctx context.Context, person, tokenID string, now time.Time) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE tokens SET revoked_at = $2
			WHERE person_id = $3 AND token_id = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $2)`,
			tokenID, ms(now), person)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE token_id = $1`, tokenID); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, audit.Entry{At: now, Actor: audit.ActorFrom(ctx),
			Action: audit.TokenRevoked, Target: audit.PersonTarget(person), Detail: map[string]any{"token_id": tokenID}})
	})
}

// RevokeCredentials ends everything person signs in with: their tokens are
// revoked, their sessions end and their open invitation links go (their
// password stays, unusable while they are inactive). Deactivating a person calls it inside the
// transaction that deactivates them (which records the deactivation).
func RevokeCredentials(ctx context.Context, tx *sql.Tx, person string, now time.Time) error {
	if _, err := tx.ExecContext(ctx, `UPDATE tokens SET revoked_at = $2 WHERE person_id = $1 AND revoked_at IS NULL`,
		person, ms(now)); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE person_id = $1`, person); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `DELETE FROM invitations WHERE person_id = $1`, person)
	return err
}

// SetBootstrapToken makes hash the token CLOSEOUT_ADMIN_TOKEN installs for
// person: a service token labelled label. Any other token installed that way
// is revoked, with the sessions opened with it: setting another value
// retires the one before. It answers how many it revoked. A bootstrap token
// that was revoked (by a newer value, or through the API) stays revoked and
// revokes nothing: a process restarting with an old value during a
// rotation does not undo it.
func (s *DB) SetBootstrapToken(ctx context.Context, person, hash, label string, now time.Time) (revoked int64, err error) {
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO tokens (hash, person_id, token_id, label, service, bootstrap, created_at)
			VALUES ($1, $2, $3, $4, TRUE, TRUE, $5)
			ON CONFLICT (hash) DO UPDATE SET service = TRUE, bootstrap = TRUE, expires_at = NULL, label = excluded.label`,
			hash, person, tokenIDOfHash(hash), label, ms(now)); err != nil {
			return err
		}
		var revokedAt sql.NullInt64
		if err := tx.QueryRowContext(ctx, `SELECT revoked_at FROM tokens WHERE hash = $1`, hash).Scan(&revokedAt); err != nil {
			return err
		}
		if revokedAt.Valid {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE token_id IN
			(SELECT token_id FROM tokens WHERE bootstrap AND hash <> $1 AND revoked_at IS NULL)`, hash); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `UPDATE tokens SET revoked_at = $2
			WHERE bootstrap AND hash <> $1 AND revoked_at IS NULL RETURNING person_id, token_id`, hash, ms(now))
		if err != nil {
			return err
		}
		var gone [][2]string
		for rows.Next() {
			var owner, id string
			if err := rows.Scan(&owner, &id); err != nil {
				_ = rows.Close() // the Scan's error is the one to report
				return err
			}
			gone = append(gone, [2]string{owner, id})
		}
		if err := rows.Close(); err != nil {
			return err
		}
		if err := rows.Err(); err != nil {
			return err
		}
		for _, g := range gone {
			if err := s.appendAudit(ctx, tx, audit.Entry{At: now, Actor: audit.System, Action: audit.TokenRevoked,
				Target: audit.PersonTarget(g[0]), Detail: map[string]any{"token_id": g[1], "reason": "CLOSEOUT_ADMIN_TOKEN set to another value"}}); err != nil {
				return err
			}
		}
		revoked = int64(len(gone))
		return nil
	})
	return revoked, err
}

// BootstrapTokenRevoked reports whether the token under hash was revoked.
func (s *DB) BootstrapTokenRevoked(ctx context.Context, hash string) (bool, error) {
	var revoked sql.NullInt64
	err := s.db.QueryRowContext(ctx, `SELECT revoked_at FROM tokens WHERE hash = $1`, hash).Scan(&revoked)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return revoked.Valid, err
}

func timeOrNil(v sql.NullInt64) *time.Time {
	if !v.Valid {
		return nil
	}
	t := fromMS(v.Int64)
	return &t
}
