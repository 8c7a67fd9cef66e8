package plan

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// readUnits reads units: after people, whom they name, and before the
// tracks, whose owners, approvers, assist lists and dispatches name them.
// Parents are checked once every unit is read, as a unit may come before
// its parent.
func (r *reader) readUnits(o object) []Unit {
	items, ok := r.list(o, "units", optional)
	if !ok {
		return nil
	}
	var units []Unit
	parents := map[string]stringAt{} // unit id -> its parent field
	for i, item := range items {
		path := index("units", i)
		uo, ok := r.listObject(path, item, []string{"id", "name", "parent", "class", "head", "contacts", "members"})
		if !ok {
			continue
		}
		var u Unit
		idOK := false
		if id, ok := r.str(uo, "id", required); ok {
			switch err := checkItemID("unit", id); {
			case err != nil:
				r.failErr(uo.fields["id"], at(path, "id"), err)
			case r.unitIDs[id]:
				r.fail(uo.fields["id"], at(path, "id"), "unit %q is listed twice", id)
			default:
				r.unitIDs[id], idOK = true, true
			}
			u.ID = id
		}
		u.Name, _ = r.text(uo, "name", required)
		if parent, ok := r.str(uo, "parent", optional); ok {
			u.Parent = parent
			if idOK {
				parents[u.ID] = stringAt{value: parent, path: at(path, "parent"), node: uo.fields["parent"]}
			}
		}
		u.Class = r.unitClass(uo)
		u.Head, _ = r.personRef(uo, "head", optional)
		u.Contacts = r.personList(uo, "contacts")
		u.Members = r.personList(uo, "members")
		units = append(units, u)
	}
	r.childUnits = childUnits(units)
	r.checkUnitParents(units, parents)
	return units
}

// personList reads an optional list of person ids.
func (r *reader) personList(o object, key string) []string {
	items, _ := r.strings(o, key, optional)
	var out []string
	for _, item := range items {
		if r.checkPerson(item.node, item.path, item.value) {
			out = append(out, item.value)
		}
	}
	return out
}

// checkUnitParents checks that every parent is a known unit and that the
// plan's parents make a tree. A cycle is reported once, at the parent field
// of its first unit in plan order, with the whole chain. Each unit is walked
// over once, so that a plan of many units costs no more than it is long.
func (r *reader) checkUnitParents(units []Unit, parents map[string]stringAt) {
	for _, u := range units {
		p, ok := parents[u.ID]
		if !ok {
			continue
		}
		switch {
		case p.value == u.ID:
			r.fail(p.node, p.path, "a unit cannot be its own parent")
		case !r.knownUnit(p.value):
			r.fail(p.node, p.path, "unknown unit %q: list it under units: or create it first", p.value)
		}
	}
	order := map[string]int{}
	for i, u := range units {
		if _, ok := order[u.ID]; !ok {
			order[u.ID] = i
		}
	}
	walked := map[string]int{} // unit id -> the walk that reached it (1-based)
	for i, u := range units {
		walk := i + 1
		var path []string
		for id := u.ID; ; {
			if w := walked[id]; w != 0 {
				if w == walk {
					r.reportCycle(path[slices.Index(path, id):], parents, order)
				}
				break
			}
			walked[id] = walk
			path = append(path, id)
			p, ok := parents[id]
			if !ok || p.value == id {
				break // a root, or a self-parent reported above
			}
			id = p.value
		}
	}
}

// reportCycle reports the units of a cycle at its first unit's parent,
// with the chain from that unit back to itself ("a → b → a").
func (r *reader) reportCycle(cycle []string, parents map[string]stringAt, order map[string]int) {
	first := 0
	for i, id := range cycle {
		if order[id] < order[cycle[first]] {
			first = i
		}
	}
	chain := append(slices.Clone(cycle[first:]), cycle[:first]...)
	chain = append(chain, chain[0])
	p := parents[chain[0]]
	r.fail(p.node, p.path, "units cannot be their own ancestors: %s", strings.Join(chain, " → "))
}

// childUnits maps each unit to the plan's units whose parent it is, in plan
// order, for children:UNIT.
func childUnits(units []Unit) map[string][]string {
	out := map[string][]string{}
	seen := map[string]bool{} // a unit listed twice (reported) counts once
	for _, u := range units {
		if u.Parent != "" && u.ID != "" && !seen[u.ID] {
			out[u.Parent] = append(out[u.Parent], u.ID)
		}
		seen[u.ID] = true
	}
	return out
}

// maxClassRunes bounds a unit's class, a short name such as 省直部门.
const maxClassRunes = 50

// unitClass reads a unit's optional class, trimmed.
func (r *reader) unitClass(uo object) string {
	class, ok := r.text(uo, "class", optional)
	if !ok {
		return ""
	}
	class = strings.TrimSpace(class)
	if utf8.RuneCountInString(class) > maxClassRunes {
		r.fail(uo.fields["class"], at(uo.path, "class"), "must be at most %d characters", maxClassRunes)
		return ""
	}
	return class
}
