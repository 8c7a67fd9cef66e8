package api

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/closeout/closeout/internal/domain/plan"
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
			errs = append(errs, FieldError{c.field, c.err.Error()})
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

// updatePerson serves PATCH /people/{id}: the person themself or an admin
// changes their settings; the answer is the person.
func (s *Server) updatePerson(c *gin.Context) {
	me, id := caller(c), c.Param("id")
	if me.ID != id && !me.Has(store.RoleAdmin) {
		c.Error(forbidden("only an admin or the person themself changes their settings"))
		return
	}
	ctx := c.Request.Context()
	p, err := s.store.GetPerson(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		c.Error(notFound("no person " + id))
		return
	}
	if err != nil {
		c.Error(err)
		return
	}
	var req settingsRequest
	if !bindJSON(c, &req) {
		return
	}
	set, errs := checkSettings(req.over(p.PersonSettings))
	if len(errs) > 0 {
		c.Error(unprocessable("the settings are not valid", errs...))
		return
	}
	p, err = s.store.SetPersonSettings(ctx, id, set)
	if err != nil {
		c.Error(err)
		return
	}
	c.JSON(http.StatusOK, p)
}
