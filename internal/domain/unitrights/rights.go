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

// Rule is one of the rules a write can break.
type Rule int

// The rules, each with what it asks of the writer.
const (
	RuleCreate Rule = iota + 1 // creating needs a manager or an admin
	RuleChange                 // changing needs the right on the unit
	RuleMove                   // moving needs the right on both parents
)

// Refusal says which unit may not be written, and why, in Chinese and in
// English. It is an error.
type Refusal struct {
	Unit string
	Rule Rule
	// From and To are the old and new parents of a refused move ("" the
	// top level); Lacking is the one the writer holds no right on.
	From, To, Lacking string
}

// Error is the refusal in both languages, Chinese first.
func (r *Refusal) Error() string { return r.Chinese() + " " + r.English() }

// English words the refusal in English.
func (r *Refusal) English() string {
	switch r.Rule {
	case RuleCreate:
		return fmt.Sprintf("Unit %s: creating a unit needs the role manager or admin.", r.Unit)
	case RuleMove:
		return fmt.Sprintf("Unit %s: moving it from %s to %s needs the right on both parents; only an admin, or the head of %s or of a unit above it, may place units there.",
			r.Unit, place(r.From, "the top level"), place(r.To, "the top level"), r.Lacking)
	default:
		return fmt.Sprintf("Unit %s: only an admin, or the head of %s or of a unit above it, may change it.", r.Unit, r.Unit)
	}
}

// Chinese words the refusal in Chinese.
func (r *Refusal) Chinese() string {
	switch r.Rule {
	case RuleCreate:
		return fmt.Sprintf("单位 %s：创建单位需要管理员或 manager 角色。", r.Unit)
	case RuleMove:
		return fmt.Sprintf("单位 %s：从 %s 移至 %s 需对新旧上级单位均有权限，仅管理员或 %s 及其上级单位的负责人可以调整。",
			r.Unit, place(r.From, "顶层"), place(r.To, "顶层"), r.Lacking)
	default:
		return fmt.Sprintf("单位 %s：仅管理员、该单位负责人或其上级单位负责人可以修改。", r.Unit)
	}
}

// Check decides whether who may write next, given stored, the unit of the
// same id as it is now (exists false when there is none): nil when they
// may, a Refusal naming the unit when not.
func Check(who Actor, stored Unit, exists bool, next Unit, units Lookup) *Refusal {
	if !exists {
		if who.Admin || who.Manager {
			return nil
		}
		return &Refusal{Unit: next.ID, Rule: RuleCreate}
	}
	if Same(stored, next) {
		return nil
	}
	if !Holds(who, stored.ID, units) {
		return &Refusal{Unit: next.ID, Rule: RuleChange}
	}
	if stored.Parent == next.Parent {
		return nil
	}
	for _, parent := range []string{stored.Parent, next.Parent} {
		if parent != "" && !Holds(who, parent, units) {
			return &Refusal{Unit: next.ID, Rule: RuleMove, From: stored.Parent, To: next.Parent, Lacking: parent}
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

// place names a parent, or the top level for none.
func place(parent, top string) string {
	if parent == "" {
		return top
	}
	return parent
}
