package accounts

import (
	"context"
	"time"

	"github.com/closeout/closeout/internal/app/taskops"
	"github.com/closeout/closeout/internal/domain/task"
	"github.com/closeout/closeout/internal/platform/store"
)

// PeopleStore is what the people's use cases read and write (*store.DB).
type PeopleStore interface {
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
	Store PeopleStore
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
