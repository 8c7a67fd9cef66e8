package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/closeout/closeout/internal/platform/audit"
)

// Session is a browser's sign-in (SPEC sections 15 and 16): the cookie holds
// a random id, the table its hash. It ends at ExpiresAt, or once it has not
// been seen for the idle time its reader allows.
type Session struct {
	PersonID string
	// TokenID is the token it was opened with ("" for none): revoking that
	// token ends the session.
	TokenID   string
	CreatedAt time.Time
	ExpiresAt time.Time
}

// SessionTouchEvery is how often a session's last_seen_at is written at
// most.
const SessionTouchEvery = time.Minute

// OpenSession records a new session under hash, last seen when it was
// created, with the audit entry of the sign-in; detail says how (the
// token's id, the channel), never with what secret. The person's sessions
// past their expiry go: a person's rows are at most their sign-ins of the
// last auth.SessionMax.
func (s *DB) OpenSession(ctx context.Context, hash string, ss Session, detail map[string]any) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE person_id = $1 AND expires_at <= $2`,
			ss.PersonID, ms(ss.CreatedAt)); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO sessions (hash, person_id, token_id, created_at, expires_at, last_seen_at)
			VALUES ($1, $2, $3, $4, $5, $4)`, hash, ss.PersonID, ss.TokenID, ms(ss.CreatedAt), ms(ss.ExpiresAt)); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, audit.Entry{At: ss.CreatedAt, Actor: ss.PersonID,
			Action: audit.SessionSignedIn, Target: audit.PersonTarget(ss.PersonID), Detail: detail})
	})
}

// PersonBySession resolves a session at now: ErrNotFound for one that is
// unknown, ended, past its expiry, unseen for longer than idle, or whose
// person is deactivated. A
// session still open is noted as seen (at most once a SessionTouchEvery).
func (s *DB) PersonBySession(ctx context.Context, hash string, now time.Time, idle time.Duration) (Person, error) {
	var seen int64
	row := s.db.QueryRowContext(ctx, `SELECT s.last_seen_at,
		p.id, p.name, p.email, p.slack_id, p.roles, p.created_at, p.mobile, p.timezone, p.quiet_hours, p.reminders
		FROM sessions s JOIN people p ON p.id = s.person_id
		WHERE s.hash = $1 AND p.active AND s.expires_at > $2 AND s.last_seen_at > $3`, hash, ms(now), ms(now.Add(-idle)))
	p, err := scanPerson(prefixedRow{row, []any{&seen}})
	if err != nil {
		return Person{}, err
	}
	if now.Sub(fromMS(seen)) >= SessionTouchEvery {
		if _, err := s.db.ExecContext(ctx, `UPDATE sessions SET last_seen_at = $2 WHERE hash = $1 AND last_seen_at <= $3`,
			hash, ms(now), ms(now.Add(-SessionTouchEvery))); err != nil {
			return Person{}, err
		}
	}
	return p, nil
}

// EndSession ends one session of person (signing out), with its audit
// entry; ending one that is not there is no error and records nothing.
// Session rows are not history: the audit log keeps who signed in and out.
func (s *DB) EndSession(ctx context.Context, person, hash string, now time.Time) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE hash = $1 AND person_id = $2`, hash, person)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		return s.appendAudit(ctx, tx, audit.Entry{At: now, Actor: person,
			Action: audit.SessionSignedOut, Target: audit.PersonTarget(person), Detail: map[string]any{}})
	})
}

func affected(res sql.Result, err error) (int64, error) {
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}
