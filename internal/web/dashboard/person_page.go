package dashboard

import (
	"errors"
	"net/http"
	"slices"
	"strings"
	"unicode"

	"github.com/gin-gonic/gin"

	"github.com/closeout/closeout/internal/app/accounts"
	"github.com/closeout/closeout/internal/app/taskops"
	"github.com/closeout/closeout/internal/domain/task"
	"github.com/closeout/closeout/internal/platform/store"
)

// One person, /people/{id} (admin): their account, the edit form, a new
// invitation link, deactivation, and, once deactivated, what they held
// with the handover form; after a handover, each task's outcome.

// personForm is the edit form, as stored or as sent.
type personForm struct {
	Name, Email, Mobile, SlackID string
	Roles                        []string
	Units                        string // unit ids, separated by spaces or commas
}

// Checked says which roles the form ticks.
func (f personForm) Checked() map[string]bool { return roleSet(f.Roles) }

// handedView is one task's outcome of a handover: ok, or the refusal in
// the reader's language with the rules' own words.
type handedView struct {
	Campaign, ID string
	OK           bool
	Reason       string
}

type personPageData struct {
	page
	Person   store.Account
	Form     personForm
	Roles    []string
	Problems map[string]string
	Invited  *invitationView
	Handover *store.Handover
	// Choices are the handover's "to" suggestions: active people but this one.
	Choices []ownerChoice
	Handed  []handedView
}

func formOf(a store.Account) personForm {
	return personForm{Name: a.Name, Email: a.Email, Mobile: a.Mobile, SlackID: a.SlackID, Roles: a.Roles,
		Units: strings.Join(a.Units, " ")}
}

// unitIDs reads a list of unit ids typed with spaces or commas between,
// sorted, each once.
func unitIDs(s string) []string {
	ids := strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '，' || r == '、' || unicode.IsSpace(r) })
	slices.Sort(ids)
	return slices.Compact(ids)
}

// show serves GET /people/{id}.
func (pp *peoplePages) show(c *gin.Context) {
	data, ok := pp.personPage(c)
	if !ok {
		return
	}
	switch c.Query("done") {
	case "saved":
		data.Flash = "people.done.saved"
	case "deactivated":
		data.Flash = "people.done.deactivated"
	case "reactivated":
		data.Flash = "people.done.reactivated"
	}
	pp.d.render(c, http.StatusOK, "person", data)
}

// personPage reads the person of the path and what the page shows of
// them; ok is false when it answered itself (404, 500).
func (pp *peoplePages) personPage(c *gin.Context) (*personPageData, bool) {
	ctx := c.Request.Context()
	a, err := pp.store.GetAccount(ctx, c.Param("id"))
	if errors.Is(err, store.ErrNotFound) {
		pp.d.errorPage(c, http.StatusNotFound, "error.noperson")
		return nil, false
	}
	if err != nil {
		pp.d.fail(c, err)
		return nil, false
	}
	data := &personPageData{page: pp.d.basePage(c, "person.title"), Person: a, Form: formOf(a), Roles: knownRoles,
		Problems: map[string]string{}}
	data.Title = displayName(a.Person)
	if !a.Active {
		h, err := pp.store.HandoverOf(ctx, a.ID)
		if err != nil {
			pp.d.fail(c, err)
			return nil, false
		}
		data.Handover = &h
		active := true
		people, _, err := pp.store.ListAccounts(ctx, store.PeopleFilter{Active: &active, Limit: store.MaxPeoplePage})
		if err != nil {
			pp.d.fail(c, err)
			return nil, false
		}
		for _, p := range people {
			if p.ID != a.ID {
				data.Choices = append(data.Choices, ownerChoice{ID: p.ID, Name: displayName(p.Person)})
			}
		}
	}
	return data, true
}

// save serves POST /people/{id}: the admin's change of the person's
// record, roles and units, then back to the page (303).
func (pp *peoplePages) save(c *gin.Context) {
	form := personForm{Name: strings.TrimSpace(c.PostForm("name")), Email: strings.TrimSpace(c.PostForm("email")),
		Mobile: strings.TrimSpace(c.PostForm("mobile")), SlackID: strings.TrimSpace(c.PostForm("slack_id")),
		Roles: c.PostFormArray("roles"), Units: c.PostForm("units")}
	roles := form.Roles
	if roles == nil {
		roles = []string{}
	}
	change := store.AccountChange{Name: &form.Name, Email: &form.Email, Mobile: &form.Mobile, SlackID: &form.SlackID,
		Roles: roles}
	// The units field lists the units the person belongs to in any way
	// (member, contact, head); it becomes their memberships only when it
	// was changed, so saving a name does not make a unit's head its member.
	if units := unitIDs(form.Units); !slices.Equal(units, unitIDs(c.PostForm("units_before"))) {
		change.Units = append([]string{}, units...)
	}
	id := c.Param("id")
	problems := accounts.CheckChange(change, id == me(c).ID)
	if len(problems) == 0 {
		_, err := pp.people.Change(c.Request.Context(), id, change)
		var unknown *store.UnknownUnitError
		switch {
		case errors.As(err, &unknown):
			problems = append(problems, accounts.FieldProblem{Field: "units", Code: "unknownunit"})
		case errors.Is(err, store.ErrNotFound):
			pp.d.errorPage(c, http.StatusNotFound, "error.noperson")
			return
		case err != nil:
			pp.d.fail(c, err)
			return
		default:
			c.Redirect(http.StatusSeeOther, "/people/"+id+"?done=saved")
			return
		}
	}
	data, ok := pp.personPage(c)
	if !ok {
		return
	}
	data.Form, data.Problems = form, problemTexts(data.L, problems)
	data.Error = data.L.T("people.err.form")
	pp.d.render(c, http.StatusUnprocessableEntity, "person", data)
}

// reinvite serves POST /people/{id}/invitation: a new link (a reset),
// shown in this answer only.
func (pp *peoplePages) reinvite(c *gin.Context) {
	inv, ok := pp.invite(c, c.Param("id"))
	if !ok {
		return
	}
	data, ok := pp.personPage(c)
	if !ok {
		return
	}
	data.Invited, data.Flash = inv, "people.done.invited"
	allowCopyScript(c, true)
	pp.d.render(c, http.StatusCreated, "person", data)
}

// deactivate serves POST /people/{id}/deactivate: the person's tokens and
// sessions end; the page then lists what they held.
func (pp *peoplePages) deactivate(c *gin.Context) {
	id := c.Param("id")
	off := false
	change := store.AccountChange{Active: &off}
	if problems := accounts.CheckChange(change, id == me(c).ID); len(problems) > 0 {
		pp.d.errorPage(c, http.StatusUnprocessableEntity, "people.err."+problems[0].Code)
		return
	}
	_, err := pp.people.Change(c.Request.Context(), id, change)
	if errors.Is(err, store.ErrNotFound) {
		pp.d.errorPage(c, http.StatusNotFound, "error.noperson")
		return
	}
	if err != nil {
		pp.d.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/people/"+id+"?done=deactivated")
}

// reactivate serves POST /people/{id}/reactivate: the person may sign in
// again (with a new invitation link: their tokens and sessions ended).
func (pp *peoplePages) reactivate(c *gin.Context) {
	id, on := c.Param("id"), true
	_, err := pp.people.Change(c.Request.Context(), id, store.AccountChange{Active: &on})
	if errors.Is(err, store.ErrNotFound) {
		pp.d.errorPage(c, http.StatusNotFound, "error.noperson")
		return
	}
	if err != nil {
		pp.d.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/people/"+id+"?done=reactivated")
}

// handOver serves POST /people/{id}/handover: the tasks ticked (each
// "campaign/id") go to the person named, each through the reassign action
// under its own rules; the page shows each one's outcome.
func (pp *peoplePages) handOver(c *gin.Context) {
	ctx := c.Request.Context()
	var only []accounts.TaskRef
	for _, v := range c.PostFormArray("task") {
		campaign, id, ok := strings.Cut(v, "/")
		if ok {
			only = append(only, accounts.TaskRef{Campaign: campaign, ID: id})
		}
	}
	l := langOf(c)
	to := strings.TrimSpace(c.PostForm("to"))
	var handed []accounts.Handed
	var err error
	if len(only) > 0 {
		actor, aerr := pp.d.actorFor(ctx, me(c))
		if aerr != nil {
			pp.d.fail(c, aerr)
			return
		}
		handed, err = pp.people.HandOver(ctx, accounts.HandOverRequest{From: c.Param("id"), To: to, Actor: actor, Only: only})
	}
	data, ok := pp.personPage(c)
	if !ok {
		return
	}
	switch {
	case len(only) == 0:
		data.Error = l.T("people.err.notasks")
		pp.d.render(c, http.StatusUnprocessableEntity, "person", data)
		return
	case errors.Is(err, accounts.ErrHandOverTo):
		data.Error = l.T("people.err.handoverto")
		pp.d.render(c, http.StatusUnprocessableEntity, "person", data)
		return
	case err != nil:
		pp.d.fail(c, err)
		return
	}
	for _, h := range handed {
		data.Handed = append(data.Handed, handedView{Campaign: h.Task.Campaign, ID: h.Task.ID, OK: h.Err == nil,
			Reason: handoverRefusal(l, h.Err)})
		if h.Err != nil && refusalKey(h.Err) == "" {
			pp.d.log.ErrorContext(ctx, "hand a task over", "campaign", h.Task.Campaign, "task", h.Task.ID, "error", h.Err)
		}
	}
	data.Flash = "people.done.handover"
	pp.d.render(c, http.StatusOK, "person", data)
}

// refusalKey is the message key introducing a task's refusal, "" for a
// failure that is not one.
func refusalKey(err error) string {
	var re *task.RuleError
	switch {
	case errors.As(err, &re):
		return refusedKeys[re.Outcome()]
	case errors.Is(err, taskops.ErrNotFound):
		return "error.notask"
	case errors.Is(err, taskops.ErrFinished):
		return "refused.finished"
	}
	return ""
}

// handoverRefusal words why a task was not handed over ("" when it was):
// the rules' own words where they refused, never a failure's detail.
func handoverRefusal(l lang, err error) string {
	if err == nil {
		return ""
	}
	var re *task.RuleError
	if errors.As(err, &re) {
		return l.T(refusalKey(err)) + " " + re.Error()
	}
	if key := refusalKey(err); key != "" {
		return l.T(key)
	}
	return l.T("error.internal")
}
