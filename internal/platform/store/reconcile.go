package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/closeout/closeout/internal/domain/task"
)

// StoredTask is a task as the projection holds it, with the fence of the
// write that put its view there and its whole log: what reconciliation
// compares with the workflow.
type StoredTask struct {
	View   task.View
	Doc    string
	Fence  string
	Events []task.Event
}

// TaskIDs lists the ids of a campaign's tasks.
func (s *DB) TaskIDs(ctx context.Context, campaign string) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id FROM tasks WHERE campaign = $1 ORDER BY id`, campaign)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// StoredTask reads one task and its log in one snapshot, or ErrNotFound.
func (s *DB) StoredTask(ctx context.Context, campaign, id string) (StoredTask, error) {
	var st StoredTask
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true, Isolation: s.snapshot()})
	if err != nil {
		return st, err
	}
	defer tx.Rollback()
	err = tx.QueryRowContext(ctx, `SELECT doc, fence FROM tasks WHERE campaign = $1 AND id = $2`, campaign, id).Scan(&st.Doc, &st.Fence)
	if errors.Is(err, sql.ErrNoRows) {
		return st, ErrNotFound
	}
	if err != nil {
		return st, err
	}
	if err := json.Unmarshal([]byte(st.Doc), &st.View); err != nil {
		return st, err
	}
	st.Events, err = readEvents(ctx, tx, campaign, id)
	return st, err
}

// snapshot is the isolation level under which one transaction's reads agree
// with each other. SQLite's read transactions are snapshots already.
func (s *DB) snapshot() sql.IsolationLevel {
	if s.postgres {
		return sql.LevelRepeatableRead
	}
	return sql.LevelDefault
}

// RollupDrift compares a campaign's rollup counters with a recount of its
// tasks, in one snapshot, and returns the groups that differ.
func (s *DB) RollupDrift(ctx context.Context, campaign string) ([]GroupCount, error) {
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true, Isolation: s.snapshot()})
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	kept, err := countGroups(ctx, tx, `SELECT track, status, light, on_time, overdue, n FROM campaign_rollup WHERE campaign = $1 AND n <> 0`, campaign)
	if err != nil {
		return nil, err
	}
	counted, err := countGroups(ctx, tx, recountQuery, campaign)
	if err != nil {
		return nil, err
	}
	var drift []GroupCount
	for g, n := range counted {
		if kept[g] != n {
			drift = append(drift, GroupCount{Group: g.String(), Kept: kept[g], Counted: n})
		}
	}
	for g, n := range kept {
		if _, ok := counted[g]; !ok {
			drift = append(drift, GroupCount{Group: g.String(), Kept: n})
		}
	}
	slices.SortFunc(drift, func(a, b GroupCount) int { return strings.Compare(a.Group, b.Group) })
	return drift, nil
}

// GroupCount is one rollup counter that disagrees with its recount.
type GroupCount struct {
	Group   string
	Kept    int64
	Counted int64
}

// recountQuery counts what the rollup counts: parents and plain tasks, not
// dispatched children (counted in project.go).
const recountQuery = `SELECT track, status, light, COALESCE(closed_on_time, FALSE), overdue, COUNT(*)
	FROM tasks WHERE campaign = $1 AND parent = '' GROUP BY track, status, light, COALESCE(closed_on_time, FALSE), overdue`

// RecountRollup replaces a campaign's rollup counters with a recount. On
// PostgreSQL the counters are locked first: a task write in flight then
// either committed before the recount (and is in it) or waits and adds its
// move to the recount afterwards.
func (s *DB) RecountRollup(ctx context.Context, campaign string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if s.postgres {
			if _, err := tx.ExecContext(ctx, `LOCK TABLE campaign_rollup IN EXCLUSIVE MODE`); err != nil {
				return err
			}
		}
		counted, err := countGroups(ctx, tx, recountQuery, campaign)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM campaign_rollup WHERE campaign = $1`, campaign); err != nil {
			return err
		}
		for g, n := range counted {
			if err := adjustRollup(ctx, tx, campaign, g, int(n)); err != nil {
				return err
			}
		}
		return nil
	})
}

// RepairFinishedTask writes a finished task as its workflow ended it,
// whatever fences the projection holds: the view, the given events, nothing
// after its last seq. Only for tasks whose workflow has ended, so that no
// write of theirs can race it.
func (s *DB) RepairFinishedTask(ctx context.Context, w task.ProjectionWrite) error {
	return s.project(ctx, w, true)
}

func countGroups(ctx context.Context, tx *sql.Tx, q, campaign string) (map[group]int64, error) {
	rows, err := tx.QueryContext(ctx, q, campaign)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[group]int64{}
	for rows.Next() {
		var (
			g group
			n int64
		)
		if err := rows.Scan(&g.track, &g.status, &g.light, &g.onTime, &g.overdue, &n); err != nil {
			return nil, err
		}
		out[g] += n
	}
	return out, rows.Err()
}

func (g group) String() string {
	return fmt.Sprintf("track=%s status=%s light=%s on_time=%t overdue=%t", g.track, g.status, g.light, g.onTime, g.overdue)
}
