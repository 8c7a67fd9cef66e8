package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/closeout/closeout/internal/platform/audit"
)

// Substitution is a window in which Substitute may take every action Person
// may (SPEC section 14). It runs from From until Until, or until EndedAt when
// it was ended early; EndedAt is never after Until.
type Substitution struct {
	ID         string     `json:"id"`
	Person     string     `json:"person"`
	Substitute string     `json:"substitute"`
	From       time.Time  `json:"from"`
	Until      time.Time  `json:"until"`
	Reason     string     `json:"reason"`
	CreatedBy  string     `json:"created_by"`
	CreatedAt  time.Time  `json:"created_at"`
	EndedAt    *time.Time `json:"ended_at,omitempty"`
}

// End is where the window stops: when it was ended, or its Until.
func (w Substitution) End() time.Time {
	if w.EndedAt != nil {
		return *w.EndedAt
	}
	return w.Until
}

// ActiveAt reports whether t is inside the window.
func (w Substitution) ActiveAt(t time.Time) bool { return !t.Before(w.From) && t.Before(w.End()) }

// OverlapError refuses a window that overlaps another window of the same
// person: at any moment a person has at most one substitute.
type OverlapError struct{ With Substitution }

func (e *OverlapError) Error() string {
	return fmt.Sprintf("%s already has %s as substitute from %s until %s", e.With.Person, e.With.Substitute,
		e.With.From.Format(time.RFC3339), e.With.End().Format(time.RFC3339))
}

const substitutionColumns = `id, person, substitute, from_at, until_at, reason, created_by, created_at, ended_at`

// windowEnd is End in SQL.
const windowEnd = `COALESCE(ended_at, until_at)`

func scanSubstitution(row interface{ Scan(...any) error }) (Substitution, error) {
	var (
		w               Substitution
		from, until, at int64
		ended           sql.NullInt64
	)
	if err := row.Scan(&w.ID, &w.Person, &w.Substitute, &from, &until, &w.Reason, &w.CreatedBy, &at, &ended); err != nil {
		return w, err
	}
	w.From, w.Until, w.CreatedAt = fromMS(from), fromMS(until), fromMS(at)
	if ended.Valid {
		e := fromMS(ended.Int64)
		w.EndedAt = &e
	}
	return w, nil
}

// AddSubstitution stores a new window for w.Person and returns it with its
// id, and true. The same window again (same substitute, times and reason,
// not ended) is found instead and returned with false, so a repeated PUT
// changes nothing; any other window overlapping it is refused with
// *OverlapError. Callers check the people exist and the times make sense.
// A new window is an audit entry, its actor the one in ctx or CreatedBy.
func (s *DB) AddSubstitution(ctx context.Context, w Substitution) (Substitution, bool, error) {
	created := false
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		// One writer per person at a time, so two overlapping windows
		// cannot both pass the check below. SQLite's write transactions
		// are exclusive already.
		if s.postgres {
			if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, "substitutes/"+w.Person); err != nil {
				return err
			}
		}
		rows, err := tx.QueryContext(ctx, `SELECT `+substitutionColumns+` FROM substitutes
			WHERE person = $1 AND from_at < $3 AND `+windowEnd+` > $2 AND from_at < `+windowEnd+` ORDER BY from_at`,
			w.Person, ms(w.From), ms(w.Until))
		if err != nil {
			return err
		}
		overlapping, err := collectSubstitutions(rows)
		if err != nil {
			return err
		}
		for _, o := range overlapping {
			if o.EndedAt == nil && o.Substitute == w.Substitute && ms(o.From) == ms(w.From) && ms(o.Until) == ms(w.Until) && o.Reason == w.Reason {
				w = o
				return nil
			}
		}
		if len(overlapping) > 0 {
			return &OverlapError{With: overlapping[0]}
		}
		w.ID = newSubstitutionID()
		w.EndedAt = nil
		created = true
		if _, err := tx.ExecContext(ctx, `INSERT INTO substitutes (`+substitutionColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULL)`,
			w.ID, w.Person, w.Substitute, ms(w.From), ms(w.Until), w.Reason, w.CreatedBy, ms(w.CreatedAt)); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, audit.Entry{At: w.CreatedAt, Actor: actorOf(ctx, w.CreatedBy),
			Action: audit.SubstituteSet, Target: audit.PersonTarget(w.Person),
			Detail: map[string]any{"window": w.ID, "substitute": w.Substitute, "from": w.From.UTC(), "until": w.Until.UTC(), "reason": w.Reason}})
	})
	if err != nil {
		return Substitution{}, false, err
	}
	w.From, w.Until, w.CreatedAt = fromMS(ms(w.From)), fromMS(ms(w.Until)), fromMS(ms(w.CreatedAt)) // as read back
	return w, created, nil
}

// EndSubstitution ends person's window at now: the current one, or when
// none is current the next one (which then never begins). ErrNotFound when
// the person has neither. The end is an audit entry.
func (s *DB) EndSubstitution(ctx context.Context, person string, now time.Time) (Substitution, error) {
	var w Substitution
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		w, err = scanSubstitution(tx.QueryRowContext(ctx, `SELECT `+substitutionColumns+` FROM substitutes
			WHERE person = $1 AND `+windowEnd+` > $2 AND from_at < `+windowEnd+` ORDER BY from_at LIMIT 1`, person, ms(now)))
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		// The end only moves earlier, never past until_at (now < End here).
		if _, err := tx.ExecContext(ctx, `UPDATE substitutes SET ended_at = $2 WHERE id = $1`, w.ID, ms(now)); err != nil {
			return err
		}
		ended := fromMS(ms(now))
		w.EndedAt = &ended
		return s.appendAudit(ctx, tx, audit.Entry{At: now, Actor: actorOf(ctx, ""),
			Action: audit.SubstituteRemoved, Target: audit.PersonTarget(w.Person),
			Detail: map[string]any{"window": w.ID, "substitute": w.Substitute, "from": w.From, "until": w.Until, "ended_at": ended}})
	})
	return w, err
}

// Substitutions returns person's windows, by start, the empty ones (ended
// before they began) included.
func (s *DB) Substitutions(ctx context.Context, person string) ([]Substitution, error) {
	return s.querySubstitutions(ctx, `WHERE person = $1 ORDER BY from_at, `+windowEnd+`, id`, person)
}

// StandingInFor returns the windows in which substitute stands in for
// someone at t or later (current and upcoming), by start.
func (s *DB) StandingInFor(ctx context.Context, substitute string, t time.Time) ([]Substitution, error) {
	return s.querySubstitutions(ctx, `WHERE substitute = $1 AND `+windowEnd+` > $2 AND from_at < `+windowEnd+`
		ORDER BY from_at, id`, substitute, ms(t))
}

// StandsInFor returns the people substitute stands in for at t, in order.
func (s *DB) StandsInFor(ctx context.Context, substitute string, t time.Time) ([]string, error) {
	windows, err := s.querySubstitutions(ctx, `WHERE substitute = $1 AND from_at <= $2 AND `+windowEnd+` > $2
		ORDER BY person`, substitute, ms(t))
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(windows))
	for _, w := range windows {
		if len(out) == 0 || out[len(out)-1] != w.Person {
			out = append(out, w.Person)
		}
	}
	return out, nil
}

// SubstitutesAt returns, for each of people who has a window at t, their
// substitute.
func (s *DB) SubstitutesAt(ctx context.Context, people []string, t time.Time) (map[string]string, error) {
	out := map[string]string{}
	if len(people) == 0 {
		return out, nil
	}
	args := []any{ms(t)}
	for _, p := range people {
		args = append(args, p)
	}
	windows, err := s.querySubstitutions(ctx, `WHERE from_at <= $1 AND `+windowEnd+` > $1
		AND person IN (`+placeholders(2, len(people))+`)`, args...)
	if err != nil {
		return nil, err
	}
	for _, w := range windows {
		out[w.Person] = w.Substitute
	}
	return out, nil
}

func (s *DB) querySubstitutions(ctx context.Context, where string, args ...any) ([]Substitution, error) {
	// #nosec G202 -- where is one of this file's constant conditions (with placeholders); values are arguments
	rows, err := s.db.QueryContext(ctx, `SELECT `+substitutionColumns+` FROM substitutes `+where, args...)
	if err != nil {
		return nil, err
	}
	return collectSubstitutions(rows)
}

func collectSubstitutions(rows *sql.Rows) ([]Substitution, error) {
	defer rows.Close()
	out := []Substitution{}
	for rows.Next() {
		w, err := scanSubstitution(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, w)
	}
	return out, rows.Err()
}

func newSubstitutionID() string {
	b := make([]byte, 8)
	rand.Read(b)
	return "sub_" + hex.EncodeToString(b)
}
