// Package unitrights decides who may create or change a unit (单位, SPEC
// section 15). It is the one rule behind every way a unit is written —
// POST and PUT /api/v1/units, and a plan's units: section — and pure: the
// callers read the units it looks at and write nothing it refused.
//
// The rule:
//   - creating a unit: a manager or an admin;
//   - changing one that exists (name, parent, head, members, contacts): an
//     admin, or the head of that unit or of a unit above it;
//   - moving one (a new parent): that right, and the same right on both
//     parents, the old and the new (a root has no parent to check);
//   - writing a unit exactly as it is stored changes nothing, and is allowed
//     to whoever may write units at all.
package unitrights

import (
	"fmt"
	"slices"
)

// Unit is a unit as the rule sees it: who heads it, where it hangs, what
// a change would replace.
type Unit struct {
	ID, Name, Parent, Head string
	Contacts, Members      []string
}

// Actor is who writes the unit.
type Actor struct {
	ID             string
	Admin, Manager bool
}

// Lookup finds a unit by id: the stored one for a unit that exists, and,
// for a plan, the plan's own definition of a unit it creates. Rights are
// read from it, never from the changes being checked, so a change of head
// does not grant anything within the same write.
type Lookup func(id string) (Unit, bool)

// maxDepth bounds the walk up a tree, which the API keeps free of cycles;
// a tree that had one ends the walk instead of looping.
const maxDepth = 256

// Refusal says which unit may not be written, and why. It is an error.
type Refusal struct {
	Unit   string
	Reason string
}

func (r *Refusal) Error() string { return "unit " + r.Unit + ": " + r.Reason }

// Check decides whether who may write next, given stored, the unit of the
// same id as it is now (exists false when there is none): nil when they
// may, a Refusal naming the unit when not.
func Check(who Actor, stored Unit, exists bool, next Unit, units Lookup) *Refusal {
	if !exists {
		if who.Admin || who.Manager {
			return nil
		}
		return &Refusal{Unit: next.ID, Reason: "creating a unit needs the role manager or admin"}
	}
	if Same(stored, next) {
		return nil
	}
	if !Holds(who, stored.ID, units) {
		return &Refusal{Unit: next.ID, Reason: fmt.Sprintf(
			"only an admin, or the head of %s or of a unit above it, may change it", next.ID)}
	}
	if stored.Parent == next.Parent {
		return nil
	}
	for _, parent := range []string{stored.Parent, next.Parent} {
		if parent != "" && !Holds(who, parent, units) {
			return &Refusal{Unit: next.ID, Reason: fmt.Sprintf(
				"moving it from %s to %s needs the right on both parents: only an admin, or the head of %s or of a unit above it, may place units there",
				orRoot(stored.Parent), orRoot(next.Parent), parent)}
		}
	}
	return nil
}

// Holds reports whether who has the right on unit id: they are an admin,
// or head it or a unit above it.
func Holds(who Actor, id string, units Lookup) bool {
	if who.Admin {
		return true
	}
	if who.ID == "" {
		return false
	}
	for at, depth := id, 0; at != "" && depth < maxDepth; depth++ {
		u, ok := units(at)
		if !ok {
			return false
		}
		if u.Head == who.ID {
			return true
		}
		at = u.Parent
	}
	return false
}

// Same reports whether writing b over a would change nothing: the same
// name, parent and head, and the same people (in any order, each once).
func Same(a, b Unit) bool {
	return a.ID == b.ID && a.Name == b.Name && a.Parent == b.Parent && a.Head == b.Head &&
		sameSet(a.Members, b.Members) && sameSet(a.Contacts, b.Contacts)
}

func sameSet(a, b []string) bool {
	return slices.Equal(set(a), set(b))
}

// set is ids sorted, each once, without empty ids (the store skips them).
func set(ids []string) []string {
	out := slices.DeleteFunc(slices.Clone(ids), func(id string) bool { return id == "" })
	slices.Sort(out)
	return slices.Compact(out)
}

func orRoot(parent string) string {
	if parent == "" {
		return "the top level"
	}
	return parent
}
