package api

import (
	"github.com/closeout/closeout/internal/domain/plan"
	"github.com/closeout/closeout/internal/i18n"
	"github.com/closeout/closeout/internal/platform/store"
)

// What a person chooses about being told (SPEC section 14): set on creation
// (POST /people) or later by the person or an admin (PATCH /people/{id}).

// checkSettings checks each setting by the rules plans follow too
// (internal/domain/plan/person_settings.go) and returns them as stored: quiet hours in
// their normal form ("22:00-08:00").
func checkSettings(set store.PersonSettings) (store.PersonSettings, []FieldError) {
	q, qerr := plan.NormalQuietHours(set.QuietHours)
	if qerr == nil {
		set.QuietHours = q
	}
	var errs []FieldError
	for _, c := range []struct {
		field string
		err   error
	}{
		{"mobile", plan.CheckMobile(set.Mobile)},
		{"timezone", plan.CheckTimezone(set.Timezone)},
		{"quiet_hours", qerr},
		{"reminders", plan.CheckReminders(set.Reminders)},
	} {
		if c.err != nil {
			errs = append(errs, FieldError{c.field, i18n.TextOf(c.err)})
		}
	}
	return set, errs
}

// settingsRequest is PATCH /people/{id}: each field given replaces that
// setting ("" clears it); a field left out stays as it is.
type settingsRequest struct {
	Mobile     *string `json:"mobile"`
	Timezone   *string `json:"timezone"`
	QuietHours *string `json:"quiet_hours"`
	Reminders  *string `json:"reminders"`
}

func (r settingsRequest) over(set store.PersonSettings) store.PersonSettings {
	for _, f := range []struct {
		from *string
		to   *string
	}{{r.Mobile, &set.Mobile}, {r.Timezone, &set.Timezone}, {r.QuietHours, &set.QuietHours}, {r.Reminders, &set.Reminders}} {
		if f.from != nil {
			*f.to = *f.from
		}
	}
	return set
}
