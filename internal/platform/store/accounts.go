package store

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/closeout/closeout/internal/platform/audit"
)

// People as accounts (SPEC section 16): who is active, which units they
// are a member of, and the administration of both. A person's contact and
// notification settings stay in people.go; this file reads and writes what
// an admin changes about an account.

// Account is a person as the people list shows them: their record, whether
// they may still sign in, and the units they are a member of.
type Account struct {
	Person
	Active        bool       `json:"active"`
	DeactivatedAt *time.Time `json:"deactivated_at,omitempty"`
	// OIDCSubject maps a single sign-on account to the person ("" none).
	OIDCSubject string `json:"oidc_subject,omitempty"`
	// Units are the units listing them as a member or a contact, or headed
	// by them, in id order (UnitsOf).
	Units []string `json:"units"`
}

const accountColumns = personColumns + `, active, deactivated_at, oidc_subject`

func scanAccount(row interface{ Scan(...any) error }) (Account, error) {
	var (
		a   Account
		off sql.NullInt64
	)
	p, err := scanPerson(appendedRow{row, []any{&a.Active, &off, &a.OIDCSubject}})
	if err != nil {
		return Account{}, err
	}
	a.Person, a.DeactivatedAt = p, timeOrNil(off)
	return a, nil
}

// appendedRow scans a person's columns and then those in post.
type appendedRow struct {
	row  interface{ Scan(...any) error }
	post []any
}

func (r appendedRow) Scan(dest ...any) error { return r.row.Scan(append(dest, r.post...)...) }

// PeopleFilter selects people for the people list; zero fields select all.
type PeopleFilter struct {
	// Q keeps people whose id or name holds it (any case of Latin letters;
	// Chinese names as typed).
	Q string
	// Unit keeps the members of one unit (its head and contacts too).
	Unit string
	// Role keeps the holders of one role.
	Role string
	// Active keeps the active (true) or the deactivated (false).
	Active *bool
	// Cursor is the NextCursor of the page before; "" is the first page.
	Cursor string
	// Limit is the page's size (default DefaultPeoplePage, at most
	// MaxPeoplePage).
	Limit int
}

// Page sizes of ListAccounts.
const (
	DefaultPeoplePage = 50
	MaxPeoplePage     = 500
)

// likePattern is s as a LIKE pattern matching any text holding it, with
// LIKE's own wildcards in s taken literally (ESCAPE '\').
func likePattern(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(strings.ToLower(s)) + "%"
}

// ListAccounts returns a page of the people f selects in id order, and the
// cursor of the next page ("" after the last): the id the page ended at,
// so every page costs one index range whatever the list's length.
func (s *DB) ListAccounts(ctx context.Context, f PeopleFilter) ([]Account, string, error) {
	limit := f.Limit
	if limit <= 0 {
		limit = DefaultPeoplePage
	}
	limit = min(limit, MaxPeoplePage)
	var (
		where []string
		args  []any
	)
	add := func(cond string, vs ...any) {
		for _, v := range vs {
			args = append(args, v)
			cond = strings.Replace(cond, "?", "$"+strconv.Itoa(len(args)), 1)
		}
		where = append(where, cond)
	}
	if f.Cursor != "" {
		add("id > ?", f.Cursor)
	}
	if f.Q != "" {
		q := likePattern(f.Q)
		add(`(LOWER(id) LIKE ? ESCAPE '\' OR LOWER(name) LIKE ? ESCAPE '\')`, q, q)
	}
	if f.Unit != "" {
		add(`(id IN (SELECT person FROM unit_people WHERE unit = ?) OR id IN (SELECT head FROM units WHERE id = ?))`, f.Unit, f.Unit)
	}
	if f.Role != "" {
		add(`(',' || roles || ',') LIKE ?`, "%,"+f.Role+",%")
	}
	if f.Active != nil {
		add("active = ?", *f.Active)
	}
	q := `SELECT ` + accountColumns + ` FROM people`
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, " AND ")
	}
	args = append(args, limit+1) // one more tells whether a next page exists
	// #nosec G202 -- q is constant conditions and placeholder numbers; every filter value is an argument
	q += ` ORDER BY id LIMIT $` + strconv.Itoa(len(args))
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, "", err
	}
	out := []Account{}
	for rows.Next() {
		a, err := scanAccount(rows)
		if err != nil {
			_ = rows.Close() // the Scan's error is the one to report
			return nil, "", err
		}
		out = append(out, a)
	}
	if err := rows.Close(); err != nil {
		return nil, "", err
	}
	if err := rows.Err(); err != nil {
		return nil, "", err
	}
	next := ""
	if len(out) > limit {
		out = out[:limit]
		next = out[limit-1].ID
	}
	if err := s.fillUnits(ctx, out); err != nil {
		return nil, "", err
	}
	return out, next, nil
}

// fillUnits sets the Units of each account in one query.
func (s *DB) fillUnits(ctx context.Context, accounts []Account) error {
	if len(accounts) == 0 {
		return nil
	}
	at := make(map[string]int, len(accounts))
	args := make([]any, len(accounts))
	for i, a := range accounts {
		at[a.ID], args[i] = i, a.ID
		accounts[i].Units = []string{}
	}
	in := placeholders(1, len(args))
	// #nosec G202 -- constant columns and placeholders only; the ids are arguments
	rows, err := s.db.QueryContext(ctx, `SELECT person, unit FROM unit_people WHERE person IN (`+in+`)
		UNION SELECT head, id FROM units WHERE head IN (`+in+`) ORDER BY 1, 2`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var person, unit string
		if err := rows.Scan(&person, &unit); err != nil {
			return err
		}
		if i, ok := at[person]; ok {
			accounts[i].Units = append(accounts[i].Units, unit)
		}
	}
	return rows.Err()
}

// GetAccount returns one person as an account, or ErrNotFound.
func (s *DB) GetAccount(ctx context.Context, id string) (Account, error) {
	a, err := scanAccount(s.db.QueryRowContext(ctx, `SELECT `+accountColumns+` FROM people WHERE id = $1`, id))
	if err != nil {
		return Account{}, err
	}
	one := []Account{a}
	if err := s.fillUnits(ctx, one); err != nil {
		return Account{}, err
	}
	return one[0], nil
}

// AccountChange is what an admin changes about a person: each field given
// replaces what is stored, a nil field leaves it.
type AccountChange struct {
	Name, Email, SlackID, Mobile, OIDCSubject *string
	Roles                                     []string // nil: unchanged
	// Units makes the person a member of exactly these units (nil:
	// unchanged). Their headships and contact listings are the units' own
	// to change (PUT /units/{id}); a unit whose member they stop being but
	// which lists them as a contact keeps them as one.
	Units []string
	// Active false deactivates the person, true reactivates them.
	Active *bool
}

// ErrOIDCSubjectTaken refuses an oidc_subject another person maps already.
var ErrOIDCSubjectTaken = errors.New("another person has this single sign-on subject")

// UpdateAccount applies change to person id at now in one transaction and
// returns the account after it; ErrNotFound for an unknown id. Every
// change is an audit entry in the same transaction, naming the actor in
// ctx: the record's fields (person.settings_changed), the roles
// (person.roles_changed), each unit whose members change (unit.changed),
// and a deactivation (person.deactivated), which revokes the person's
// tokens and ends their sessions in that same transaction.
func (s *DB) UpdateAccount(ctx context.Context, id string, change AccountChange, now time.Time) (Account, error) {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		q := `SELECT ` + accountColumns + ` FROM people WHERE id = $1`
		if s.postgres {
			q += ` FOR UPDATE`
		}
		before, err := scanAccount(tx.QueryRowContext(ctx, q, id))
		if err != nil {
			return err
		}
		if err := s.changeRecord(ctx, tx, before, change, now); err != nil {
			return err
		}
		if err := s.changeRoles(ctx, tx, before.Person, change.Roles, now); err != nil {
			return err
		}
		if change.Units != nil {
			if err := s.setMemberships(ctx, tx, id, change.Units, now); err != nil {
				return err
			}
		}
		if change.Active != nil && *change.Active != before.Active {
			return s.setActive(ctx, tx, id, *change.Active, now)
		}
		return nil
	})
	if isUniqueViolation(err) {
		return Account{}, ErrOIDCSubjectTaken
	}
	if err != nil {
		return Account{}, err
	}
	return s.GetAccount(ctx, id)
}

// changeRecord writes the record's fields that change gives.
func (s *DB) changeRecord(ctx context.Context, tx *sql.Tx, before Account, change AccountChange, now time.Time) error {
	after := before
	for _, f := range []struct {
		from *string
		to   *string
	}{
		{change.Name, &after.Name}, {change.Email, &after.Email}, {change.SlackID, &after.SlackID},
		{change.Mobile, &after.Mobile}, {change.OIDCSubject, &after.OIDCSubject},
	} {
		if f.from != nil {
			*f.to = *f.from
		}
	}
	e, ok := personChanged(ctx, before.Person, after.Person, now)
	if after.OIDCSubject != before.OIDCSubject {
		e.Detail["oidc_subject"] = map[string]any{"before": before.OIDCSubject, "after": after.OIDCSubject}
		ok = true
	}
	if !ok {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `UPDATE people SET name = $2, email = $3, slack_id = $4, mobile = $5, oidc_subject = $6 WHERE id = $1`,
		before.ID, after.Name, after.Email, after.SlackID, after.Mobile, after.OIDCSubject); err != nil {
		return err
	}
	return s.appendAudit(ctx, tx, e)
}

// changeRoles writes roles when they differ from before's.
func (s *DB) changeRoles(ctx context.Context, tx *sql.Tx, before Person, roles []string, now time.Time) error {
	if roles == nil {
		return nil
	}
	b, a := idSet(before.Roles), idSet(roles)
	if slices.Equal(b, a) {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `UPDATE people SET roles = $2 WHERE id = $1`, before.ID, strings.Join(a, ",")); err != nil {
		return err
	}
	return s.appendAudit(ctx, tx, audit.Entry{At: now, Actor: actorOf(ctx, ""), Action: audit.PersonRolesChanged,
		Target: audit.PersonTarget(before.ID), Detail: map[string]any{"roles": map[string]any{"before": b, "after": a}}})
}

// setMemberships makes person a member of exactly units, writing each unit
// that changes with its audit entry (as a unit's own write would).
func (s *DB) setMemberships(ctx context.Context, tx *sql.Tx, person string, units []string, now time.Time) error {
	want := idSet(units)
	var held []string
	if err := eachRow(ctx, tx, `SELECT unit FROM unit_people WHERE person = $1 AND member ORDER BY unit`, []any{person},
		func(r *sql.Rows) error {
			var u string
			if err := r.Scan(&u); err != nil {
				return err
			}
			held = append(held, u)
			return nil
		}); err != nil {
		return err
	}
	touched := idSet(append(slices.Clone(want), held...))
	for _, unit := range touched {
		member := slices.Contains(want, unit)
		if member == slices.Contains(held, unit) {
			continue
		}
		before, existed, err := s.storedUnit(ctx, tx, unit)
		if err != nil {
			return err
		}
		if !existed {
			return &UnknownUnitError{Unit: unit}
		}
		after := before
		if member {
			after.Members = append(slices.Clone(before.Members), person)
			_, err = tx.ExecContext(ctx, `INSERT INTO unit_people (unit, person, member, contact) VALUES ($1, $2, TRUE, FALSE)
				ON CONFLICT (unit, person) DO UPDATE SET member = TRUE`, unit, person)
		} else {
			after.Members = slices.DeleteFunc(slices.Clone(before.Members), func(p string) bool { return p == person })
			if _, err = tx.ExecContext(ctx, `UPDATE unit_people SET member = FALSE WHERE unit = $1 AND person = $2`, unit, person); err == nil {
				_, err = tx.ExecContext(ctx, `DELETE FROM unit_people WHERE unit = $1 AND person = $2 AND NOT contact`, unit, person)
			}
		}
		if err != nil {
			return err
		}
		after.CreatedAt = now
		if e, ok := unitEntry(ctx, before, true, after); ok {
			if err := s.appendAudit(ctx, tx, e); err != nil {
				return err
			}
		}
	}
	return nil
}

// UnknownUnitError refuses a membership of a unit that does not exist.
type UnknownUnitError struct{ Unit string }

func (e *UnknownUnitError) Error() string { return "no unit " + e.Unit }

// setActive deactivates (ending every credential) or reactivates person.
func (s *DB) setActive(ctx context.Context, tx *sql.Tx, person string, active bool, now time.Time) error {
	var off any
	if !active {
		off = ms(now)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE people SET active = $2, deactivated_at = $3 WHERE id = $1`, person, active, off); err != nil {
		return err
	}
	e := audit.Entry{At: now, Actor: actorOf(ctx, ""), Target: audit.PersonTarget(person)}
	if active {
		e.Action, e.Detail = audit.PersonSettingsChanged, map[string]any{"active": map[string]any{"before": false, "after": true}}
	} else {
		if err := RevokeCredentials(ctx, tx, person, now); err != nil {
			return err
		}
		e.Action, e.Detail = audit.PersonDeactivated, map[string]any{}
	}
	return s.appendAudit(ctx, tx, e)
}

// AccountByEmail finds the person with this email (any case), active or
// not, or ErrNotFound; more than one is ErrAmbiguous, since a sign-in must
// name one person.
func (s *DB) AccountByEmail(ctx context.Context, email string) (Account, error) {
	if strings.TrimSpace(email) == "" {
		return Account{}, ErrNotFound
	}
	return s.oneAccount(ctx, `SELECT `+accountColumns+` FROM people WHERE LOWER(email) = LOWER($1) LIMIT 2`, email)
}

// AccountByOIDCSubject finds the person mapped to a single sign-on subject,
// active or not, or ErrNotFound.
func (s *DB) AccountByOIDCSubject(ctx context.Context, subject string) (Account, error) {
	if subject == "" {
		return Account{}, ErrNotFound
	}
	return s.oneAccount(ctx, `SELECT `+accountColumns+` FROM people WHERE oidc_subject = $1 LIMIT 2`, subject)
}

// ErrAmbiguous is a lookup that should find one person and finds more.
var ErrAmbiguous = errors.New("more than one person matches")

func (s *DB) oneAccount(ctx context.Context, q string, arg any) (Account, error) {
	rows, err := s.db.QueryContext(ctx, q, arg)
	if err != nil {
		return Account{}, err
	}
	var found []Account
	for rows.Next() {
		a, err := scanAccount(rows)
		if err != nil {
			_ = rows.Close() // the Scan's error is the one to report
			return Account{}, err
		}
		found = append(found, a)
	}
	if err := rows.Close(); err != nil {
		return Account{}, err
	}
	if err := rows.Err(); err != nil {
		return Account{}, err
	}
	switch len(found) {
	case 0:
		return Account{}, ErrNotFound
	case 1:
		one := found[:1]
		err := s.fillUnits(ctx, one)
		return one[0], err
	}
	return Account{}, ErrAmbiguous
}
