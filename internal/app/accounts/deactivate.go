package accounts

import (
	"context"

	"github.com/closeout/closeout/internal/platform/store"
)

// Changed is an account after an admin's change. Handover is set when the
// person is deactivated after it: what they held and someone must take
// over, read after the change.
type Changed struct {
	Account  store.Account
	Handover *store.Handover
}

// Change applies an admin's change to person id (the store audits each
// part, naming the actor in ctx). A deactivation ends the person's tokens
// and sessions in the same transaction; the answer then lists their open
// tasks, the sign-offs waiting for them and the units they head.
func (p *People) Change(ctx context.Context, id string, change store.AccountChange) (Changed, error) {
	a, err := p.Store.UpdateAccount(ctx, id, change, p.now())
	if err != nil {
		return Changed{}, err
	}
	out := Changed{Account: a}
	if !a.Active {
		h, err := p.Store.HandoverOf(ctx, id)
		if err != nil {
			return Changed{}, err
		}
		out.Handover = &h
	}
	return out, nil
}
