package plan

import (
	"slices"
	"strings"

	"github.com/closeout/closeout/internal/i18n"
)

// childID is a dispatched child's id with where its unit was named, checked
// against every task id once all are known (a later task may take it).
type childID struct {
	id   string
	unit stringAt
}

// readDispatch reads a task's dispatch and makes its children, one per
// unit, due the offset before the task's own deadline. It runs once the
// rest of the task is read, as the children copy it.
func (r *reader) readDispatch(o object, t *Task) {
	do, ok := r.object(at(o.path, "dispatch"), o.fields["dispatch"], []string{"to", "deadline"})
	if !ok {
		return
	}
	d := &Dispatch{}
	targets := r.readDispatchTargets(do, d)
	before, okBefore := r.dispatchOffset(do)
	d.Before = before
	t.Dispatch = d
	if !okBefore || len(targets) == 0 || t.ID == "" || t.Deadline.IsZero() || r.cal == nil {
		return // nothing to dispatch, or what it needs has been reported
	}
	deadline, err := childDeadline(t.Deadline, before, r.loc, r.cal)
	if err != nil {
		r.fail(do.fields["deadline"], at(do.path, "deadline"), "the children's deadline: %v", err)
		return
	}
	for _, target := range targets {
		if r.dispatched == maxDispatched {
			r.fail(target.node, target.path, "too many dispatched tasks: a plan makes at most %d", maxDispatched)
			return
		}
		c := child(*t, target.value, deadline)
		if err := checkItemID("task", c.ID); err != nil {
			r.fail(target.node, target.path, "the child task's id: %v", err)
			continue
		}
		r.dispatched++
		r.children = append(r.children, childID{id: c.ID, unit: target})
		t.Children = append(t.Children, c)
	}
}

// readDispatchTargets reads "to": children:UNIT, or a list of unit:ID. It
// returns each unit with where the plan named it: the list entry, or the
// children:UNIT string for each of UNIT's children.
func (r *reader) readDispatchTargets(do object, d *Dispatch) []stringAt {
	n, ok := r.get(do, "to", required)
	if !ok {
		return nil
	}
	path := at(do.path, "to")
	switch n.kind {
	case kindString:
		unit, ok := strings.CutPrefix(n.text, childrenPrefix)
		if !ok {
			r.fail(n, path, "%q: want children:UNIT or a list of unit:ID", n.text)
			return nil
		}
		d.ChildrenOf = unit
		if !r.checkUnit(n, path, unit) {
			return nil
		}
		d.Units = slices.Clone(r.childUnits[unit])
		if len(d.Units) == 0 {
			r.fail(n, path, "unit %q has no child units in the plan: nothing to dispatch to", unit)
		}
		var targets []stringAt
		for _, u := range d.Units {
			targets = append(targets, stringAt{value: u, path: path, node: n})
		}
		return targets
	case kindList:
		items, _ := r.strings(do, "to", required)
		if len(n.items) == 0 {
			r.fail(n, path, "must name at least one unit")
		}
		var targets []stringAt
		for _, item := range items {
			unit, ok := unitOf(item.value)
			if !ok {
				r.fail(item.node, item.path, "%q is not a unit: write unit:ID", item.value)
				continue
			}
			if r.checkUnit(item.node, item.path, unit) {
				d.Units = append(d.Units, unit)
				targets = append(targets, stringAt{value: unit, path: item.path, node: item.node})
			}
		}
		return targets
	}
	r.expected(n, path, i18n.T("children:UNIT or a list of unit:ID"))
	return nil
}

// dispatchOffset reads dispatch.deadline: how long before the parent's own
// deadline the children are due, written as a negative duration (-5wd,
// -3d, -12h) or zero; absent is zero.
func (r *reader) dispatchOffset(do object) (Duration, bool) {
	s, ok := r.str(do, "deadline", optional)
	if !ok {
		return Duration{}, do.absent("deadline")
	}
	n, path := do.fields["deadline"], at(do.path, "deadline")
	rest, negative := strings.CutPrefix(s, "-")
	d, err := ParseDuration(rest)
	switch {
	case err != nil:
		r.fail(n, path, "invalid offset %q: want how long before the parent's deadline the children are due, such as -5wd, -3d or -12h", s)
	case !negative && !d.IsZero():
		r.fail(n, path, "must be zero or negative: children are due on or before their parent's deadline (write -%s)", d)
	default:
		return d, true
	}
	return Duration{}, false
}

// checkChildIDs checks the dispatched children's ids against every task id
// and each other, once all tasks are read.
func (r *reader) checkChildIDs() {
	for _, c := range r.children {
		if r.taskIDs[c.id] {
			r.fail(c.unit.node, c.unit.path, "the task dispatched to unit %s would be %q, which is already a task id", c.unit.value, c.id)
			continue
		}
		r.taskIDs[c.id] = true
	}
}
