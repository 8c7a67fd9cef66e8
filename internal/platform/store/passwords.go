package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/closeout/closeout/internal/platform/audit"
)

// Invitation is a one-time link to set a password (SPEC section 16): the
// link's code is known only to whoever holds the link; the store keeps its
// hash (auth.HashToken) with the person it is for and when it ends.
type Invitation struct {
	PersonID  string
	IssuedBy  string
	CreatedAt time.Time
	ExpiresAt time.Time
}

// IssueInvitation records an invitation under the code's hash, replacing
// any the person had open (a new link is a reset: the old one stops
// working), with its audit entry. ErrNotFound if there is no such person.
func (s *DB) IssueInvitation(ctx context.Context, hash string, inv Invitation) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var one int
		if err := tx.QueryRowContext(ctx, `SELECT 1 FROM people WHERE id = $1`, inv.PersonID).Scan(&one); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return ErrNotFound
			}
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM invitations WHERE person_id = $1`, inv.PersonID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO invitations (hash, person_id, issued_by, created_at, expires_at)
			VALUES ($1, $2, $3, $4, $5)`, hash, inv.PersonID, inv.IssuedBy, ms(inv.CreatedAt), ms(inv.ExpiresAt)); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, audit.Entry{At: inv.CreatedAt, Actor: inv.IssuedBy,
			Action: audit.InvitationIssued, Target: audit.PersonTarget(inv.PersonID),
			Detail: map[string]any{"expires_at": inv.ExpiresAt.UTC().Format(time.RFC3339)}})
	})
}

// InvitationFor is the person an invitation that is still open at now is
// for, and when it ends; ErrNotFound for one unknown, used or past its end.
func (s *DB) InvitationFor(ctx context.Context, hash string, now time.Time) (Person, time.Time, error) {
	var ends int64
	row := s.db.QueryRowContext(ctx, `SELECT i.expires_at,
		p.id, p.name, p.email, p.slack_id, p.roles, p.created_at, p.mobile, p.timezone, p.quiet_hours, p.reminders
		FROM invitations i JOIN people p ON p.id = i.person_id
		WHERE i.hash = $1 AND i.expires_at > $2 AND p.active`, hash, ms(now))
	p, err := scanPerson(prefixedRow{row, []any{&ends}})
	if err != nil {
		return Person{}, time.Time{}, err
	}
	return p, fromMS(ends), nil
}

// AcceptInvitation uses up the invitation under hash, open at now, and sets
// its person's password to passwordHash, with the audit entry (the person
// is its actor). The person's sessions end: a new password is often a
// reset, and whoever knew the old one must not stay signed in. ErrNotFound
// for an invitation unknown, used or past its end.
func (s *DB) AcceptInvitation(ctx context.Context, hash, passwordHash string, now time.Time) (Person, error) {
	var p Person
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var person string
		if err := tx.QueryRowContext(ctx, `DELETE FROM invitations WHERE hash = $1 AND expires_at > $2 RETURNING person_id`,
			hash, ms(now)).Scan(&person); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return ErrNotFound
			}
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO passwords (person_id, hash, set_at) VALUES ($1, $2, $3)
			ON CONFLICT (person_id) DO UPDATE SET hash = excluded.hash, set_at = excluded.set_at`,
			person, passwordHash, ms(now)); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE person_id = $1`, person); err != nil {
			return err
		}
		var err error
		if p, err = scanPerson(tx.QueryRowContext(ctx, `SELECT `+personColumns+` FROM people WHERE id = $1`, person)); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, audit.Entry{At: now, Actor: person, Action: audit.PasswordSet,
			Target: audit.PersonTarget(person), Detail: map[string]any{"by": "invitation"}})
	})
	return p, err
}

// PasswordOf is a person and their password's hash, for signing in;
// ErrNotFound when there is no such person or they have set no password.
func (s *DB) PasswordOf(ctx context.Context, person string) (Person, string, error) {
	var hash string
	row := s.db.QueryRowContext(ctx, `SELECT pw.hash,
		p.id, p.name, p.email, p.slack_id, p.roles, p.created_at, p.mobile, p.timezone, p.quiet_hours, p.reminders
		FROM passwords pw JOIN people p ON p.id = pw.person_id
		WHERE pw.person_id = $1 AND p.active`, person)
	p, err := scanPerson(prefixedRow{row, []any{&hash}})
	if err != nil {
		return Person{}, "", err
	}
	return p, hash, nil
}
