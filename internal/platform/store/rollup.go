package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/closeout/closeout/internal/domain/task"
)

// RollupRow is one group of a campaign's tasks and how many are in it.
type RollupRow struct {
	Track  string
	Status string // open, submitted, closed, cancelled
	Light  string // green, yellow, red, done
	OnTime bool   // closed on time (closed rows only)
	Late   bool   // not closed and past its deadline (as of its last write)
	N      int
}

// Rollup returns a campaign's counters: how many tasks are in each group of
// track, status, light, on-time and late. It reads a few dozen rows kept up
// to date by every task write, whatever the campaign's size.
func (s *DB) Rollup(ctx context.Context, campaign string) ([]RollupRow, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT track, status, light, on_time, overdue, n
		FROM campaign_rollup WHERE campaign = $1 AND n > 0`, campaign)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []RollupRow
	for rows.Next() {
		var r RollupRow
		if err := rows.Scan(&r.Track, &r.Status, &r.Light, &r.OnTime, &r.Late, &r.N); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// ListLimit bounds the task lists of a report: a leader reads the first
// hundred overdue tasks; the totals say how many there are.
const ListLimit = 100

// TaskLine is a task as a report lists it, read from the row's columns.
type TaskLine struct {
	Campaign        string      `json:"campaign"`
	ID              string      `json:"id"`
	Title           string      `json:"title"`
	Track           string      `json:"track"`
	Owner           string      `json:"owner"`
	Leader          string      `json:"leader,omitempty"`
	Flagged         bool        `json:"flagged"`
	Status          task.Status `json:"status"`
	Light           task.Light  `json:"light"`
	Deadline        time.Time   `json:"deadline"`
	EscalationLevel int         `json:"escalation_level"`
}

const lineColumns = `campaign, id, title, track, owner, leader, flagged, status, light, deadline, escalation_level`

// The report's lists and the burn-down, like its totals, are of parents and
// plain tasks: dispatched children (parent <> '') are reported per unit.

// FlaggedTasks are the campaign's tasks under a leader's supervision.
func (s *DB) FlaggedTasks(ctx context.Context, campaign string) ([]TaskLine, error) {
	return s.queryLines(ctx, `SELECT `+lineColumns+` FROM tasks WHERE campaign = $1 AND flagged = TRUE AND parent = ''
		ORDER BY id LIMIT $2`, campaign, ListLimit)
}

// OverdueTasks are the campaign's tasks past their deadline and not closed,
// the most overdue first.
func (s *DB) OverdueTasks(ctx context.Context, campaign string) ([]TaskLine, error) {
	return s.queryLines(ctx, `SELECT `+lineColumns+` FROM tasks WHERE campaign = $1 AND overdue = TRUE AND parent = ''
		ORDER BY deadline, id LIMIT $2`, campaign, ListLimit)
}

func (s *DB) queryLines(ctx context.Context, q string, args ...any) ([]TaskLine, error) {
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []TaskLine{}
	for rows.Next() {
		var (
			l        TaskLine
			deadline int64
		)
		if err := rows.Scan(&l.Campaign, &l.ID, &l.Title, &l.Track, &l.Owner, &l.Leader, &l.Flagged,
			&l.Status, &l.Light, &deadline, &l.EscalationLevel); err != nil {
			return nil, err
		}
		l.Deadline = fromMS(deadline)
		out = append(out, l)
	}
	return out, rows.Err()
}

// ClosedTimes lists when each closed task of a campaign was closed, in order:
// the burn-down's data.
func (s *DB) ClosedTimes(ctx context.Context, campaign string) ([]time.Time, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT closed_at FROM tasks WHERE campaign = $1 AND status = 'closed'
		AND parent = '' ORDER BY closed_at`, campaign)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []time.Time
	for rows.Next() {
		var at sql.NullInt64
		if err := rows.Scan(&at); err != nil {
			return nil, err
		}
		if at.Valid {
			out = append(out, fromMS(at.Int64))
		}
	}
	return out, rows.Err()
}

// Deadlines lists the deadlines of a campaign's tasks that are not cancelled,
// in order: the burn-down's plan line, read from the row columns only.
func (s *DB) Deadlines(ctx context.Context, campaign string) ([]time.Time, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT deadline FROM tasks WHERE campaign = $1 AND status <> 'cancelled'
		AND parent = '' ORDER BY deadline`, campaign)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []time.Time
	for rows.Next() {
		var at int64
		if err := rows.Scan(&at); err != nil {
			return nil, err
		}
		out = append(out, fromMS(at))
	}
	return out, rows.Err()
}
