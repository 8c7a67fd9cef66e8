package plan

import (
	"encoding/json"
	"slices"
	"time"

	"github.com/closeout/closeout/internal/domain/calendar"
)

// Dispatch hands a task down to units (SPEC section 10): one child task per
// unit, owned by the unit, supervised and signed off by the task's owner,
// due Before the task's own deadline.
type Dispatch struct {
	// ChildrenOf is the unit of "to: children:UNIT", empty when the plan
	// listed the units.
	ChildrenOf string
	// Units are the units dispatched to, in order: for children:UNIT every
	// plan unit whose parent is UNIT, in plan order.
	Units []string
	// Before is how long before the parent's own deadline the children are
	// due; the plan writes it negative (-5wd). Zero: the same deadline.
	Before Duration
}

// childrenPrefix introduces the unit whose children a dispatch goes to.
const childrenPrefix = "children:"

// maxDispatched bounds the children of one plan, so that a short document
// cannot make millions of tasks.
const maxDispatched = 50_000

// MarshalJSON writes the plan form, as it was written: "to" is
// "children:UNIT" or the list of unit:ID; "deadline" is left out when zero.
func (d Dispatch) MarshalJSON() ([]byte, error) {
	var out struct {
		To       any    `json:"to"`
		Deadline string `json:"deadline,omitempty"`
	}
	if d.ChildrenOf != "" {
		out.To = childrenPrefix + d.ChildrenOf
	} else {
		refs := make([]string, len(d.Units))
		for i, u := range d.Units {
			refs[i] = UnitRef(u)
		}
		out.To = refs
	}
	if !d.Before.IsZero() {
		out.Deadline = "-" + d.Before.String()
	}
	return json.Marshal(out)
}

// ChildID is the id of the task dispatched from parent to unit:
// "T01.hn-haikou".
func ChildID(parent, unit string) string { return parent + "." + unit }

// ChildIDs are the ids of the task's dispatched children, in plan order; a
// parent's workflow starts out knowing them as its children. Nil when the
// task dispatches nothing (task.Spec leaves the field out then).
func (t Task) ChildIDs() []string {
	var ids []string
	for _, c := range t.Children {
		ids = append(ids, c.ID)
	}
	return ids
}

// childDeadline is the parent's own deadline moved back by before on the
// campaign calendar (the same shift as ResolvePolicy's), failing when the
// calendar has no data for the day it lands on. A date-only deadline stays
// date-only unless the shift has a clock part.
func childDeadline(parent Moment, before Duration, loc *time.Location, cal calendar.Calendar) (Moment, error) {
	if before.IsZero() {
		return parent, nil
	}
	t, err := shift(parent.Time.In(loc), before, -1, cal)
	if err != nil {
		return Moment{}, err
	}
	m := Moment{Time: t, Date: calendar.DateOf(t), DateOnly: parent.DateOnly && before.Clock == 0}
	if _, err := cal.IsWorkday(m.Date); err != nil {
		return Moment{}, err
	}
	return m, nil
}

// child is the task dispatched from parent to unit, due at deadline: the
// parent's title, track, phases and indicators (without targets: the
// target is the parent's), owned by the unit, supervised and signed off by
// the parent's owner, and not flagged, whatever the parent.
func child(parent Task, unit string, deadline Moment) Task {
	return Task{
		ID:         ChildID(parent.ID, unit),
		Title:      parent.Title,
		Track:      parent.Track,
		Owner:      UnitRef(unit),
		Supervisor: parent.Owner,
		Leader:     parent.Leader,
		Deadline:   deadline,
		Approvers:  []string{parent.Owner},
		Phases:     slices.Clone(parent.Phases),
		Indicators: withoutTargets(parent.Indicators),
		Parent:     parent.ID,
	}
}

// DispatchTo builds the child of a dispatched task for a unit added later,
// exactly as the import would have: unitID must be a unit of the plan or
// one ParseOptions.UnitExists knows, and not dispatched to already. It does
// not change p: the plan stays as imported (its canonical form never holds
// children), and the caller creates the child's workflow. Errors are a
// *ValidationError on the fields "parent" and "unit".
func (p *Plan) DispatchTo(parentID, unitID string) (Task, error) {
	fail := func(field, format string, args ...any) (Task, error) {
		var d decoder
		d.fail(nil, field, format, args...)
		return Task{}, d.err()
	}
	parent, ok := p.Task(parentID)
	switch {
	case !ok:
		return fail("parent", "unknown task %q", parentID)
	case parent.Dispatch == nil:
		return fail("parent", "task %q is not dispatched: only a task with dispatch hands work down to units", parentID)
	}
	if err := checkItemID("unit", unitID); err != nil {
		return fail("unit", "%v", err)
	}
	if _, inPlan := p.Unit(unitID); !inPlan && (p.unitExists == nil || !p.unitExists(unitID)) {
		return fail("unit", "unknown unit %q", unitID)
	}
	id := ChildID(parentID, unitID)
	if err := checkItemID("task", id); err != nil {
		return fail("unit", "the child's id: %v", err)
	}
	if _, exists := p.Task(id); exists {
		return fail("unit", "task %q already exists: unit %s has its part of %s, or another task has that id", id, unitID, parentID)
	}
	deadline, err := childDeadline(parent.Deadline, parent.Dispatch.Before, p.location, p.calendar)
	if err != nil {
		return fail("unit", "the child's deadline: %v", err)
	}
	return child(parent, unitID, deadline), nil
}
