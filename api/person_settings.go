package api

import (
	"errors"
	"net/http"
	"regexp"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/closeout/closeout/plan"
	"github.com/closeout/closeout/quiethours"
	"github.com/closeout/closeout/store"
)

// What a person chooses about being told (SPEC section 14): set on creation
// (POST /people) or later by the person or an admin (PATCH /people/{id}).

// mobileNumber is what the robots can @mention: digits, with an optional
// leading + for the country code; no spaces or dashes, which DingTalk and
// WeCom do not match.
var mobileNumber = regexp.MustCompile(`^\+?[0-9]{5,20}$`)

// checkSettings checks each setting and returns them as stored: quiet hours
// in their canonical form ("22:00-08:00").
func checkSettings(set store.PersonSettings) (store.PersonSettings, []FieldError) {
	var errs []FieldError
	if set.Mobile != "" && !mobileNumber.MatchString(set.Mobile) {
		errs = append(errs, FieldError{"mobile", "must be digits, with an optional leading + (5 to 20 digits)"})
	}
	if set.Timezone != "" {
		// "Local" is whatever the server runs in: not a person's timezone.
		if _, err := time.LoadLocation(set.Timezone); err != nil || set.Timezone == "Local" {
			errs = append(errs, FieldError{"timezone", "must be an IANA timezone name, such as Asia/Shanghai"})
		}
	}
	if w, err := quiethours.Parse(set.QuietHours); err != nil {
		errs = append(errs, FieldError{"quiet_hours", err.Error()})
	} else {
		set.QuietHours = w.String()
	}
	if set.Reminders != "" && set.Reminders != plan.RemindersDaily {
		errs = append(errs, FieldError{"reminders", `must be "" (each reminder as it comes) or "daily"`})
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
