package dashboard

import (
	"cmp"
	"context"

	"github.com/closeout/closeout/internal/domain/task"
)

// The reassign form's owner field takes a person's id or unit:ID, as the
// API's owner does; it suggests the people and units there are, so nobody
// has to know ids by heart. A suggestion list is a convenience, not a rule:
// taskops refuses an owner that does not exist (422), whatever was typed.

// maxOwnerChoices bounds the suggestions, so a page stays small however
// many people there are; anyone else can still be typed in.
const maxOwnerChoices = 500

// ownerChoice is one suggestion: the value the field takes, and a name.
type ownerChoice struct {
	ID, Name string
}

// ownerChoices suggests every person and unit but the current owner, people
// first.
func (d *Dashboard) ownerChoices(ctx context.Context, current string) ([]ownerChoice, error) {
	people, err := d.store.ListPeople(ctx, maxOwnerChoices)
	if err != nil {
		return nil, err
	}
	units, err := d.store.ListUnits(ctx)
	if err != nil {
		return nil, err
	}
	var out []ownerChoice
	for _, p := range people {
		if p.ID != current {
			out = append(out, ownerChoice{ID: p.ID, Name: displayName(p)})
		}
	}
	for _, u := range units {
		if ref := task.UnitRef(u.ID); ref != current && len(out) < maxOwnerChoices {
			out = append(out, ownerChoice{ID: ref, Name: cmp.Or(u.Name, u.ID)})
		}
	}
	return out, nil
}
