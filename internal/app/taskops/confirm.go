package taskops

import (
	"context"

	"github.com/closeout/closeout/internal/domain/task"
)

// Confirmer drops the note of a projection write once the update that made it
// has answered (internal/platform/store/unconfirmed.go; *store.DB is one). An update's result
// comes only after its workflow task committed, so its write, and everything
// of a smaller fence it overruled, can no longer be a phantom.
type Confirmer interface {
	ConfirmWrite(ctx context.Context, campaign, task string, version int64) error
}

// confirm tells the store that the write behind view is committed. A failure
// only leaves the note for the background check (reconcile.WatchUnconfirmed),
// which confirms it a few seconds later: the action itself succeeded, so its
// caller is not told.
func (o *Ops) confirm(ctx context.Context, view task.View) {
	c, ok := o.Store.(Confirmer)
	if !ok || view.Campaign == "" {
		return
	}
	_ = c.ConfirmWrite(context.WithoutCancel(ctx), view.Campaign, view.ID, view.Version)
}
