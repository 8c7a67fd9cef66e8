package workflows

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
