package planning

import (
	"context"

	"github.com/closeout/closeout/internal/platform/store"
)

// Directory tells which people and units exist (*store.DB does).
type Directory interface {
	GetPerson(ctx context.Context, id string) (store.Person, error)
	GetUnit(ctx context.Context, id string) (store.Unit, error)
}

// PersonExists checks person ids against d, remembering the answers for
// the rest of the request: a plan names the same people many times.
func PersonExists(ctx context.Context, d interface {
	GetPerson(ctx context.Context, id string) (store.Person, error)
}) func(string) bool {
	return remembered(func(id string) bool {
		_, err := d.GetPerson(ctx, id)
		return err == nil
	})
}

// UnitExists checks unit ids against d, remembering the answers for the
// rest of the request.
func UnitExists(ctx context.Context, d interface {
	GetUnit(ctx context.Context, id string) (store.Unit, error)
}) func(string) bool {
	return remembered(func(id string) bool {
		_, err := d.GetUnit(ctx, id)
		return err == nil
	})
}

func remembered(ask func(string) bool) func(string) bool {
	known := map[string]bool{}
	return func(id string) bool {
		v, ok := known[id]
		if !ok {
			v = ask(id)
			known[id] = v
		}
		return v
	}
}
