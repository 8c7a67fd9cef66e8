package task

import (
	"slices"
	"strings"
)

// UnitPrefix marks a unit where a task takes a person id (owner, assist,
// approvers, supervisor): "unit:hn-haikou". Every member of the unit may act
// in that role; notifications to it go to its contacts (SPEC section 10).
const UnitPrefix = "unit:"

// UnitRef is the role holder for unit id.
func UnitRef(id string) string { return UnitPrefix + id }

// UnitOf returns the unit id of a role holder, and whether it is a unit.
func UnitOf(holder string) (string, bool) {
	id, ok := strings.CutPrefix(holder, UnitPrefix)
	return id, ok && id != ""
}

// Holds reports whether the actor holds a role given to holder: the person
// themself, or a member of the unit. Membership is resolved by the API when
// the request is made (Actor.Units), so the rules stay deterministic and the
// workflow reads no database.
func (a Actor) Holds(holder string) bool {
	return a.holdsInPerson(holder) || a.OnBehalfOf(holder) != ""
}

// holdsInPerson: the actor, or one of their units, is the holder.
func (a Actor) holdsInPerson(holder string) bool {
	return holds(a.ID, a.Units, holder)
}

func holds(id string, units []string, holder string) bool {
	if holder == "" {
		return false
	}
	if id == holder {
		return true
	}
	unit, ok := UnitOf(holder)
	return ok && slices.Contains(units, unit)
}

// As is the unit the actor acted for when holder is a unit they belong to,
// or "" when they acted in person. Events record it beside the actor.
func (a Actor) As(holder string) string {
	if unit, ok := UnitOf(holder); ok && a.ID != holder && a.holdsInPerson(holder) {
		return unit
	}
	return ""
}

// assisting is the assist entry (a unit or a person) the actor holds, or "":
// one they hold in person before one they hold as someone's substitute.
func (s *State) assisting(a Actor) string {
	for _, holder := range s.Spec.Assist {
		if a.holdsInPerson(holder) {
			return holder
		}
	}
	for _, holder := range s.Spec.Assist {
		if a.Holds(holder) {
			return holder
		}
	}
	return ""
}

// actedAs records in an event's data the unit the actor acted for, and
// returns the person they stood in for, if any (the event's OnBehalfOf).
func actedAs(data map[string]any, a Actor, holder string) string {
	onBehalfOf, unit := actingFor(a, holder)
	setUnit(data, unit)
	return onBehalfOf
}

func setUnit(data map[string]any, unit string) {
	if unit != "" {
		data["unit"] = unit
	}
}
