package store

import (
	"context"
	"database/sql"

	"time"

	"github.com/closeout/closeout/internal/platform/audit"
)

// ChangePassword sets person's password to passwordHash (the person chose
// it on their account page, having typed the one before), with its audit
// entry. Their other sessions end: whoever knew the old password must not
// stay signed in elsewhere; the session under keepSession (the hash of the
// one that asked) stays. ErrNotFound when there is no such active person.
func (s *DB) ChangePassword(ctx context.Context, person, passwordHash, keepSession string, now time.Time) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE passwords SET hash = $2, set_at = $3
			WHERE person_id = $1 AND person_id IN (SELECT id FROM people WHERE active)`, person, passwordHash, ms(now))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE person_id = $1 AND hash <> $2`, person, keepSession); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, audit.Entry{At: now, Actor: person, Action: audit.PasswordSet,
			Target: audit.PersonTarget(person), Detail: map[string]any{"by": "self"}})
	})
}
