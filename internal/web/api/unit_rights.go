package api

import (
	"context"
	"errors"
	"net/http"

	"github.com/closeout/closeout/internal/app/units"
	"github.com/closeout/closeout/internal/domain/plan"
	"github.com/closeout/closeout/internal/domain/unitrights"
	"github.com/closeout/closeout/internal/i18n"
	"github.com/closeout/closeout/internal/platform/store"
)

// Who may write a unit (SPEC section 15) is decided by unitrights, for the
// unit routes and for a plan's units: section alike. This file feeds it.

// rightsActor is the caller as the rule sees them.
func rightsActor(p store.Person) unitrights.Actor { return units.Actor(p) }

// rightsUnit is a stored unit as the rule sees it.
func rightsUnit(u store.Unit) unitrights.Unit { return units.Rights(u) }

// unitForbidden is the 403 of a refused unit.
func unitForbidden(r *unitrights.Refusal) *Problem {
	return problemText(http.StatusForbidden, refusalText(r))
}

// refusalText is a unit's refusal in both languages (unitrights words it).
func refusalText(r *unitrights.Refusal) i18n.Text { return i18n.Both(r.English(), r.Chinese()) }

// planUnitsRefused checks every unit a plan defines against what the store
// holds, before anything of the plan is written: the problem names each
// unit the caller may not write (the import is refused whole), or is nil.
// Rights are read from the stored units, and from the plan's own
// definition of a unit it creates.
func (s *Server) planUnitsRefused(ctx context.Context, me store.Person, p *plan.Plan) (*Problem, store.UnitsAsChecked, error) {
	if len(p.Units) == 0 {
		return nil, nil, nil
	}
	// Every unit, from one snapshot: a plan may define thousands, and
	// their rights are read against one state of the tree.
	all, err := s.store.ListUnits(ctx)
	if err != nil {
		return nil, nil, err
	}
	stored := make(map[string]unitrights.Unit, len(all))
	byID := make(map[string]*store.Unit, len(all))
	for i, u := range all {
		stored[u.ID] = rightsUnit(u)
		byID[u.ID] = &all[i]
	}
	created := map[string]unitrights.Unit{}
	checked := store.UnitsAsChecked{}
	for _, u := range p.Units {
		checked[u.ID] = byID[u.ID] // nil: checked as new
		if _, ok := stored[u.ID]; !ok {
			created[u.ID] = planRightsUnit(u)
		}
	}
	lookup := func(id string) (unitrights.Unit, bool) {
		if u, ok := stored[id]; ok {
			return u, true
		}
		u, ok := created[id]
		return u, ok
	}
	who := rightsActor(me)
	var (
		errs  []FieldError
		first *unitrights.Refusal
	)
	for i, u := range p.Units {
		before, exists := stored[u.ID]
		r := unitrights.Check(who, before, exists, planRightsUnit(u), lookup)
		if r == nil {
			continue
		}
		if first == nil {
			first = r
		}
		errs = append(errs, FieldError{Field: fieldIndex("units", i), Message: refusalText(r)})
	}
	if first == nil {
		return nil, checked, nil
	}
	if len(errs) > 1 {
		return forbidden("The plan changes %d units you may not change (%s and others); nothing was imported.", len(errs), first.Unit).
			with(errs...), nil, nil
	}
	return forbidden("The plan changes unit %s, which you may not change; nothing was imported.", first.Unit).with(errs...), nil, nil
}

// planRightsUnit is a plan's unit as the rule sees it.
func planRightsUnit(u plan.Unit) unitrights.Unit {
	return unitrights.Unit{ID: u.ID, Name: u.Name, Parent: u.Parent, Head: u.Head, Contacts: u.Contacts, Members: u.Members}
}

// planUnitsAllowed admits importing p's units and answers them as checked
// (UpsertUnitsAsChecked writes them only if they still are), or refuses:
// a 403 naming each unit the caller may not write, or the store's failure.
// A repeat of a plan already imported writes no unit, and passes.
func (s *Server) planUnitsAllowed(ctx context.Context, me store.Person, p *plan.Plan) (store.UnitsAsChecked, error) {
	if len(p.Units) == 0 {
		return nil, nil
	}
	switch existing, err := s.store.GetCampaign(ctx, p.ID); {
	case err == nil && existing.PlanHash == p.Hash():
		return nil, nil
	case err != nil && !errors.Is(err, store.ErrNotFound):
		return nil, err
	}
	refused, checked, err := s.planUnitsRefused(ctx, me, p)
	if err != nil {
		return nil, err
	}
	if refused != nil {
		return nil, refused
	}
	return checked, nil
}

// unitWriteError answers a unit that changed between the check of a write
// and the write: 409, to read it again and retry. Other errors pass.
func unitWriteError(err error) error {
	if errors.Is(err, store.ErrUnitChanged) {
		return conflict("A unit changed after the right to write it was checked; read it again and retry.")
	}
	return err
}
