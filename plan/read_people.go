package plan

import (
	"net/mail"
	"slices"
)

// readPeople reads people: first, as every person reference in the plan is
// checked against it.
func (r *reader) readPeople(o object) []Person {
	items, ok := r.list(o, "people", optional)
	if !ok {
		return nil
	}
	var people []Person
	for i, item := range items {
		path := index("people", i)
		po, ok := r.listObject(path, item, []string{"id", "name", "email", "slack_id", "roles"})
		if !ok {
			continue
		}
		var person Person
		if id, ok := r.str(po, "id", required); ok {
			switch err := checkPersonID(id); {
			case err != nil:
				r.fail(po.fields["id"], at(path, "id"), "%v", err)
			case r.people[id]:
				r.fail(po.fields["id"], at(path, "id"), "person %q is listed twice", id)
			default:
				r.people[id] = true
			}
			person.ID = id
		}
		person.Name, _ = r.text(po, "name", optional)
		if email, ok := r.str(po, "email", optional); ok {
			if addr, err := mail.ParseAddress(email); err != nil || addr.Address != email {
				r.fail(po.fields["email"], at(path, "email"), "%q is not an email address", email)
			}
			person.Email = email
		}
		person.SlackID, _ = r.text(po, "slack_id", optional)
		roles, _ := r.strings(po, "roles", optional)
		for _, role := range roles {
			if !slices.Contains([]string{RoleAdmin, RoleManager, RoleMember}, role.value) {
				r.fail(role.node, role.path, "unknown role %q: want admin, manager or member", role.value)
			}
		}
		person.Roles = values(roles)
		if len(person.Roles) == 0 {
			person.Roles = nil
		}
		people = append(people, person)
	}
	return people
}
