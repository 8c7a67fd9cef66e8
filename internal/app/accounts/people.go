// Package accounts holds the use cases of people as accounts (SPEC section
// 16): an admin's change of a person, deactivation with the list of what the
// person held, and handing their tasks over to someone else, each task
// through the normal reassign action and under its own rules.
package accounts

import (
	"context"
	"time"

	"github.com/closeout/closeout/internal/app/taskops"
	"github.com/closeout/closeout/internal/domain/task"
	"github.com/closeout/closeout/internal/platform/store"
)

// Store is what the use cases read and write (*store.DB).
type Store interface {
	GetAccount(ctx context.Context, id string) (store.Account, error)
	UpdateAccount(ctx context.Context, id string, change store.AccountChange, now time.Time) (store.Account, error)
	HandoverOf(ctx context.Context, person string) (store.Handover, error)
}

// Tasks acts on tasks (*taskops.Ops).
type Tasks interface {
	Act(ctx context.Context, t task.View, a taskops.Action) (task.View, error)
}

// People administers accounts.
type People struct {
	Store Store
	Tasks Tasks
	// Now is the clock (tests pin it); default time.Now.
	Now func() time.Time
}

func (p *People) now() time.Time {
	if p.Now != nil {
		return p.Now()
	}
	return time.Now()
}
