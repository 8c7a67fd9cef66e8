package task

// Standin is a person the actor substitutes for (SPEC section 14): while the
// window lasts the actor may take every action this person may, and events
// record the person as on_behalf_of.
type Standin struct {
	ID    string   `json:"id"`
	Units []string `json:"units,omitempty"`
}

// OnBehalfOf is the person the actor stands in for when they hold a role
// given to holder only through a substitution, or "" when they hold it
// themselves (or not at all). Holding in person wins: an owner who also
// substitutes for the approver still acts as themself.
func (a Actor) OnBehalfOf(holder string) string {
	if holder == "" || a.holdsInPerson(holder) {
		return ""
	}
	for _, f := range a.For {
		if holds(f.ID, f.Units, holder) {
			return f.ID
		}
	}
	return ""
}

// actingFor is how the actor held the role given to holder: the person they
// stood in for ("" in person) and the unit they acted for ("" for a role
// given to a person). A substitute for a unit's member acts for the unit as
// that member would.
func actingFor(a Actor, holder string) (onBehalfOf, unit string) {
	if unit := a.As(holder); unit != "" {
		return "", unit
	}
	onBehalfOf = a.OnBehalfOf(holder)
	if u, ok := UnitOf(holder); ok && onBehalfOf != "" {
		unit = u
	}
	return onBehalfOf, unit
}

// standingFor is the person the actor stood in for to take an action any of
// holders may take: "" when they hold one of them in person, else the
// person behind the first one they hold through a substitution.
func standingFor(a Actor, holders ...string) string {
	for _, h := range holders {
		if a.holdsInPerson(h) {
			return ""
		}
	}
	for _, h := range holders {
		if p := a.OnBehalfOf(h); p != "" {
			return p
		}
	}
	return ""
}
