package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/closeout/closeout/workflows"
)

// RollupRow is one group of a campaign's tasks and how many are in it.
type RollupRow struct {
	Track  string
	Status string // open, submitted, closed, cancelled
	Light  string // green, yellow, red, done
	OnTime bool   // closed on time (closed rows only)
	Late   bool   // not closed and past its deadline
	N      int
}

// Rollup counts a campaign's tasks by track, status, light, on-time and late,
// from the rollup index: the cost grows with the number of distinct groups
// read off one index range, not with any other campaign.
func (s *DB) Rollup(ctx context.Context, campaign string, now time.Time) ([]RollupRow, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT track, status, light, COALESCE(closed_on_time, FALSE),
			status IN ('open', 'submitted') AND deadline < $2, COUNT(*)
		FROM tasks WHERE campaign = $1
		GROUP BY track, status, light, COALESCE(closed_on_time, FALSE), status IN ('open', 'submitted') AND deadline < $2`,
		campaign, ms(now))
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

// FlaggedTasks are the campaign's tasks under a leader's supervision.
func (s *DB) FlaggedTasks(ctx context.Context, campaign string) ([]workflows.TaskView, error) {
	return s.queryTasks(ctx, `SELECT doc FROM tasks WHERE campaign = $1 AND flagged = TRUE ORDER BY id`, campaign)
}

// OverdueTasks are the campaign's tasks past their deadline and not closed,
// the most overdue first.
func (s *DB) OverdueTasks(ctx context.Context, campaign string, now time.Time) ([]workflows.TaskView, error) {
	return s.queryTasks(ctx, `SELECT doc FROM tasks WHERE campaign = $1 AND status IN ('open', 'submitted')
		AND deadline < $2 ORDER BY deadline, id`, campaign, ms(now))
}

// ClosedTimes lists when each closed task of a campaign was closed, in order:
// the burn-down's data.
func (s *DB) ClosedTimes(ctx context.Context, campaign string) ([]time.Time, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT closed_at FROM tasks WHERE campaign = $1 AND status = 'closed'
		ORDER BY closed_at`, campaign)
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
