package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/closeout/closeout/internal/domain/task"
)

// ProjectTask writes a task's new events and its current view in one
// transaction, and moves the task between the campaign's rollup counters.
//
// Writes are fenced (internal/domain/task/fence.go, docs/projection.md): each row keeps
// the fence of the write that put it there, and a write replaces only rows
// with a smaller fence:
//   - each of its events, at its seq;
//   - the view, and with it the rollup counter the task is counted in;
//   - events after the write's last seq (w.Task.Seq): a write that knows the
//     log ends there overrules any event past it from a smaller fence, which
//     can only come from a workflow task that never committed.
//
// A committed write therefore always overrules what an abandoned workflow
// task left, and an abandoned write that lands late overrules nothing a
// committed one wrote. The same write twice changes nothing.
func (s *DB) ProjectTask(ctx context.Context, w task.ProjectionWrite) error {
	return s.project(ctx, w, false)
}

// project is ProjectTask; force writes whatever the stored fences say (a
// repair of a task whose workflow has ended).
func (s *DB) project(ctx context.Context, w task.ProjectionWrite, force bool) error {
	if w.Fence == "" {
		// A write from before fencing (a worker of the previous release
		// during an upgrade): ordered by version alone, below every fence.
		w.Fence = task.Fence{Version: w.Task.Version}.String()
	}
	args, err := taskArgs(w.Task, w.Fence)
	if err != nil {
		return err
	}
	t := w.Task
	return s.inTx(ctx, func(tx *sql.Tx) error {
		cur, found, err := s.lockCurrent(ctx, tx, t.Campaign, t.ID)
		if err != nil {
			return err
		}
		if !force {
			// A repair writes what a workflow committed; every other write
			// may come from a workflow task that never commits.
			if err := noteWrite(ctx, tx, w, time.Now()); err != nil {
				return err
			}
		}
		events := w.Events
		if found && cur.fence > w.Fence && !force {
			// A newer write's view is stored: this one may still bring
			// events that view counts (two writes of one workflow task
			// landing out of order), never events past it (a late write
			// of an abandoned attempt).
			events = slices.DeleteFunc(slices.Clone(events), func(e task.Event) bool { return e.Seq > cur.seq })
		}
		if err := upsertEvents(ctx, tx, t.Campaign, t.ID, w.Fence, events, force); err != nil {
			return err
		}
		below := w.Fence
		if force {
			below = "~" // above every fence
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM events WHERE campaign = $1 AND task = $2 AND seq > $3 AND fence < $4`,
			t.Campaign, t.ID, t.Seq, below); err != nil {
			return err
		}
		if found && cur.fence >= w.Fence && !force {
			return nil
		}
		if _, err := tx.ExecContext(ctx, taskUpsert+` ON CONFLICT (campaign, id) DO UPDATE SET
			track = excluded.track, title = excluded.title, owner = excluded.owner, leader = excluded.leader,
			flagged = excluded.flagged, status = excluded.status, light = excluded.light,
			current_approver = excluded.current_approver, deadline = excluded.deadline, closed_at = excluded.closed_at,
			closed_on_time = excluded.closed_on_time, overdue = excluded.overdue,
			escalation_level = excluded.escalation_level, version = excluded.version, doc = excluded.doc,
			fence = excluded.fence, seq = excluded.seq, parent = excluded.parent,
			has_indicators = excluded.has_indicators`, args...); err != nil {
			return err
		}
		// A dispatched child is in no rollup counter (campaign totals count
		// parents and plain tasks: SPEC section 10).
		now, counts := groupOf(t), counted(t)
		if found && cur.group == now && cur.counted == counts {
			return nil
		}
		if found && cur.counted {
			if err := adjustRollup(ctx, tx, t.Campaign, cur.group, -1); err != nil {
				return err
			}
		}
		if !counts {
			return nil
		}
		return adjustRollup(ctx, tx, t.Campaign, now, +1)
	})
}

// lockTask serialises the writers of one task (its workflow's writes and an
// import's seeding) so the rollup counters see every move exactly once. On
// SQLite every write transaction is already exclusive.
func (s *DB) lockTask(ctx context.Context, tx *sql.Tx, campaign, id string) error {
	if !s.postgres {
		return nil
	}
	_, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, campaign+"/"+id)
	return err
}

// group is the rollup counter a task is counted in.
type group struct {
	track, status, light string
	onTime, overdue      bool
}

func groupOf(t task.View) group {
	return group{track: t.Track, status: string(t.Status), light: string(t.Light),
		onTime: t.ClosedOnTime != nil && *t.ClosedOnTime, overdue: t.Overdue}
}

// counted reports whether the task is in its campaign's rollup counters:
// plain tasks and parents are, dispatched children (Parent set) are not.
func counted(t task.View) bool { return t.Parent == "" }

// current is what a task's stored row says of the write that put it there.
type current struct {
	group
	counted bool // the row is in the rollup counters (no parent)
	fence   string
	seq     int64
}

// lockCurrent takes the task's lock (lockTask) and then reads the group,
// fence and seq it is stored under. Two statements on purpose: in PostgreSQL
// a statement reads from the snapshot taken when it began, so a read in the
// same statement as the lock could miss the row whose writer it waited for.
func (s *DB) lockCurrent(ctx context.Context, tx *sql.Tx, campaign, id string) (current, bool, error) {
	var c current
	if err := s.lockTask(ctx, tx, campaign, id); err != nil {
		return c, false, err
	}
	var parent string
	err := tx.QueryRowContext(ctx, `SELECT track, status, light, COALESCE(closed_on_time, FALSE), overdue, fence, seq, parent
		FROM tasks WHERE campaign = $1 AND id = $2`, campaign, id).Scan(&c.track, &c.status, &c.light, &c.onTime, &c.overdue, &c.fence, &c.seq, &parent)
	c.counted = parent == ""
	if errors.Is(err, sql.ErrNoRows) {
		return c, false, nil
	}
	return c, err == nil, err
}

func adjustRollup(ctx context.Context, tx *sql.Tx, campaign string, g group, delta int) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO campaign_rollup (campaign, track, status, light, on_time, overdue, n)
		VALUES ($1, $2, $3, $4, $5, $6, $7)
		ON CONFLICT (campaign, track, status, light, on_time, overdue) DO UPDATE SET n = campaign_rollup.n + excluded.n`,
		campaign, g.track, g.status, g.light, g.onTime, g.overdue, delta)
	return err
}

// upsertEvents writes events at their seqs, replacing an event already there
// only when it was written under a smaller fence (or always, with force).
func upsertEvents(ctx context.Context, tx *sql.Tx, campaign, task, fence string, events []task.Event, force bool) error {
	if len(events) == 0 {
		return nil
	}
	var (
		q    strings.Builder
		args []any
	)
	q.WriteString(`INSERT INTO events (campaign, task, seq, at, actor, type, data, fence, on_behalf_of) VALUES `)
	for i, e := range events {
		data, err := json.Marshal(e.Data)
		if err != nil {
			return err
		}
		if i > 0 {
			q.WriteString(", ")
		}
		fmt.Fprintf(&q, "(%s)", placeholders(len(args)+1, 9))
		args = append(args, campaign, task, e.Seq, ms(e.At), e.Actor, e.Type, string(data), fence, e.OnBehalfOf)
	}
	q.WriteString(` ON CONFLICT (campaign, task, seq) DO UPDATE SET at = excluded.at, actor = excluded.actor,
		type = excluded.type, data = excluded.data, fence = excluded.fence, on_behalf_of = excluded.on_behalf_of`)
	if !force {
		q.WriteString(` WHERE events.fence < excluded.fence`)
	}
	_, err := tx.ExecContext(ctx, q.String(), args...)
	return err
}
