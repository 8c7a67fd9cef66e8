package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/closeout/closeout/internal/domain/task"
)

// Unconfirmed writes (migration 00012, docs/projection.md "Unconfirmed
// writes"). Every projection write notes its task in the same transaction;
// the note goes once the write is known to be committed. The notes left
// after a crash are the tasks that may show a write no workflow committed,
// and the only ones that need checking before the projection is served.

// UnconfirmedWrite is a task whose latest projection write is not yet known
// to be committed.
type UnconfirmedWrite struct {
	Campaign string
	Task     string
	Fence    string
	Version  int64
	At       time.Time // when the write was made
	// ByUpdate: an update's handler made it (workflows.ProjectionWrite).
	ByUpdate bool
}

// noteWrite records, inside the write's transaction, that the task's write
// under fence is not yet confirmed. One note a task keeps the greatest fence:
// a later write overrules everything an earlier one of smaller fence left,
// so confirming the later one vouches for the task.
func noteWrite(ctx context.Context, tx *sql.Tx, w task.ProjectionWrite, at time.Time) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO unconfirmed_writes (campaign, task, fence, version, at, by_update)
		VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (campaign, task) DO UPDATE SET fence = excluded.fence, version = excluded.version,
			at = excluded.at, by_update = excluded.by_update
		WHERE unconfirmed_writes.fence < excluded.fence`, w.Task.Campaign, w.Task.ID, w.Fence, w.Task.Version, ms(at), w.ByUpdate)
	return err
}

// ConfirmWrite drops the task's note if its write is at or below version:
// the caller got the result of an update the workflow committed with that
// version. The projection activity retries until it succeeds, so by the time
// an update answers, its write is stored and has overruled any uncommitted
// write of a smaller fence; a later write (a greater version) keeps its note.
func (s *DB) ConfirmWrite(ctx context.Context, campaign, task string, version int64) error {
	_, err := s.db.ExecContext(ctx, `DELETE FROM unconfirmed_writes WHERE campaign = $1 AND task = $2 AND version <= $3`,
		campaign, task, version)
	return err
}

// ConfirmChecked drops the task's note if its fence is at or below fence,
// the fence a check found committed and stored.
func (s *DB) ConfirmChecked(ctx context.Context, campaign, task, fence string) error {
	_, err := s.db.ExecContext(ctx, `DELETE FROM unconfirmed_writes WHERE campaign = $1 AND task = $2 AND fence <= $3`,
		campaign, task, fence)
	return err
}

// UnconfirmedWrites lists the notes of writes made before before, oldest
// first, at most limit (0: all of them).
func (s *DB) UnconfirmedWrites(ctx context.Context, before time.Time, limit int) ([]UnconfirmedWrite, error) {
	q := `SELECT campaign, task, fence, version, at, by_update FROM unconfirmed_writes WHERE at < $1 ORDER BY at`
	args := []any{ms(before)}
	if limit > 0 {
		q += ` LIMIT $2`
		args = append(args, limit)
	}
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []UnconfirmedWrite
	for rows.Next() {
		var (
			u  UnconfirmedWrite
			at int64
		)
		if err := rows.Scan(&u.Campaign, &u.Task, &u.Fence, &u.Version, &at, &u.ByUpdate); err != nil {
			return nil, err
		}
		u.At = fromMS(at)
		out = append(out, u)
	}
	return out, rows.Err()
}
