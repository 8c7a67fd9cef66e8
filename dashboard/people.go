package dashboard

import (
	"context"
	"slices"

	"github.com/closeout/closeout/store"
)

// displayName is how a page names a person: their name, else their id.
func displayName(p store.Person) string {
	if p.Name != "" {
		return p.Name
	}
	return p.ID
}

// lookupNames looks up the display names of ids in one query. An id that is not a
// person (the "system" actor, someone deleted) names itself.
func (d *Dashboard) lookupNames(ctx context.Context, ids []string) (nameBook, error) {
	ids = slices.Compact(slices.Sorted(slices.Values(ids)))
	if i := slices.Index(ids, ""); i >= 0 {
		ids = slices.Delete(ids, i, i+1)
	}
	people, err := d.store.PeopleByID(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make(nameBook, len(ids))
	for _, id := range ids {
		if p, ok := people[id]; ok {
			out[id] = displayName(p)
		} else {
			out[id] = id
		}
	}
	return out, nil
}

// nameBook maps person ids to display names; templates call .Of.
type nameBook map[string]string

// Of names id; an id missing from the book names itself.
func (n nameBook) Of(id string) string {
	if v, ok := n[id]; ok {
		return v
	}
	return id
}
