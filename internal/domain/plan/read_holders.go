package plan

import "strings"

// unitPrefix marks a unit where a task takes a person (owner, approvers,
// assist): "unit:hn-haikou". It is workflows.UnitPrefix, written out here so
// that the plan package does not depend on the workflows.
const unitPrefix = "unit:"

// UnitRef is how a plan names unit id where it takes a person: "unit:id".
func UnitRef(id string) string { return unitPrefix + id }

// unitOf returns the unit id a role holder names, and whether it names one.
func unitOf(holder string) (string, bool) {
	return strings.CutPrefix(holder, unitPrefix)
}

// holderRef reads the holder of a role a unit may hold too: a person id or
// unit:ID.
func (r *reader) holderRef(o object, key string, req need) (string, bool) {
	s, ok := r.str(o, key, req)
	if !ok {
		return "", false
	}
	return s, r.checkHolder(o.fields[key], at(o.path, key), s)
}

func (r *reader) checkHolder(n *node, path, holder string) bool {
	if id, ok := unitOf(holder); ok {
		return r.checkUnit(n, path, id)
	}
	return r.checkPerson(n, path, holder)
}

// checkUnit checks a unit id a task names: one of the plan's units, or one
// known outside it (ParseOptions.UnitExists).
func (r *reader) checkUnit(n *node, path, id string) bool {
	if err := checkItemID("unit", id); err != nil {
		r.failErr(n, path, err)
		return false
	}
	if !r.knownUnit(id) {
		r.fail(n, path, "unknown unit %q: list it under units: or create it first", id)
		return false
	}
	return true
}

// readAssist reads the cooperating units and people. The owner is not one
// of them: they are accountable, not assisting.
func (r *reader) readAssist(o object, owner string) []string {
	items, _ := r.strings(o, "assist", optional)
	var out []string
	for _, item := range items {
		switch {
		case item.value == owner && owner != "":
			r.fail(item.node, item.path, "%q owns the task: the owner does not assist", item.value)
		case r.checkHolder(item.node, item.path, item.value):
			out = append(out, item.value)
		}
	}
	return out
}
