package dashboard

import (
	"context"
	"slices"

	"github.com/closeout/closeout/internal/domain/task"

	"github.com/closeout/closeout/internal/platform/store"
)

// displayName is how a page names a person: their name, else their id.
func displayName(p store.Person) string {
	if p.Name != "" {
		return p.Name
	}
	return p.ID
}

// lookupNames looks up the display names of ids: people in one query, and
// units (unit:ID, SPEC section 10) in another when there are any. An id that
// is neither (the "system" actor, someone deleted) names itself.
func (d *Dashboard) lookupNames(ctx context.Context, ids []string) (nameBook, error) {
	ids = slices.Compact(slices.Sorted(slices.Values(ids)))
	if i := slices.Index(ids, ""); i >= 0 {
		ids = slices.Delete(ids, i, i+1)
	}
	var persons, units []string
	for _, id := range ids {
		if unit, ok := task.UnitOf(id); ok {
			units = append(units, unit)
		} else {
			persons = append(persons, id)
		}
	}
	people, err := d.store.PeopleByID(ctx, persons)
	if err != nil {
		return nil, err
	}
	unitNames := map[string]string{}
	if len(units) > 0 {
		if unitNames, err = d.store.UnitNames(ctx, units); err != nil {
			return nil, err
		}
	}
	out := make(nameBook, len(ids))
	for _, id := range ids {
		out[id] = id
		if p, ok := people[id]; ok {
			out[id] = displayName(p)
		} else if unit, ok := task.UnitOf(id); ok && unitNames[unit] != "" {
			out[id] = unitNames[unit]
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
