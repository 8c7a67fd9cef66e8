package api

import (
	"errors"
	"net/http"
	"net/mail"
	"slices"

	"github.com/gin-gonic/gin"

	"github.com/closeout/closeout/internal/app/accounts"
	"github.com/closeout/closeout/internal/i18n"
	"github.com/closeout/closeout/internal/platform/store"
)

// PATCH /people/{id} (SPEC sections 14 and 16): the person themself or an
// admin changes their settings; an admin also changes who they are (name,
// email, Slack id, single sign-on subject), their roles, the units they are
// a member of, and deactivates or reactivates them. A field left out stays
// as it is.

// personPatch is the body of PATCH /people/{id}.
type personPatch struct {
	settingsRequest
	Name        *string   `json:"name"`
	Email       *string   `json:"email"`
	SlackID     *string   `json:"slack_id"`
	OIDCSubject *string   `json:"oidc_subject"`
	Roles       *[]string `json:"roles"`
	Units       *[]string `json:"units"`
	Active      *bool     `json:"active"`
}

// adminFields names the fields only an admin may send.
func (r personPatch) adminFields() []string {
	var out []string
	for _, f := range []struct {
		name  string
		given bool
	}{
		{"name", r.Name != nil}, {"email", r.Email != nil}, {"slack_id", r.SlackID != nil},
		{"oidc_subject", r.OIDCSubject != nil}, {"roles", r.Roles != nil}, {"units", r.Units != nil}, {"active", r.Active != nil},
	} {
		if f.given {
			out = append(out, f.name)
		}
	}
	return out
}

func (r personPatch) settingsGiven() bool {
	return r.Mobile != nil || r.Timezone != nil || r.QuietHours != nil || r.Reminders != nil
}

// maxSubject bounds a single sign-on subject.
const maxSubject = 255

// validate checks the admin's fields; self is whether the caller changes
// their own account (an admin may not deactivate or demote themself: the
// office would be left without the person who can undo it).
func (r personPatch) validate(self bool) []FieldError {
	var errs []FieldError
	if r.Name != nil && *r.Name == "" {
		errs = append(errs, fieldError("name", "must not be empty"))
	}
	if r.Email != nil && *r.Email != "" {
		if a, err := mail.ParseAddress(*r.Email); err != nil || a.Address != *r.Email {
			errs = append(errs, fieldError("email", "must be an address like li@example.gov.cn, or empty"))
		}
	}
	if r.OIDCSubject != nil && len(*r.OIDCSubject) > maxSubject {
		errs = append(errs, fieldError("oidc_subject", "at most %d characters", maxSubject))
	}
	if r.Roles != nil {
		if len(*r.Roles) == 0 {
			errs = append(errs, fieldError("roles", "must hold at least one role"))
		}
		for i, role := range *r.Roles {
			if !slices.Contains(knownRoles, role) {
				errs = append(errs, fieldError(fieldIndex("roles", i), "must be admin, manager or member"))
			}
		}
		if self && !slices.Contains(*r.Roles, store.RoleAdmin) {
			errs = append(errs, fieldError("roles", "an admin cannot take the admin role from themself"))
		}
	}
	if r.Units != nil {
		for i, u := range *r.Units {
			if u == "" {
				errs = append(errs, fieldError(fieldIndex("units", i), "must be a unit id"))
			}
		}
	}
	if self && r.Active != nil && !*r.Active {
		errs = append(errs, fieldError("active", "an admin cannot deactivate themself"))
	}
	return errs
}

func (r personPatch) change() store.AccountChange {
	ch := store.AccountChange{Name: r.Name, Email: r.Email, SlackID: r.SlackID, OIDCSubject: r.OIDCSubject, Active: r.Active}
	if r.Roles != nil {
		ch.Roles = *r.Roles
	}
	if r.Units != nil {
		ch.Units = append([]string{}, *r.Units...)
	}
	return ch
}

// accountAnswer is the answer of PATCH /people/{id}: the person, with their
// account's state and units, and, once they are deactivated, what they
// held and someone must take over.
type accountAnswer struct {
	store.Account
	Handover *store.Handover `json:"handover,omitempty"`
}

// updatePerson serves PATCH /people/{id}.
func (s *Server) updatePerson(c *gin.Context) {
	me, id := caller(c), c.Param("id")
	admin := me.Has(store.RoleAdmin)
	if me.ID != id && !admin {
		c.Error(forbidden("only an admin or the person themself changes their settings"))
		return
	}
	ctx := c.Request.Context()
	p, err := s.store.GetPerson(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		c.Error(notFound("no person %s", id))
		return
	}
	if err != nil {
		c.Error(err)
		return
	}
	var req personPatch
	if !bindJSON(c, &req) {
		return
	}
	byAdmin := req.adminFields()
	if len(byAdmin) > 0 && !admin {
		c.Error(forbidden("only an admin changes %s", byAdmin[0]))
		return
	}
	set, errs := checkSettings(req.over(p.PersonSettings))
	errs = append(errs, req.validate(me.ID == id)...)
	if len(errs) > 0 {
		c.Error(unprocessable("the change is not valid").with(errs...))
		return
	}
	if req.settingsGiven() {
		if _, err := s.store.SetPersonSettings(ctx, id, set); err != nil {
			c.Error(err)
			return
		}
	}
	changed, err := s.people.Change(ctx, id, req.change())
	var unknown *store.UnknownUnitError
	switch {
	case errors.As(err, &unknown):
		c.Error(unprocessable("the change is not valid").with(fieldError("units", "no unit %s", unknown.Unit)))
		return
	case errors.Is(err, store.ErrOIDCSubjectTaken):
		c.Error(conflict("another person already signs in with this oidc_subject"))
		return
	case err != nil:
		c.Error(err)
		return
	}
	c.JSON(http.StatusOK, accountAnswer{Account: changed.Account, Handover: changed.Handover})
}

// handoverRequest is the body of POST /people/{id}/handover.
type handoverRequest struct {
	To     string             `json:"to"`
	Tasks  []accounts.TaskRef `json:"tasks"`
	Reason string             `json:"reason"`
}

// handedTask is one task's outcome in a handover's answer: ok, or the
// refusal as the reassign action gave it (status and detail as its
// problem+json would say).
type handedTask struct {
	Campaign string `json:"campaign"`
	ID       string `json:"id"`
	OK       bool   `json:"ok"`
	Status   int    `json:"status"`
	Detail   string `json:"detail,omitempty"`
}

// handOver serves POST /people/{id}/handover (admin): each open task the
// person owns (or those of tasks named) is reassigned to `to` through the
// reassign action, each under its own rules; the answer lists each task's
// outcome, 200 whatever they were.
func (s *Server) handOver(c *gin.Context) {
	id := c.Param("id")
	var req handoverRequest
	if !bindJSON(c, &req) {
		return
	}
	if len(req.Tasks) > maxHandover {
		c.Error(unprocessable("too many tasks").with(fieldError("tasks", "at most %d a request", maxHandover)))
		return
	}
	ctx := c.Request.Context()
	if _, err := s.store.GetPerson(ctx, id); errors.Is(err, store.ErrNotFound) {
		c.Error(notFound("no person %s", id))
		return
	} else if err != nil {
		c.Error(err)
		return
	}
	handed, err := s.people.HandOver(ctx, accounts.HandOverRequest{From: id, To: req.To, Actor: actorOf(caller(c)),
		Only: req.Tasks, Reason: req.Reason})
	if errors.Is(err, accounts.ErrHandOverTo) {
		c.Error(unprocessable("the handover is not valid").with(FieldError{"to", i18n.TextOf(err)}))
		return
	}
	if err != nil {
		c.Error(err)
		return
	}
	out := make([]handedTask, len(handed))
	for i, h := range handed {
		out[i] = handedTask{Campaign: h.Task.Campaign, ID: h.Task.ID, OK: h.Err == nil, Status: http.StatusOK}
		if h.Err != nil {
			status, detail := refusalOf(h.Err)
			out[i].Status, out[i].Detail = status, detail.In(langOf(c))
			if out[i].Status >= http.StatusInternalServerError {
				s.log.ErrorContext(ctx, "hand a task over", "campaign", h.Task.Campaign, "task", h.Task.ID, "error", h.Err)
			}
		}
	}
	c.JSON(http.StatusOK, gin.H{"items": out})
}

// maxHandover bounds the tasks one handover names: each is a workflow
// update, waited for in turn.
const maxHandover = 500

// refusalOf is the status and detail an action's refusal would be answered
// with (opsProblem); a failure that is not a refusal says no more than that.
func refusalOf(err error) (int, i18n.Text) {
	var p *Problem
	if errors.As(opsProblem(err), &p) {
		return p.Status, p.Detail
	}
	return http.StatusInternalServerError, i18n.T("the task could not be reached; try again")
}
