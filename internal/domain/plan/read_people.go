package plan

import (
	"net/mail"
	"slices"

	"github.com/closeout/closeout/internal/i18n"
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
		po, ok := r.listObject(path, item, []string{
			"id", "name", "email", "slack_id", "roles", "mobile", "timezone", "quiet_hours", "reminders",
		})
		if !ok {
			continue
		}
		var person Person
		if id, ok := r.str(po, "id", required); ok {
			switch err := checkPersonID(id); {
			case err != nil:
				r.failErr(po.fields["id"], at(path, "id"), err)
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
		r.readContactPrefs(po, &person)
		people = append(people, person)
	}
	return people
}

// readContactPrefs reads how and when a person is told (SPEC section 14):
// a mobile number for robots' @mentions, the timezone their quiet hours are
// read in, the quiet hours, and whether reminders come bundled daily. The
// rules are person_settings.go's, which the API applies too.
func (r *reader) readContactPrefs(po object, person *Person) {
	if mobile, ok := r.str(po, "mobile", optional); ok {
		if err := CheckMobile(mobile); err != nil {
			r.failErr(po.fields["mobile"], at(po.path, "mobile"), err)
		}
		person.Mobile = mobile
	}
	if tz, ok := r.str(po, "timezone", optional); ok {
		err := CheckTimezone(tz)
		if tz == "" {
			err = i18n.Errorf("unknown timezone %q: use an IANA name such as Asia/Shanghai", tz)
		}
		if err != nil {
			r.failErr(po.fields["timezone"], at(po.path, "timezone"), err)
		}
		person.Timezone = tz
	}
	person.QuietHours = r.quietHours(po)
	if reminders, ok := r.str(po, "reminders", optional); ok {
		if err := CheckReminders(reminders); err != nil {
			r.failErr(po.fields["reminders"], at(po.path, "reminders"), err)
		}
		person.Reminders = reminders
	}
}

// quietHours reads a quiet_hours window ("22:00-08:00"), written back in
// its normal form; "" is none.
func (r *reader) quietHours(o object) string {
	s, ok := r.str(o, "quiet_hours", optional)
	if !ok {
		return ""
	}
	w, err := NormalQuietHours(s)
	if err != nil {
		r.failErr(o.fields["quiet_hours"], at(o.path, "quiet_hours"), err)
		return ""
	}
	return w
}
