package store

import (
	"context"
	"database/sql"

	"github.com/closeout/closeout/internal/domain/task"
)

// Handover is what a person held that someone else must take over when they
// leave (SPEC section 16): the open tasks they own, the submissions waiting
// for their sign-off, and the units they head.
type Handover struct {
	Tasks     []HeldTask `json:"tasks"`
	Approvals []HeldTask `json:"approvals"`
	Units     []HeldUnit `json:"units_headed"`
}

// HeldTask names a task in a handover.
type HeldTask struct {
	Campaign string      `json:"campaign"`
	ID       string      `json:"id"`
	Title    string      `json:"title"`
	Status   task.Status `json:"status"`
}

// HeldUnit names a unit in a handover.
type HeldUnit struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// HandoverOf lists what person holds now, each list in (campaign, id) or id
// order; every query is served by an index (tasks_by_owner,
// tasks_by_approver, units' head).
func (s *DB) HandoverOf(ctx context.Context, person string) (Handover, error) {
	h := Handover{Tasks: []HeldTask{}, Approvals: []HeldTask{}, Units: []HeldUnit{}}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if err := eachRow(ctx, tx, `SELECT campaign, id, title, status FROM tasks
			WHERE owner = $1 AND status IN ($2, $3) ORDER BY campaign, id`,
			[]any{person, task.StatusOpen, task.StatusSubmitted}, heldTasks(&h.Tasks)); err != nil {
			return err
		}
		if err := eachRow(ctx, tx, `SELECT campaign, id, title, status FROM tasks
			WHERE current_approver = $1 AND status = $2 ORDER BY campaign, id`,
			[]any{person, task.StatusSubmitted}, heldTasks(&h.Approvals)); err != nil {
			return err
		}
		return eachRow(ctx, tx, `SELECT id, name FROM units WHERE head = $1 ORDER BY id`, []any{person},
			func(r *sql.Rows) error {
				var u HeldUnit
				if err := r.Scan(&u.ID, &u.Name); err != nil {
					return err
				}
				h.Units = append(h.Units, u)
				return nil
			})
	})
	return h, err
}

func heldTasks(into *[]HeldTask) func(*sql.Rows) error {
	return func(r *sql.Rows) error {
		var t HeldTask
		if err := r.Scan(&t.Campaign, &t.ID, &t.Title, &t.Status); err != nil {
			return err
		}
		*into = append(*into, t)
		return nil
	}
}
