package store

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Roles.
const (
	RoleAdmin   = "admin"
	RoleManager = "manager"
	RoleMember  = "member"
)

// Person is someone who owns, supervises, leads or signs off tasks.
type Person struct {
	ID      string   `json:"id"`
	Name    string   `json:"name"`
	Email   string   `json:"email"`
	SlackID string   `json:"slack_id"`
	Roles   []string `json:"roles"`
	PersonSettings
	CreatedAt time.Time `json:"created_at"`
}

// PersonSettings are what a person chooses about being told (SPEC section
// 14); "" is the default of each. The API and the plan parser check them;
// the store keeps them as given.
type PersonSettings struct {
	// Mobile lets the DingTalk and WeCom robots @mention the person.
	Mobile string `json:"mobile"`
	// Timezone (IANA) is where their quiet hours are read; "" is the
	// campaign's.
	Timezone string `json:"timezone"`
	// QuietHours ("22:00-08:00"): what may wait is held until they end; ""
	// is the campaign's default.
	QuietHours string `json:"quiet_hours"`
	// Reminders is "daily" for one message of the day's reminders, "" for
	// each as it comes.
	Reminders string `json:"reminders"`
}

// Has reports whether the person holds role.
func (p Person) Has(role string) bool { return slices.Contains(p.Roles, role) }

const personColumns = `id, name, email, slack_id, roles, created_at, mobile, timezone, quiet_hours, reminders`

func scanPerson(row interface{ Scan(...any) error }) (Person, error) {
	var (
		p     Person
		roles string
		at    int64
	)
	if err := row.Scan(&p.ID, &p.Name, &p.Email, &p.SlackID, &roles, &at, &p.Mobile, &p.Timezone, &p.QuietHours, &p.Reminders); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return Person{}, ErrNotFound
		}
		return Person{}, err
	}
	p.Roles = strings.Split(roles, ",")
	p.CreatedAt = fromMS(at)
	return p, nil
}

// CreatePerson adds a person, and its audit entry; ErrExists if the id is
// taken.
func (s *DB) CreatePerson(ctx context.Context, p Person) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO people (`+personColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
			p.ID, p.Name, p.Email, p.SlackID, strings.Join(p.Roles, ","), ms(p.CreatedAt), p.Mobile, p.Timezone, p.QuietHours, p.Reminders); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, personCreated(ctx, p, p.Roles))
	})
	if isUniqueViolation(err) {
		return ErrExists
	}
	return err
}

// UpsertPeople creates people or updates their name, email and Slack id (not
// their roles: a plan cannot make anyone an admin). Their settings are
// updated only where the plan gives one: a person who chose quiet hours
// keeps them when a plan that says nothing of them is imported. Each
// person created or changed is an audit entry.
func (s *DB) UpsertPeople(ctx context.Context, people []Person) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		for _, p := range people {
			before, err := scanPerson(tx.QueryRowContext(ctx, `SELECT `+personColumns+` FROM people WHERE id = $1`, p.ID))
			existed := err == nil
			if err != nil && !errors.Is(err, ErrNotFound) {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO people (`+personColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
				ON CONFLICT (id) DO UPDATE SET name = excluded.name, email = excluded.email, slack_id = excluded.slack_id,
				mobile = COALESCE(NULLIF(excluded.mobile, ''), people.mobile),
				timezone = COALESCE(NULLIF(excluded.timezone, ''), people.timezone),
				quiet_hours = COALESCE(NULLIF(excluded.quiet_hours, ''), people.quiet_hours),
				reminders = COALESCE(NULLIF(excluded.reminders, ''), people.reminders)`,
				p.ID, p.Name, p.Email, p.SlackID, RoleMember, ms(p.CreatedAt), p.Mobile, p.Timezone, p.QuietHours, p.Reminders); err != nil {
				return err
			}
			e, ok := personCreated(ctx, p, []string{RoleMember}), true
			if existed {
				e, ok = personChanged(ctx, before, upserted(before, p), p.CreatedAt)
			}
			if ok {
				if err := s.appendAudit(ctx, tx, e); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// GetPerson returns one person or ErrNotFound.
func (s *DB) GetPerson(ctx context.Context, id string) (Person, error) {
	return scanPerson(s.db.QueryRowContext(ctx, `SELECT `+personColumns+` FROM people WHERE id = $1`, id))
}

// SetPersonSettings replaces a person's settings and returns the person;
// ErrNotFound for an unknown id. A change is an audit entry.
func (s *DB) SetPersonSettings(ctx context.Context, id string, set PersonSettings) (Person, error) {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		before, err := scanPerson(tx.QueryRowContext(ctx, `SELECT `+personColumns+` FROM people WHERE id = $1`, id))
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE people SET mobile = $2, timezone = $3, quiet_hours = $4, reminders = $5 WHERE id = $1`,
			id, set.Mobile, set.Timezone, set.QuietHours, set.Reminders); err != nil {
			return err
		}
		after := before
		after.PersonSettings = set
		if e, ok := personChanged(ctx, before, after, time.Time{}); ok {
			return s.appendAudit(ctx, tx, e)
		}
		return nil
	})
	if err != nil {
		return Person{}, err
	}
	return s.GetPerson(ctx, id)
}

// PersonBySlackID maps a Slack user to an active person, or ErrNotFound.
func (s *DB) PersonBySlackID(ctx context.Context, slackID string) (Person, error) {
	if slackID == "" {
		return Person{}, ErrNotFound
	}
	return scanPerson(s.db.QueryRowContext(ctx, `SELECT `+personColumns+` FROM people WHERE slack_id = $1 AND active`, slackID))
}

// PeopleByID returns the people among ids that exist, keyed by id.
func (s *DB) PeopleByID(ctx context.Context, ids []string) (map[string]Person, error) {
	out := make(map[string]Person, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	// #nosec G202 -- constant columns and placeholders only; the ids are arguments
	rows, err := s.db.QueryContext(ctx, `SELECT `+personColumns+` FROM people WHERE id IN (`+placeholders(1, len(ids))+`)`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		p, err := scanPerson(rows)
		if err != nil {
			return nil, err
		}
		out[p.ID] = p
	}
	return out, rows.Err()
}

// ListPeople returns up to limit people in id order (the dashboard offers
// them as a task's new owner).
func (s *DB) ListPeople(ctx context.Context, limit int) ([]Person, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+personColumns+` FROM people ORDER BY id LIMIT $1`, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Person
	for rows.Next() {
		p, err := scanPerson(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// placeholders renders "$from, $from+1, …" for n arguments.
func placeholders(from, n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("$")
		b.WriteString(strconv.Itoa(from + i))
	}
	return b.String()
}
